import Foundation
import Testing
import TilsynNumerics
import _TilsynTestSupport

/// The fast paths give exactly what the straightforward code gives: the structured design holds the
/// dense matrix's values, and the packed-key rank order is the comparator sort.
@Suite struct FastPathTests {
    @Test(arguments: ["demo", "fair"])
    func structuredDesignHoldsTheDenseMatrixValues(name: String) throws {
        let fixture = try (name == "demo" ? ExplainFixtures.demo : ExplainFixtures.fair).get()
        let encoder = fixture.model.encoder
        let matrix = try encoder.designMatrix(fixture.register, threads: 2)
        let design = try encoder.design(fixture.register, threads: 2)
        #expect(design.rows == matrix.rows && design.columns == matrix.columns)
        #expect(!design.blocks.isEmpty)
        for j in 0..<matrix.columns {
            let column = design.column(j)
            let expected = Array(matrix.storage[(j * matrix.rows)..<((j + 1) * matrix.rows)])
            #expect(column == expected, "column \(j) (\(encoder.layout.columnNames[j]))")
        }
        #expect(design.columnMeans().count == matrix.columns)
    }

    @Test func rankOrderIsTheComparatorSort() {
        var state: UInt64 = 5
        func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state >> 33
        }
        // 100,000 rows (two sorted halves merged), few distinct scores so ties are common, some -0 and 0.
        let n = 100_000
        let units = (0..<n).map { _ in "U\(next() % 90_000)" }
        let logOdds = (0..<n).map { _ -> Double in
            let k = Int(next() % 50) - 25
            return k == 0 ? (next() % 2 == 0 ? -0.0 : 0.0) : Double(k) / 8
        }
        let seed: UInt64 = 42
        let keys = units.map { TieBreak.key(seed: seed, unit: $0) }
        let expected = logOdds.indices.sorted { a, b in
            if logOdds[a] != logOdds[b] { return logOdds[a] > logOdds[b] }
            if keys[a] != keys[b] { return keys[a] < keys[b] }
            if units[a] != units[b] { return units[a].utf8.lexicographicallyPrecedes(units[b].utf8) }
            return a < b
        }
        #expect(Scorer.rankOrder(logOdds: logOdds, units: units, seed: seed) == expected)
    }
}
