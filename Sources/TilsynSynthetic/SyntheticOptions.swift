import TilsynCore

/// What ``SyntheticGenerator/generate(_:)`` should produce.
public struct SyntheticOptions: Sendable, Equatable {
    /// Production units in the register (Danish scale: about 300,000).
    public var units: Int
    /// Historical inspections (rows of the history).
    public var inspections: Int
    /// The seed; equal options give bit-identical data.
    public var seed: UInt64
    /// The register's as-of date, in days since 1970-01-01 (see ``parseISODate(_:)``).
    public var asOf: Int
    /// How many years before `asOf` the history covers.
    public var historyYears: Int

    /// The default as-of date, Monday 2026-11-16.
    public static let defaultAsOf = daysFromCivil(year: 2026, month: 11, day: 16)

    /// - Parameters:
    ///   - units: register rows (≥ 1); default 300,000.
    ///   - inspections: history rows (≥ 0); default ``defaultInspections(forUnits:)`` — 70,000 for 300,000
    ///     units, the size of Arbejdstilsynet's 2016–21 training base.
    ///   - seed: default 2026.
    ///   - asOf: default 2026-11-16.
    ///   - historyYears: 1…30; default 5.
    public init(
        units: Int = 300_000, inspections: Int? = nil, seed: UInt64 = 2026, asOf: Int = SyntheticOptions.defaultAsOf,
        historyYears: Int = 5
    ) {
        precondition(units >= 1, "SyntheticOptions: units must be at least 1")
        precondition((1...30).contains(historyYears), "SyntheticOptions: historyYears must be 1…30")
        self.units = units
        self.inspections = inspections ?? Self.defaultInspections(forUnits: units)
        precondition(self.inspections >= 0, "SyntheticOptions: inspections must not be negative")
        self.seed = seed
        self.asOf = asOf
        self.historyYears = historyYears
    }

    /// About 70,000 inspections per 300,000 units (rounded to a whole number, at least 1).
    public static func defaultInspections(forUnits units: Int) -> Int {
        max(1, Int((Double(units) * 70_000 / 300_000).rounded()))
    }
}

/// The generated register, history, and the true model the labels were drawn from.
public struct SyntheticData: Sendable {
    /// One row per unit as of ``SyntheticOptions/asOf``: ids, region, exclusion flags, last inspection
    /// date and every feature column of the default spec.
    public var register: DataTable
    /// One row per past inspection, in date order, with features as of the inspection date, the label
    /// `violation_found` and the selection `channel`.
    public var history: DataTable
    public var truth: SyntheticTruth
}

/// The data-generating logistic model, on the encoded design of `Models/grundtilsyn.spec.json`.
///
/// ```
/// P(violation_found = 1 | x) = 1 / (1 + exp(−(intercept + Σⱼ coefficients[columnⱼ] · xⱼ)))
/// ```
/// where `x` is the row encoded exactly as ENCODING.md says (clip, transform, fills, indicators,
/// reference levels). A fit of the default spec on the history estimates these numbers.
public struct SyntheticTruth: Codable, Sendable, Equatable {
    public var seed: UInt64
    public var units: Int
    public var inspections: Int
    /// ISO date of the register snapshot.
    public var asOf: String
    public var intercept: Double
    /// The design columns in design order, without `(intercept)`.
    public var columns: [String]
    /// True coefficient per encoded design column (every entry of `columns`).
    public var coefficients: [String: Double]
    /// The fill each `missing: indicator` feature used, on the transformed scale (the `mean`/`median`
    /// fills are statistics of the generated history).
    public var fills: [String: Double]
    public var description: String

    enum CodingKeys: String, CodingKey {
        case seed, units, inspections, asOf = "as_of", intercept, columns, coefficients, fills, description
    }
}
