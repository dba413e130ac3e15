import Foundation
import Testing
@testable import TilsynCore

/// Must show (issue 14): over 200 simulated seeds the Horvitz–Thompson estimate of the population
/// violation rate from the random arm is unbiased — its mean within Monte Carlo error of the truth the
/// generator knows — while the naive rate among all inspected units is biased upwards.
///
/// The generator: 6,000 units in three regions with true log-odds `η = −1.6 + 1.1·z`, `z ~ N(0, 1)`; the
/// model's score is `η + 0.5·e` (a good but imperfect model). Each seed draws a new list (capacity 100
/// per region, random share 0.2, with and without a floor), loses 5 % of random-arm visits at random
/// (closed, moved), and draws every visited unit's outcome from its true probability. The truth is the
/// mean true probability of the eligible units.
@Suite struct PopulationRateSimulationTests {
    struct Population {
        var candidates: SelectionCandidates
        var truth: [Double]
    }

    static func population() -> Population {
        var rng = SeededRandom(seed: 2026, stream: 77)
        let n = 6000
        let regions = ["Nord", "Syd", "Øst"]
        let units = (0..<n).map { "P" + String(100_000 + $0) }
        var eta = [Double](), score = [Double]()
        for _ in 0..<n {
            let z = rng.normal()
            eta.append(-1.6 + 1.1 * z)
            score.append(eta.last! + 0.5 * rng.normal())
        }
        let order = Scorer.rankOrder(logOdds: score, units: units, seed: 1)
        var rank = [Int](repeating: 0, count: n)
        for (i, row) in order.enumerated() { rank[row] = i + 1 }
        let scores = Scores(units: units, logOdds: score, probability: score.map(Scorer.logistic), order: order, rank: rank, seed: 1)
        let c = SelectionCandidates(scores: scores, lastInspection: [Double](repeating: .nan, count: n), flags: [],
                                    region: (0..<n).map { regions[$0 % 3] })
        return Population(candidates: c, truth: eta.map(Scorer.logistic))
    }

    struct Figures {
        var truth: Double
        var meanHT: Double, sdHT: Double
        var meanNaive: Double, sdNaive: Double
        var coverage: Double
        var mcseHT: Double { sdHT / 200.squareRoot() }
        var mcseNaive: Double { sdNaive / 200.squareRoot() }
    }

    static func simulate(floor: Double?) throws -> Figures {
        let pop = population()
        let plan = ["Nord", "Syd", "Øst"].map { RegionCapacity(region: $0, capacity: 100) }
        let truth = pop.truth.reduce(0, +) / Double(pop.truth.count)
        var ht: [Double] = [], naive: [Double] = []
        var covered = 0
        for seed in 0..<200 {
            let policy = SelectionPolicy(asOf: 20_000, excludeDays: 0, randomShare: 0.2, seed: UInt64(seed), capacity: .perRegion(plan),
                                         floorProbability: floor)
            let list = try WeeklyList.select(pop.candidates, policy: policy)
            var rng = SeededRandom(seed: UInt64(seed), stream: 5)
            var strata: [String: (k: Int, pi: Double, n: Int, y: Int)] = [:]
            var inspected = 0, found = 0
            for e in list.entries {
                let region = e.region ?? ""
                if e.channel == .random {
                    strata[region, default: (0, e.inclusionProbability ?? 0, 0, 0)].k += 1
                    if rng.bernoulli(0.05) { continue }  // closed or moved: no visit, no outcome
                }
                let y = rng.bernoulli(pop.truth[e.row])
                inspected += 1
                if y { found += 1 }
                if e.channel == .random {
                    strata[region]?.n += 1
                    if y { strata[region]?.y += 1 }
                }
            }
            let estimate = PopulationRateEstimate(strata: strata.values.map {
                .init(eligible: Double($0.k) / $0.pi, drawn: $0.k, withOutcome: $0.n, violations: $0.y)
            })
            let value = try #require(estimate.value)
            ht.append(value)
            naive.append(Double(found) / Double(inspected))
            if let low = estimate.ciLow, let high = estimate.ciHigh, low <= truth, truth <= high { covered += 1 }
        }
        func meanSD(_ x: [Double]) -> (Double, Double) {
            let m = x.reduce(0, +) / Double(x.count)
            return (m, (x.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(x.count - 1)).squareRoot())
        }
        let (mh, sh) = meanSD(ht), (mn, sn) = meanSD(naive)
        return Figures(truth: truth, meanHT: mh, sdHT: sh, meanNaive: mn, sdNaive: sn, coverage: Double(covered) / 200)
    }

    @Test(arguments: [nil, 0.02] as [Double?])
    func horvitzThompsonIsUnbiasedAndTheNaiveRateIsNot(floor: Double?) throws {
        let f = try Self.simulate(floor: floor)
        print(String(format: "floor %@: truth %.4f; HT mean %.4f (sd %.4f, MC se %.4f, bias %+.4f); naive mean %.4f (MC se %.4f, bias %+.4f); 95%% CI coverage %.3f",
                     floor.map { "\($0)" } ?? "none", f.truth, f.meanHT, f.sdHT, f.mcseHT, f.meanHT - f.truth, f.meanNaive, f.mcseNaive, f.meanNaive - f.truth, f.coverage))
        #expect(abs(f.meanHT - f.truth) <= 3 * f.mcseHT, "HT mean \(f.meanHT) against truth \(f.truth) (MC se \(f.mcseHT))")
        #expect(f.meanNaive - f.truth > 10 * f.mcseNaive, "the naive rate \(f.meanNaive) should be far above the truth \(f.truth)")
        #expect((0.90...0.99).contains(f.coverage), "interval coverage \(f.coverage)")
    }
}
