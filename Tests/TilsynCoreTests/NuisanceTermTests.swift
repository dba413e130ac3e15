import Foundation
import Testing
import TilsynNumerics
import _TilsynTestSupport

/// Inspector effects as nuisance terms: on synthetic visits with known inspector strictness, the fit
/// recovers the effects, the company feature's coefficient is not confounded by who visited, the
/// spread is reported, and the scored risk does not depend on the inspector who last visited.
@Suite struct NuisanceTermTests {
    static let inspectors = 30
    /// Known effects (log-odds), centred.
    static let effects: [Double] = {
        let raw = (0..<inspectors).map { k in 0.9 * sin(Double(k) * 1.7) + 0.3 * cos(Double(k) * 0.45) }
        let mean = raw.reduce(0, +) / Double(raw.count)
        return raw.map { $0 - mean }
    }()

    /// Visits where strict inspectors are sent to companies with high `hazard`: without the nuisance
    /// term their strictness would be learned as the hazard's effect.
    static func write(_ dir: URL, swapInspectors: Bool = false) throws -> String {
        var state: UInt64 = 77
        func uniform() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
        let byStrictness = (0..<inspectors).sorted { effects[$0] < effects[$1] }
        var text = "id,hazard,size,inspector,violation\n"
        for i in 0..<24_000 {
            let hazard = uniform() * 2 - 1
            let size = Double(1 + Int(uniform() * 50))
            // Rank of inspector drawn around the hazard's position: strict ones see hazardous companies.
            let position = min(inspectors - 1, max(0, Int((hazard + 1) / 2 * Double(inspectors) + (uniform() - 0.5) * 12)))
            let k = byStrictness[position]
            let eta = -1.0 + 0.6 * hazard + 0.02 * size + effects[k]
            let y = uniform() < 1 / (1 + exp(-eta)) ? 1 : 0
            let shown = swapInspectors ? (k + 7) % inspectors : k
            text += "U\(i),\(FeatureEncoding.formatNumber(hazard)),\(Int(size)),I\(String(format: "%02d", shown)),\(y)\n"
        }
        let path = dir.appendingPathComponent(swapInspectors ? "swapped.csv" : "visits.csv").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func spec(nuisance: Bool) -> ModelSpec {
        var spec = ModelSpec(name: "n", version: "1", unit: "id", label: "violation",
                             features: [FeatureSpec(name: "hazard", type: .numeric), FeatureSpec(name: "size", type: .numeric)])
        if nuisance { spec.nuisance = [.init(name: "inspector", l2: 1)] }
        return spec
    }

    static func fit(_ spec: ModelSpec, _ path: String) throws -> (FittedModel, DataTable) {
        let table = try CSVReader.read(path: path, columns: ModelFitter.columnRequests(for: spec) + [ColumnRequest("id", .string)], threads: 2)
        return (try ModelFitter.fit(spec: spec, table: table, trainingFile: "visits.csv", trainingSHA256: "test", created: ""), table)
    }

    @Test func inspectorEffectsAreRecoveredAndDoNotReachTheScore() throws {
        let dir = try CommandRunner.temporaryDirectory()
        let path = try Self.write(dir)
        let (model, table) = try Self.fit(Self.spec(nuisance: true), path)
        let (naive, _) = try Self.fit(Self.spec(nuisance: false), path)

        // The hazard effect (true 0.6): confounded without the term, recovered with it.
        let hazard = try #require(model.coefficients.first { $0.name == "hazard" })
        let confounded = try #require(naive.coefficients.first { $0.name == "hazard" })
        #expect(abs(hazard.estimate - 0.6) < 2.5 * (hazard.stdError ?? 1), "with the term: \(hazard.estimate)")
        #expect(confounded.estimate > 0.6 + 0.3, "without it the strictness is learned as hazard: \(confounded.estimate)")

        // Effects: centred estimates track the known ones; the spread is reported.
        let term = try #require(model.nuisance?.first)
        #expect(term.feature == "inspector" && term.levels.count == Self.inspectors)
        let estimates = term.levels.map { $0.estimate - term.weightedMean }
        let truth = term.levels.map { Self.effects[Int($0.level.dropFirst()) ?? 0] }
        let shares = term.levels.map { Double($0.rows) / 24_000 }
        let truthMean = zip(shares, truth).reduce(0) { $0 + $1.0 * $1.1 }
        let error = zip(estimates, truth).map { abs($0 - ($1 - truthMean)) }.max() ?? .infinity
        #expect(error < 0.35, "largest error of an inspector effect: \(error)")
        let trueSpread = zip(shares, truth).reduce(0) { $0 + $1.0 * ($1.1 - truthMean) * ($1.1 - truthMean) }.squareRoot()
        #expect(abs(term.spread - trueSpread) < 0.15 * trueSpread, "spread \(term.spread) vs \(trueSpread)")
        #expect(model.fit.method.contains("nuisance terms 'inspector'"))

        // Scoring never reads the inspector: the same units with other inspectors score identically, and
        // the fitted mean risk equals the average over inspectors (the intercept carries it).
        let scores = try Scorer.score(model: model, table: table)
        let swapped = try CSVReader.read(path: try Self.write(dir, swapInspectors: true), columns: Scorer.columnRequests(for: model), threads: 2)
        #expect(!Scorer.columnRequests(for: model).contains { $0.name == "inspector" })
        #expect(try Scorer.score(model: model, table: swapped).logOdds == scores.logOdds)
        var x = try model.encoder.designMatrix(table)
        let beta = model.beta
        var averaged = 0.0
        for i in 0..<x.rows {
            var eta = 0.0
            for j in 0..<beta.count { eta += x[i, j] * beta[j] }
            averaged += eta
        }
        #expect(abs(averaged / Double(x.rows) - scores.logOdds.reduce(0, +) / Double(x.rows)) < 1e-9)
        x = Matrix(rows: 0, columns: 0)
        // The intercept's standard error includes the average's uncertainty.
        #expect(try #require(model.coefficients[0].stdError) > 0)
    }

    @Test func aMissingInspectorIsNamed() throws {
        let dir = try CommandRunner.temporaryDirectory()
        let path = dir.appendingPathComponent("gap.csv").path
        try "id,hazard,size,inspector,violation\nA,0.1,3,I1,1\nB,0.2,4,,0\nC,0.3,2,I2,0\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: DataError.badCell(file: path, line: 3, column: "inspector", value: "", expected: "a value (the nuisance term 'inspector' cannot be missing)")) {
            _ = try Self.fit(Self.spec(nuisance: true), path)
        }
    }
}
