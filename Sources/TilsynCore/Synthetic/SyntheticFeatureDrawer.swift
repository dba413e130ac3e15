import Foundation

/// Draws one unit's features as of one day (everything except the inspection record, see
/// ``SyntheticRecord``). Counts over a window are Poisson draws around the unit's rates; shares are
/// rounded to three decimals and indices to one, so CSV output is short and reads back exactly.
struct SyntheticFeatureDrawer {
    let population: SyntheticPopulation

    /// Missing shares designed into the data (row level; distress and ergonomics are unit level).
    static let sickLeaveMissing = 0.05
    static let turnoverMissing = 0.04

    @inline(__always) private static func round3(_ v: Double) -> Double { (v * 1000).rounded() / 1000 }
    @inline(__always) private static func round1(_ v: Double) -> Double { (v * 10).rounded() / 10 }
    @inline(__always) private static func share(_ v: Double) -> Double { round3(min(1, max(0, v))) }
    @inline(__always) private static func logistic(_ v: Double) -> Double { 1 / (1 + exp(-v)) }

    /// Calendar-year drift: accident reporting falls slowly; unemployment follows the business cycle.
    private static func injuryYearFactor(_ year: Int) -> Double { max(0.7, 1 - 0.015 * Double(year - 2021)) }
    private static let unemploymentByYear: [Double] = [
        1.25, 1.15, 1.0, 0.95, 1.2, 1.05, 0.8, 0.85, 0.9, 0.95, 1.0,
    ]
    private static func unemploymentYearFactor(_ year: Int) -> Double {
        let i = year - 2016
        return i >= 0 && i < unemploymentByYear.count ? unemploymentByYear[i] : 1
    }

    /// Writes row `r` of `columns` and returns the company age in whole years.
    func draw(unit u: Int, day: Int, row r: Int, into columns: inout [[Double]], rng: inout SeededRandom) -> Double {
        typealias F = SyntheticTruthModel.F
        let p = population
        let profile = SyntheticCatalog.industries[p.industry[u]]
        let a = profile.archetype
        let employees = p.employees[u]
        let z = p.z[u]
        let w = p.w[u]
        let year = civilFromDays(day).year
        let age = max(0, (Double(day - p.founded[u]) / 365.25).rounded(.down))

        columns[F.employees][r] = employees
        columns[F.branches][r] = p.branches[u]

        let injuryRate = a.injuryRate * p.subIndustryFactor[p.subIndustry[u]] * Self.injuryYearFactor(year)
        columns[F.injuryRate][r] = Self.round1(injuryRate)
        let accidents = rng.poisson(3 * employees * injuryRate / 1000 * exp(0.45 * z))
        columns[F.accidents][r] = Double(accidents)
        columns[F.seriousAccidents][r] = Double(rng.binomial(accidents, a.construction ? 0.12 : 0.08))
        columns[F.disease][r] = Double(rng.poisson(3 * employees * a.diseaseRate / 1000 * exp(0.35 * z)))
        columns[F.complaints][r] = Double(
            rng.poisson(0.015 + 0.012 * employees.squareRoot() * exp(0.6 * z + 0.3 * w)))

        if rng.bernoulli(Self.sickLeaveMissing) {
            columns[F.sickLeave][r] = .nan
        } else {
            let pSick = Self.logistic(-3.0 + a.sickLeaveLogit + 0.25 * z + 0.2 * w)
            let staff = Int(employees)
            columns[F.sickLeave][r] = Self.round3(Double(rng.binomial(staff, pSick)) / Double(max(1, staff)))
        }
        let small = employees < 10
        columns[F.apvOverdue][r] = rng.bernoulli(Self.logistic(-1.6 + 0.7 * z + (small ? 0.3 : 0))) ? 1 : 0
        columns[F.safetyOrg][r] = rng.bernoulli(small ? 0.08 : Self.logistic(1.8 - 0.6 * z)) ? 1 : 0
        columns[F.temporary][r] = Self.share(a.temporary * exp(0.5 * w + 0.2 * rng.normal()))
        columns[F.young][r] = Self.share(a.young * exp(0.4 * w + 0.2 * rng.normal()))
        columns[F.night][r] = Self.share(a.night * exp(0.3 * rng.normal()))
        columns[F.overtime][r] = Self.round1(exp(log(35) + 0.25 * z + 0.2 * w + 0.5 * rng.normal()))
        columns[F.partTime][r] = Self.share(a.partTime * exp(0.3 * w + 0.25 * rng.normal()))
        if rng.bernoulli(Self.turnoverMissing) {
            columns[F.turnover][r] = .nan
        } else {
            columns[F.turnover][r] = Self.round3(Self.logistic(-1.5 + 0.5 * w + 0.2 * z + 0.3 * rng.normal()))
        }
        columns[F.tenure][r] = Self.round1(min(age + 0.5, exp(log(7) - 0.4 * w + 0.25 * rng.normal())))
        columns[F.volatility][r] = Self.round3(min(2, a.seasonality * exp(0.3 * w + 0.3 * rng.normal())))
        columns[F.ownership][r] = Double(rng.poisson(0.06 * exp(0.5 * z)))
        if p.distressMissing[u] {
            columns[F.distress][r] = .nan
        } else {
            columns[F.distress][r] = (100 * Self.logistic(-1.2 + 0.5 * z + 0.3 * w + 0.6 * rng.normal())).rounded()
        }
        if a.construction {
            columns[F.sites][r] = Double(rng.poisson(0.5 * pow(employees, 0.6) * exp(0.2 * rng.normal())))
            columns[F.asbestos][r] = Double(rng.poisson(0.1 * employees.squareRoot() * exp(0.3 * z)))
        } else {
            columns[F.sites][r] = Double(rng.poisson(0.01))
            columns[F.asbestos][r] = 0
        }
        columns[F.chemical][r] = p.chemical[u]
        columns[F.machinery][r] = p.machinery[u]
        if p.ergonomicMissing[u] {
            columns[F.ergonomic][r] = .nan
        } else {
            columns[F.ergonomic][r] = Self.round1(min(10, max(0, a.ergonomic + 0.3 * w + 0.5 * rng.normal())))
        }
        columns[F.psychosocial][r] = Self.round1(min(10, max(0, a.psychosocial + 0.3 * z + 0.5 * rng.normal())))
        columns[F.unemployment][r] = Self.round1(
            p.municipalityRate[p.municipality[u]] * Self.unemploymentYearFactor(year))
        columns[F.distance][r] = p.distance[u]
        return age
    }
}
