import Foundation
import Testing
@testable import TilsynCore
import _TilsynTestSupport

/// PSI and its binning on examples small enough to check by hand.
@Suite struct DriftTests {
    /// Relative tolerance for sums of a few logarithms.
    static let tolerance = 1e-12

    /// Shares (.5, .3, .2) → (.4, .4, .2): −0.1·ln 0.8 + 0.1·ln(4/3) + 0 = 0.0510825623765991
    /// (Python: `sum((r-b)*math.log(r/b) for b, r in zip(...))`).
    @Test func knownAnswer() {
        let psi = PopulationStability.index(baseline: [0.5, 0.3, 0.2], register: [0.4, 0.4, 0.2])
        #expect(psi.isClose(to: 0.051082562376599076, relative: Self.tolerance))
        #expect(PopulationStability.level(psi) == .stable)
    }

    /// An empty training bin is floored at 1e-4: (.5, .5, 0) → (.5, .4, .1) gives
    /// −0.1·ln 0.8 + 0.0999·ln 1000 = 0.7123991075017365.
    @Test func emptyBinIsFloored() {
        let psi = PopulationStability.index(baseline: [0.5, 0.5, 0], register: [0.5, 0.4, 0.1])
        #expect(psi.isClose(to: 0.7123991075017365, relative: Self.tolerance))
        #expect(PopulationStability.level(psi) == .major)
    }

    @Test(arguments: [(0.0, PopulationStability.Level.stable), (0.1, .stable), (0.1000001, .moderate), (0.25, .moderate), (0.2500001, .major)])
    func levels(psi: Double, level: PopulationStability.Level) {
        #expect(PopulationStability.level(psi) == level)
    }

    @Test func quantileCutsCollapseTies() {
        // Seven zeros and three distinct values: deciles would repeat 0, so 0 is one cut.
        let sorted: [Double] = [0, 0, 0, 0, 0, 0, 0, 1, 2, 3]
        #expect(DriftBinning.quantileCuts(sorted, bins: 10) == [0, 1, 2])
        #expect(DriftBinning.labels(cuts: [0, 1, 2]) == ["≤ 0", "(0, 1]", "(1, 2]", "> 2"])
        #expect(DriftBinning.bin(0, cuts: [0, 1, 2]) == 0)
        #expect(DriftBinning.bin(1.5, cuts: [0, 1, 2]) == 2)
        #expect(DriftBinning.bin(9, cuts: [0, 1, 2]) == 3)
    }

    @Test func reportOnTinyTables() throws {
        var spec = ModelSpec(name: "t", version: "1", unit: "id", label: "y", features: [])
        var x = FeatureSpec(name: "x", type: .numeric)
        x.clip = [0, 10]
        spec.features = [x, FeatureSpec(name: "c", type: .categorical)]
        var model = try ExplainFixtures.demo.get().model
        model.spec = spec
        func table(_ xs: [Double], _ codes: [Int32], _ levels: [String]) -> DataTable {
            DataTable(source: "t.csv", header: ["x", "c"], rowCount: xs.count,
                      columns: ["x": .numeric(xs), "c": .categorical(CategoricalColumn(codes: codes, levels: levels))])
        }
        // Baseline: x halves at 1 and 2 → cuts [1] with bins=2; c: a, a, b, b.
        let base = table([1, 1, 2, 2], [0, 0, 1, 1], ["a", "b"])
        // Register: x 1, 50 (clipped to 10, bin 2), NaN, NaN; c: a, z (unseen), missing, b.
        let reg = table([1, 50, .nan, .nan], [0, 1, -1, 2], ["a", "z", "b"])
        let src = DriftReport.Source(file: "t.csv", sha256: "", rows: 4)
        let report = try DriftReport.build(model: model, baseline: base, baselineSource: src, register: reg, registerSource: src, bins: 2)
        let xd = report.features[0], cd = report.features[1]
        #expect(xd.bins.map(\.label) == ["≤ 1", "> 1", "(missing)"])
        #expect(xd.bins.map(\.registerCount) == [1, 1, 2])
        #expect(cd.bins.map(\.label) == ["a", "b", "(unseen level)", "(missing)"])
        #expect(cd.bins.map(\.registerCount) == [1, 1, 1, 1])
        // x: (.5,.5,0) → (.25,.25,.5): 2·(−.25·ln .5) + (.5 − 1e-4)·ln(.5/1e-4).
        let expected = 2 * (-0.25 * log(0.5)) + (0.5 - 1e-4) * log(0.5 / 1e-4)
        #expect(xd.psi.isClose(to: expected, relative: Self.tolerance))
        #expect(xd.level == .major)
    }
}
