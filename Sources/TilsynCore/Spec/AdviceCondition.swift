/// When a feature's advice applies to a unit: `feature op number`, e.g. `employees >= 10`.
///
/// The law ties duties to the unit's circumstances (a safety organisation from 10 employees), so advice
/// that does not apply to the unit must not be given. The condition reads the unit's own value of a
/// numeric feature of the same spec, as registered (before clipping and transforms); a missing value
/// never satisfies it, so nobody is told to do something the inspectorate cannot tell applies.
public struct AdviceCondition: Sendable, Equatable, CustomStringConvertible {
    public enum Comparison: String, Sendable, CaseIterable {
        case atLeast = ">=", atMost = "<=", greater = ">", less = "<", equal = "==", notEqual = "!="
    }

    public var feature: String
    public var comparison: Comparison
    public var number: Double

    /// Parses `feature op number`; `nil` when the text has another shape.
    public init?(_ text: String) {
        let parts = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard parts.count == 3, let comparison = Comparison(rawValue: parts[1]), let number = Double(parts[2]), number.isFinite else { return nil }
        feature = parts[0]
        self.comparison = comparison
        self.number = number
    }

    /// Whether `value` (the unit's registered value; `nil` when missing) meets the condition.
    public func holds(for value: Double?) -> Bool {
        guard let value, value.isFinite else { return false }
        switch comparison {
        case .atLeast: return value >= number
        case .atMost: return value <= number
        case .greater: return value > number
        case .less: return value < number
        case .equal: return value == number
        case .notEqual: return value != number
        }
    }

    public var description: String { "\(feature) \(comparison.rawValue) \(FeatureEncoding.formatNumber(number))" }
}

extension FeatureSpec.Advice {
    /// Which way the advice moves the feature.
    public enum Way: String, Sendable, CaseIterable { case increase, decrease }

    /// The declared direction, when it is one of ``Way``.
    public var way: Way? { direction.flatMap(Way.init(rawValue:)) }

    /// The parsed condition, when one is given and parses.
    public var parsedCondition: AdviceCondition? { condition.flatMap(AdviceCondition.init) }
}
