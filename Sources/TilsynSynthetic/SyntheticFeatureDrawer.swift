import Foundation
import TilsynCore

/// Draws one unit's features as of one day (everything except the inspection record, see
/// ``SyntheticRecord``). Counts over a window are Poisson draws around the unit's rates; shares are
/// rounded to three decimals and indices to one, so CSV output is short and reads back exactly.
struct SyntheticFeatureDrawer {
    /// Everything about a unit the row draws need, precomputed once so a row costs few `exp` calls and
    /// one or two cache lines.
    struct Unit {
        var employees: Double
        var branches: Double
        var injuryRate: Double
        var accidentMean: Double
        var seriousShare: Double
        var diseaseMean: Double
        var complaintsMean: Double
        var sickLeave: Double
        var apvOverdue: Double
        var safetyOrg: Double
        var temporary: Double
        var young: Double
        var night: Double
        var overtimeLog: Double
        var partTime: Double
        var turnoverLogit: Double
        var tenureLog: Double
        var volatility: Double
        var ownershipMean: Double
        var distressLogit: Double
        var sitesMean: Double
        var asbestosMean: Double
        var ergonomic: Double
        var psychosocial: Double
        var unemployment: Double
        var distance: Double
        var chemical: Double
        var machinery: Double
        var founded: Int
        var distressMissing: Bool
        var ergonomicMissing: Bool
        var construction: Bool
    }

    let units: [Unit]

    init(population p: SyntheticPopulation) {
        var units = [Unit]()
        units.reserveCapacity(p.count)
        for u in 0..<p.count {
            let a = SyntheticCatalog.industries[p.industry[u]].archetype
            let employees = p.employees[u]
            let z = p.z[u]
            let w = p.w[u]
            let injuryRate = a.injuryRate * p.subIndustryFactor[p.subIndustry[u]]
            let small = employees < 10
            units.append(
                Unit(
                    employees: employees, branches: p.branches[u], injuryRate: injuryRate,
                    accidentMean: 3 * employees * injuryRate / 1000 * exp(0.45 * z),
                    seriousShare: a.construction ? 0.12 : 0.08,
                    diseaseMean: 3 * employees * a.diseaseRate / 1000 * exp(0.35 * z),
                    complaintsMean: 0.015 + 0.012 * employees.squareRoot() * exp(0.6 * z + 0.3 * w),
                    sickLeave: Self.logistic(-3.0 + a.sickLeaveLogit + 0.25 * z + 0.2 * w),
                    apvOverdue: Self.logistic(-1.6 + 0.7 * z + (small ? 0.3 : 0)),
                    safetyOrg: small ? 0.08 : Self.logistic(1.8 - 0.6 * z),
                    temporary: a.temporary * exp(0.5 * w), young: a.young * exp(0.4 * w), night: a.night,
                    overtimeLog: log(35) + 0.25 * z + 0.2 * w, partTime: a.partTime * exp(0.3 * w),
                    turnoverLogit: -1.5 + 0.5 * w + 0.2 * z, tenureLog: log(7) - 0.4 * w,
                    volatility: a.seasonality * exp(0.3 * w), ownershipMean: 0.06 * exp(0.5 * z),
                    distressLogit: -1.2 + 0.5 * z + 0.3 * w,
                    sitesMean: a.construction ? 0.5 * pow(employees, 0.6) : 0.01,
                    asbestosMean: a.construction ? 0.1 * employees.squareRoot() * exp(0.3 * z) : 0,
                    ergonomic: a.ergonomic + 0.3 * w, psychosocial: a.psychosocial + 0.3 * z,
                    unemployment: p.municipalityRate[p.municipality[u]], distance: p.distance[u],
                    chemical: p.chemical[u], machinery: p.machinery[u], founded: p.founded[u],
                    distressMissing: p.distressMissing[u], ergonomicMissing: p.ergonomicMissing[u],
                    construction: a.construction))
        }
        self.units = units
    }

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
    func draw(unit: Int, day: Int, row r: Int, into columns: inout [[Double]], rng: inout SeededRandom) -> Double {
        typealias F = SyntheticTruthModel.F
        let u = units[unit]
        let year = civilFromDays(day).year
        let age = max(0, (Double(day - u.founded) / 365.25).rounded(.down))
        let injuryYear = Self.injuryYearFactor(year)

        columns[F.employees][r] = u.employees
        columns[F.branches][r] = u.branches
        columns[F.injuryRate][r] = Self.round1(u.injuryRate * injuryYear)
        let accidents = rng.poisson(u.accidentMean * injuryYear)
        columns[F.accidents][r] = Double(accidents)
        columns[F.seriousAccidents][r] = Double(rng.binomial(accidents, u.seriousShare))
        columns[F.disease][r] = Double(rng.poisson(u.diseaseMean))
        columns[F.complaints][r] = Double(rng.poisson(u.complaintsMean))
        if rng.bernoulli(Self.sickLeaveMissing) {
            columns[F.sickLeave][r] = .nan
        } else {
            let staff = Int(u.employees)
            columns[F.sickLeave][r] = Self.round3(Double(rng.binomial(staff, u.sickLeave)) / Double(max(1, staff)))
        }
        columns[F.apvOverdue][r] = rng.bernoulli(u.apvOverdue) ? 1 : 0
        columns[F.safetyOrg][r] = rng.bernoulli(u.safetyOrg) ? 1 : 0
        columns[F.temporary][r] = Self.share(u.temporary * exp(0.2 * rng.normal()))
        columns[F.young][r] = Self.share(u.young * exp(0.2 * rng.normal()))
        columns[F.night][r] = Self.share(u.night * exp(0.3 * rng.normal()))
        columns[F.overtime][r] = Self.round1(exp(u.overtimeLog + 0.5 * rng.normal()))
        columns[F.partTime][r] = Self.share(u.partTime * exp(0.25 * rng.normal()))
        if rng.bernoulli(Self.turnoverMissing) {
            columns[F.turnover][r] = .nan
        } else {
            columns[F.turnover][r] = Self.round3(Self.logistic(u.turnoverLogit + 0.3 * rng.normal()))
        }
        columns[F.tenure][r] = Self.round1(min(age + 0.5, exp(u.tenureLog + 0.25 * rng.normal())))
        columns[F.volatility][r] = Self.round3(min(2, u.volatility * exp(0.3 * rng.normal())))
        columns[F.ownership][r] = Double(rng.poisson(u.ownershipMean))
        if u.distressMissing {
            columns[F.distress][r] = .nan
        } else {
            columns[F.distress][r] = (100 * Self.logistic(u.distressLogit + 0.6 * rng.normal())).rounded()
        }
        columns[F.sites][r] = Double(rng.poisson(u.construction ? u.sitesMean * exp(0.2 * rng.normal()) : u.sitesMean))
        columns[F.asbestos][r] = Double(rng.poisson(u.asbestosMean))
        columns[F.chemical][r] = u.chemical
        columns[F.machinery][r] = u.machinery
        if u.ergonomicMissing {
            columns[F.ergonomic][r] = .nan
        } else {
            columns[F.ergonomic][r] = Self.round1(min(10, max(0, u.ergonomic + 0.5 * rng.normal())))
        }
        columns[F.psychosocial][r] = Self.round1(min(10, max(0, u.psychosocial + 0.5 * rng.normal())))
        columns[F.unemployment][r] = Self.round1(u.unemployment * Self.unemploymentYearFactor(year))
        columns[F.distance][r] = u.distance
        return age
    }
}
