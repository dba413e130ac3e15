import Foundation
@_exported import TilsynCore
@_exported import TilsynIO

/// Paths and loaders for the committed test fixtures (Tests/TilsynCoreTests/Fixtures), shared by every
/// test target so none of them copies fixture plumbing.
public enum Fixtures {
    /// The repository root, found from this file's location.
    public static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The fixtures folder.
    public static let directory = repositoryRoot.appendingPathComponent("Tests/TilsynCoreTests/Fixtures")

    /// Path of a fixture file.
    public static func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// The spec of a fixture case (`<case>.spec.json`).
    public static func spec(_ caseName: String) throws -> ModelSpec {
        let file = path("\(caseName).spec.json")
        return try ModelSpec.decode(try Data(contentsOf: URL(fileURLWithPath: file)), file: file)
    }

    /// The training table of a fixture case, with the spec's columns and the unit column.
    public static func table(_ caseName: String, spec: ModelSpec) throws -> DataTable {
        try CSVReader.read(
            path: path("\(caseName).csv"),
            columns: ModelFitter.columnRequests(for: spec) + [ColumnRequest(spec.unit, .string)],
            threads: 2)
    }

    /// Decoded `<case>.reference.json`.
    public static func reference(_ caseName: String) throws -> Reference {
        try JSONDecoder().decode(Reference.self, from: Data(contentsOf: URL(fileURLWithPath: path("\(caseName).reference.json"))))
    }

    /// The reference numbers written by `Fixtures/reference/make_reference.py`.
    public struct Reference: Decodable, Sendable {
        public struct Coefficient: Decodable, Sendable {
            public var name: String
            public var estimate: Double
            public var std_error: Double?
            public var z: Double?
            public var p_value: Double?
            public var ci_low: Double?
            public var ci_high: Double?
            public var odds_ratio: Double
        }
        public var design_columns: [String]
        public var coefficients: [Coefficient]
        public var log_likelihood: Double
        public var deviance: Double
        public var null_deviance: Double
        public var aic: Double
        public var n: Int
        public var events: Int
        public var probabilities_first: [Double]
        public var log_odds_first: [Double]
        public var design_first_rows: [[Double]]
        public var reference_means: [String: Double]
        public var binding: [String]?
    }
}

extension Double {
    /// `|self − other| ≤ tolerance · max(|other|, floor)`: relative, with an absolute floor for values near 0.
    public func isClose(to other: Double, relative tolerance: Double, floor: Double = 1) -> Bool {
        abs(self - other) <= tolerance * Swift.max(abs(other), floor)
    }
}

/// The instant an ISO 8601 text names, for tests that write times as the store shows them.
public func isoTime(_ text: String) -> Date {
    ISOTime.parse(text) ?? .distantPast
}
