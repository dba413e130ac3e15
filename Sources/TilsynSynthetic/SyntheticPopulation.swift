import Foundation
import TilsynCore

/// The synthetic production units: static traits (structure of arrays) and their inspections before the
/// history window starts.
struct SyntheticPopulation {
    var count: Int
    var industry: [Int]
    /// Global index of the detailed (DB07) industry; ``subIndustryFactor`` scales the group's injury rate.
    var subIndustry: [Int]
    var subIndustryFactor: [Double]
    var size: [Int]
    var employees: [Double]
    var region: [Int]
    var municipality: [Int]
    var municipalityRate: [Double]
    var founded: [Int]
    /// Latent carelessness: drives accidents, complaints, notices, overdue APV. Not a feature.
    var z: [Double]
    /// Latent workforce precariousness: temporary, young, part-time staff, turnover. Not a feature.
    var w: [Double]
    var branches: [Double]
    var certified: [Bool]
    var household: [Bool]
    var chemical: [Double]
    var machinery: [Double]
    var distressMissing: [Bool]
    var ergonomicMissing: [Bool]
    var distance: [Double]
    /// A unit-level stand-in for the true risk, used by the risk and manual selection channels.
    var staticRisk: [Double]

    /// Earlier inspections (before the history window), per unit in CSR form sorted by day.
    var eventStart: [Int]
    var eventDay: [Int]
    var eventNotices: [Int]
    var eventProhibitions: [Int]
    var eventAdvisorOrders: [Int]
    /// An inspection long before the window (only the date matters), or `Int.min`.
    var ancientInspection: [Int]

