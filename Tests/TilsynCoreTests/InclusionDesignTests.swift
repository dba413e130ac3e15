import Foundation
import Testing
@testable import TilsynCore

/// Exact, recorded inclusion probabilities ⚖: random k/N, risk top-k 1, and the floor design's pivotal
/// draw, whose probabilities sum to the places and are met by the draw's frequencies.
@Suite struct InclusionDesignTests {
    typealias W = WeeklyListTests

    @Test func probabilitiesSumToTheExpectedListSize() throws {
        let c = W.candidates(n: 500, regions: ["Nord", "Syd", "Øst"])
        let plan = [RegionCapacity(region: "Syd", capacity: 23), RegionCapacity(region: "Nord", capacity: 17), RegionCapacity(region: "Øst", capacity: 9)]
        for floor in [nil, 0.02] as [Double?] {
            var policy = W.policy(.perRegion(plan), share: 0.3)
            policy.floorProbability = floor
            let list = try WeeklyList.select(c, policy: policy)
            let random = list.design.random.reduce(0, +), risk = list.design.risk.reduce(0, +)
            #expect(abs(random - Double(list.total.random)) < 1e-9)
            #expect(abs(risk - Double(list.total.risk)) < 1e-9)
            #expect(abs(random + risk - 49) < 1e-9, "the expected size is the capacity")
            #expect(list.entries.count == 49, "the pivotal draw keeps the size exactly")
            for e in list.entries {
                let p = try #require(e.inclusionProbability)
                #expect(p == (e.channel == .random ? list.design.random[e.row] : list.design.risk[e.row]))
                #expect(p > 0 && p <= 1)
            }
            if let floor {
                // Every eligible unit not drawn at random has at least the floor.
                let drawn = Set(list.entries.filter { $0.channel == .random }.map(\.row))
                for row in 0..<c.count where !drawn.contains(row) { #expect(list.design.risk[row] >= floor - 1e-12) }
            } else {
                for e in list.entries where e.channel == .risk { #expect(e.inclusionProbability == 1) }
            }
        }
    }

    @Test func floorProbabilitiesLiftTheTopScoresAndKeepTheFloor() throws {
        let pi = try RiskFloorDesign.probabilities(candidates: 10, places: 3, floor: 0.1, region: nil)
        // Budget 3 − 10·0.1 = 2, lifts of 0.9: the top two reach 1, the third gets 0.1 + 0.2, the rest keep 0.1.
        #expect(pi.count == 10)
        #expect(abs(pi[0] - 1) < 1e-12 && abs(pi[1] - 1) < 1e-12 && abs(pi[2] - 0.3) < 1e-12)
        #expect(pi[3...].allSatisfy { abs($0 - 0.1) < 1e-12 })
        #expect(abs(pi.reduce(0, +) - 3) < 1e-12)
        let partial = try RiskFloorDesign.probabilities(candidates: 10, places: 3, floor: 0.15, region: nil)
        // Budget 1.5: top one to 1, the second to 0.15 + 0.65 = 0.8.
        #expect(abs(partial[0] - 1) < 1e-12 && abs(partial[1] - 0.8) < 1e-12 && abs(partial[2] - 0.15) < 1e-12)
    }

    /// Over 4,000 draws the frequency of each unit's selection matches its π within 4.5 binomial
    /// standard errors, and every draw selects exactly the number of places.
    @Test func pivotalDrawMeetsItsProbabilities() throws {
        let pi = try RiskFloorDesign.probabilities(candidates: 40, places: 7, floor: 0.05, region: nil)
        var hits = [Int](repeating: 0, count: pi.count)
        let runs = 4000
        for run in 0..<runs {
            var rng = SeededRandom(seed: UInt64(run), stream: 9)
            let chosen = RiskFloorDesign.draw(pi, rng: &rng)
            #expect(chosen.filter { $0 }.count == 7)
            for i in pi.indices where chosen[i] { hits[i] += 1 }
        }
        for i in pi.indices {
            let se = (pi[i] * (1 - pi[i]) / Double(runs)).squareRoot()
            #expect(abs(Double(hits[i]) / Double(runs) - pi[i]) <= 4.5 * se + 1e-12, "unit \(i): \(hits[i]) of \(runs) against π = \(pi[i])")
        }
        // Non-uniform probabilities too: the draw is exact for any π summing to a whole number.
        let uneven = [0.9, 0.3, 0.45, 0.05, 0.6, 0.2, 0.5]  // sums to 3
        var counts = [Int](repeating: 0, count: uneven.count)
        for run in 0..<runs {
            var rng = SeededRandom(seed: UInt64(run), stream: 10)
            let chosen = RiskFloorDesign.draw(uneven, rng: &rng)
            #expect(chosen.filter { $0 }.count == 3)
            for i in uneven.indices where chosen[i] { counts[i] += 1 }
        }
        for i in uneven.indices {
            let se = (uneven[i] * (1 - uneven[i]) / Double(runs)).squareRoot()
            #expect(abs(Double(counts[i]) / Double(runs) - uneven[i]) <= 4.5 * se)
        }
    }

    @Test func aFloorThatCannotBeMetIsRefusedWithOneSentence() {
        let c = W.candidates(n: 200)
        var policy = W.policy(.total(10), share: 0.2)
        policy.floorProbability = 0.05
        #expect(throws: SelectionError.floorTooHigh(floor: 0.05, region: nil, candidates: 198, places: 8)) {
            try WeeklyList.select(c, policy: policy)
        }
        #expect(SelectionError.floorTooHigh(floor: 0.05, region: nil, candidates: 198, places: 8).description
            == "a floor probability of 0.05 for each of the 198 candidates of the list needs more risk places on average than its 8; lower the floor to at most 8 / 198.")
        policy.floorProbability = 1
        #expect(throws: SelectionError.floorProbabilityOutOfRange(1)) { try WeeklyList.select(c, policy: policy) }
    }
}
