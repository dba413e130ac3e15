import Foundation
import TilsynSynthetic

/// Fitted models and registers for explanation tests, built once per test process.
public enum ExplainFixtures {
    public struct Case: Sendable {
        public var model: FittedModel
        public var register: DataTable
    }

    /// The default spec fitted on a small synthetic history (demo-shaped: 37 features, missing values,
    /// one non-disclosable feature), with its 20,000-unit register — the same as `tilsyn demo --units 20000`.
    public static let demo: Result<Case, FixtureFailure> = build {
        let dir = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = SyntheticGenerator.generate(SyntheticOptions(units: 20_000, seed: 2026))
        let spec = try DefaultSpec.load()
        let history = dir.appendingPathComponent("history.csv").path
        let register = dir.appendingPathComponent("register.csv").path
        try AtomicFile.write(CSVWriter.bytes(of: data.history), to: history)
        try AtomicFile.write(CSVWriter.bytes(of: data.register), to: register)
        let table = try CSVReader.read(path: history, columns: ModelFitter.columnRequests(for: spec), threads: 2)
        let model = try ModelFitter.fit(spec: spec, table: table, trainingFile: "history.csv", trainingSHA256: String(repeating: "0", count: 64), created: "", threads: 2)
        let registerTable = try CSVReader.read(path: register, columns: Scorer.columnRequests(for: model), threads: 2)
        return Case(model: model, register: registerTable)
    }

    /// The real `fair` dataset (statsmodels) fitted with its fixture spec; the register is the same file.
    public static let fair: Result<Case, FixtureFailure> = build {
        let spec = try Fixtures.spec("fair")
        let table = try Fixtures.table("fair", spec: spec)
        let model = try ModelFitter.fit(spec: spec, table: table, trainingFile: "fair.csv", trainingSHA256: String(repeating: "0", count: 64), created: "", threads: 2)
        let register = try CSVReader.read(path: Fixtures.path("fair.csv"), columns: Scorer.columnRequests(for: model), threads: 2)
        return Case(model: model, register: register)
    }
}

/// Why a shared fixture could not be built (kept as text so the cached result is `Sendable`).
public struct FixtureFailure: Error, Sendable, CustomStringConvertible {
    public var description: String
}

extension ExplainFixtures {
    static func build(_ body: () throws -> Case) -> Result<Case, FixtureFailure> {
        do { return .success(try body()) } catch { return .failure(FixtureFailure(description: "\(error)")) }
    }
}

extension DataTable {
    /// A copy with one numeric cell replaced (to apply a counterfactual and rescore).
    public func settingNumber(_ value: Double, column: String, row: Int) throws -> DataTable {
        var copy = self
        var values = try numeric(column)
        values[row] = value
        copy.columns[column] = .numeric(values)
        return copy
    }

    /// A copy with one categorical cell replaced by `level` (added to the levels if new).
    public func settingLevel(_ level: String, column: String, row: Int) throws -> DataTable {
        var copy = self
        var c = try categorical(column)
        if let code = c.levels.firstIndex(of: level) {
            c.codes[row] = Int32(code)
        } else {
            c.levels.append(level)
            c.codes[row] = Int32(c.levels.count - 1)
        }
        copy.columns[column] = .categorical(c)
        return copy
    }
}
