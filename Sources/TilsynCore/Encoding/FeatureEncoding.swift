import Foundation

/// What the encoder learned about one feature from the training data, stored in model.json so that
/// scoring and explaining later reproduce the training encoding exactly without the training data.
public struct FeatureEncoding: Codable, Sendable, Equatable {
    /// The feature's name (as in the spec).
    public var feature: String
    /// Encoded design-column names, in design order ⚖ (`name`, `name:missing`, `name=level`, `name=[lo,hi)`).
    public var columns: [String]
    /// Numeric: the resolved fill in transformed units. Binned: the resolved fill in raw units.
    public var fill: Double?
    /// Categorical: the reference level. Binned: the reference bin's label.
    public var reference: String?
    /// Categorical: the non-reference levels, one per level column, in column order.
    public var levels: [String]?
    /// Whether the encoding has a `name:missing` column (the last of `columns`).
    public var hasMissingIndicator: Bool

    enum CodingKeys: String, CodingKey {
        case feature, columns, fill, reference, levels
        case hasMissingIndicator = "missing_indicator"
    }

    /// Bin labels `[lo,hi)` for consecutive edges.
    public static func binLabels(_ edges: [Double]) -> [String] {
        zip(edges, edges.dropFirst()).map { "[\(formatNumber($0)),\(formatNumber($1)))" }
    }

    /// Numbers in column names: integral values without a decimal point, others in the shortest form that
    /// reads back to the same value.
    public static func formatNumber(_ x: Double) -> String {
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        return "\(x)"
    }
}

/// The resolved encoding of a whole spec: one ``FeatureEncoding`` per feature, in spec order.
public struct DesignLayout: Codable, Sendable, Equatable {
    public static let interceptName = "(intercept)"
    public var features: [FeatureEncoding]

    /// All design-column names, intercept first.
    public var columnNames: [String] { [Self.interceptName] + features.flatMap(\.columns) }

    /// Index of each feature's first design column (the intercept is column 0).
    public var featureOffsets: [Int] {
        var offsets: [Int] = []
        var next = 1
        for f in features {
            offsets.append(next)
            next += f.columns.count
        }
        return offsets
    }

    public var columnCount: Int { 1 + features.reduce(0) { $0 + $1.columns.count } }
}