    /// - Parameters:
    ///   - selectionRate: expected inspections per unit-year, used to give units a plausible past.
    ///   - windowStart: first day of the history window; earlier inspections are generated here.
    init(count n: Int, asOf: Int, windowStart: Int, selectionRate: Double, riskGamma: Double,
         manualGamma: Double, rng: inout SeededRandom) {
        count = n
        let catalog = SyntheticCatalog.industries

        // Geography and detailed industries first, so they do not depend on the number of units.
        var subOffset = [Int]()
        var subFactors = [Double]()
        for industry in catalog {
            subOffset.append(subFactors.count)
            for _ in 0..<industry.subIndustries { subFactors.append(exp(0.3 * rng.normal())) }
        }
        subIndustryFactor = subFactors
        var municipalityOffset = [Int]()
        var rates = [Double]()
        for count in SyntheticCatalog.regionMunicipalities {
            municipalityOffset.append(rates.count)
            for _ in 0..<count { rates.append((min(8, max(2, 4.0 + 0.9 * rng.normal())) * 10).rounded() / 10) }
        }
        municipalityRate = rates

        var industryCumulative = [Double]()
        var total = 0.0
        for industry in catalog {
            total += industry.weight
            industryCumulative.append(total)
        }
        let sizeCumulative: [[Double]] = catalog.map { industry in
            var running = 0.0
            return SyntheticCatalog.sizeShares.enumerated().map { b, share in
                running += share * exp(industry.archetype.sizeTilt * 0.35 * Double(b))
                return running
            }
        }
        var regionCumulative = [Double]()
        total = 0
        for share in SyntheticCatalog.regionShares {
            total += share
            regionCumulative.append(total)
        }
        let distressMissingBySize: [Double] = [0.11, 0.04, 0.01, 0.005, 0.005, 0.005, 0.005]

        industry = [Int](repeating: 0, count: n)
        subIndustry = [Int](repeating: 0, count: n)
        size = [Int](repeating: 0, count: n)
        employees = [Double](repeating: 0, count: n)
        region = [Int](repeating: 0, count: n)
        municipality = [Int](repeating: 0, count: n)
        founded = [Int](repeating: 0, count: n)
        z = [Double](repeating: 0, count: n)
        w = [Double](repeating: 0, count: n)
        branches = [Double](repeating: 1, count: n)
        certified = [Bool](repeating: false, count: n)
        household = [Bool](repeating: false, count: n)
        chemical = [Double](repeating: 0, count: n)
        machinery = [Double](repeating: 0, count: n)
        distressMissing = [Bool](repeating: false, count: n)
        ergonomicMissing = [Bool](repeating: false, count: n)
        distance = [Double](repeating: 0, count: n)
        staticRisk = [Double](repeating: 0, count: n)

        for u in 0..<n {
            let g = rng.categorical(cumulative: industryCumulative)
            let profile = catalog[g]
            let archetype = profile.archetype
            industry[u] = g
            subIndustry[u] = subOffset[g] + rng.below(profile.subIndustries)
            let b = rng.categorical(cumulative: sizeCumulative[g])
            size[u] = b
            let (lo, hi) = SyntheticCatalog.sizeRanges[b]
            if b < SyntheticCatalog.sizeBands.count - 1 {
                let e = exp(log(lo) + rng.uniform() * (log(hi + 1) - log(lo)))
                employees[u] = min(hi, max(lo, e.rounded(.down)))
            } else {
                employees[u] = min(hi, (lo * pow(rng.uniformPositive(), -1 / 1.3)).rounded(.down))
            }
            let r = rng.categorical(cumulative: regionCumulative)
            region[u] = r
            municipality[u] = municipalityOffset[r] + rng.below(SyntheticCatalog.regionMunicipalities[r])
            z[u] = rng.normal()
            w[u] = rng.normal()
            let meanAge = 7 + 3 * Double(b)
            let age = min(120, 0.2 - meanAge * log(rng.uniformPositive()))
            founded[u] = asOf - Int(age * 365.25)
            branches[u] = Double(1 + rng.poisson(0.15 * exp(0.45 * Double(b))))
            certified[u] = rng.bernoulli(0.009 + 0.022 * Double(b))
            household[u] = b == 0 && rng.bernoulli(0.004)
            chemical[u] = rng.bernoulli(archetype.chemical) ? 1 : 0
            machinery[u] = rng.bernoulli(min(0.95, archetype.machinery * (b >= 2 ? 1.2 : 0.8))) ? 1 : 0
            distressMissing[u] = rng.bernoulli(distressMissingBySize[b])
            ergonomicMissing[u] = rng.bernoulli(0.03)
            let km = -SyntheticCatalog.regionDistance[r] * log(rng.uniformPositive())
            distance[u] = (min(250, max(0.5, km)) * 10).rounded() / 10

            let midAge = max(0, age - 2.5)
            staticRisk[u] = profile.risk + SyntheticCatalog.sizeRisk[b] + SyntheticCatalog.regionRisk[r]
                + SyntheticTruthModel.ageRisk[SyntheticTruthModel.ageBin(midAge)]
                + 0.05 * log1p(employees[u]) + 0.2 * chemical[u] + 0.15 * machinery[u]
                + 0.012 * archetype.injuryRate * subFactors[subIndustry[u]] + 0.55 * z[u] + 0.2 * w[u]
        }

        // Earlier inspections: about as frequent as in the window, more often for riskier units.
        var riskMean = 0.0
        var manualMean = 0.0
        var sMean = 0.0
        for u in 0..<n {
            riskMean += exp(riskGamma * staticRisk[u])
            manualMean += exp(manualGamma * staticRisk[u])
            sMean += staticRisk[u]
        }
        riskMean /= Double(n)
        manualMean /= Double(n)
        sMean /= Double(n)
        let violationShift = log(0.18 / 0.82) - sMean
        let window = 1826
        let preStart = windowStart - window
        eventStart = [0]
        eventStart.reserveCapacity(n + 1)
        eventDay = []
        eventNotices = []
        eventProhibitions = []
        eventAdvisorOrders = []
        ancientInspection = [Int](repeating: Int.min, count: n)
        var days = [Int]()
        for u in 0..<n {
            let mix = 0.2 + 0.6 * exp(riskGamma * staticRisk[u]) / riskMean
                + 0.2 * exp(manualGamma * staticRisk[u]) / manualMean
            let first = max(preStart, founded[u] + 30)
            if first < windowStart {
                let span = windowStart - first
                let k = min(5, rng.poisson(selectionRate * mix * Double(span) / 365.25))
                days.removeAll(keepingCapacity: true)
                for _ in 0..<k { days.append(first + rng.below(span)) }
                days.sort()
                let p = 1 / (1 + exp(-(staticRisk[u] + violationShift)))
                for day in days {
                    eventDay.append(day)
                    if rng.bernoulli(p) {
                        eventNotices.append(1 + rng.poisson(0.6 + (z[u] > 0 ? 0.4 : 0)))
                        eventProhibitions.append(rng.bernoulli(0.12) ? 1 : 0)
                        eventAdvisorOrders.append(rng.bernoulli(0.05) ? 1 : 0)
                    } else {
                        eventNotices.append(0)
                        eventProhibitions.append(0)
                        eventAdvisorOrders.append(0)
                    }
                }
            }
            eventStart.append(eventDay.count)
            let ancientFirst = max(founded[u] + 30, preStart - 3653)
            if ancientFirst < preStart, rng.bernoulli(0.7) {
                ancientInspection[u] = ancientFirst + rng.below(preStart - ancientFirst)
            }
        }
    }
}
