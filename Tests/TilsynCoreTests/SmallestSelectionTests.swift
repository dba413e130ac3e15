import Testing
@testable import TilsynCore

/// The random audit's partial selection is exactly the prefix of the full sort it replaced.
@Suite struct SmallestSelectionTests {
    @Test func smallestIsTheSortedPrefix() {
        var state: UInt64 = 2026
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        // Keys with many ties (few distinct values) broken by the row, as the draw breaks them by unit id.
        let before: ((key: UInt64, row: Int), (key: UInt64, row: Int)) -> Bool = { a, b in a.key != b.key ? a.key < b.key : a.row < b.row }
        for round in 0..<300 {
            let n = Int(next() % 3000)
            let distinct = round % 3 == 0 ? 7 : UInt64.max
            var shuffle = SeededShuffle(seed: next())
            let items = (0..<n).map { (key: next() % distinct, row: $0) }.shuffled(using: &shuffle)
            for k in [0, 1, 2, 19, 60, 300, 1500, n, n + 5] {
                let expected = Array(items.sorted(by: before).prefix(k)).map(\.row)
                #expect(WeeklyList.smallest(k, of: items, by: before).map(\.row) == expected, "n \(n) k \(k)")
            }
        }
    }

    /// A seeded generator for the shuffle (SplitMix64).
    struct SeededShuffle: RandomNumberGenerator {
        var seed: UInt64
        mutating func next() -> UInt64 {
            seed &+= 0x9E37_79B9_7F4A_7C15
            var z = seed
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }
}
