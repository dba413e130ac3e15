import Foundation

/// The `top_reasons` text of a list row: the three largest disclosed contributions, in words.
///
/// Kept to one function over an ``Explanation`` so that richer explanations (other branches) change
/// what is passed in, not how lists are built.
public enum ListReasons {
    /// Languages of the list texts.
    public enum Language: String, Sendable, CaseIterable {
        case da, en
    }

    /// `"Enforcement notices, last 5 years = 3 (+0.82); Industry group = IG05 (+0.41); …"`.
    ///
    /// Each item is the feature's plain-language text, the unit's value as the company knows it, and the
    /// contribution to the log-odds against the average inspected unit (signed, two decimals; a decimal
    /// comma in Danish, for the value too). Undisclosed features are never named, so the merged undisclosed line is skipped.
    public static func text(_ explanation: Explanation, language: Language, count: Int = 3) -> String {
        explanation.contributions.filter(\.disclosed).prefix(count).map { c in
            let name = (language == .da ? c.text?.da : c.text?.en) ?? c.feature
            var value = c.value ?? (language == .da ? "mangler" : "missing")
            // A number in Danish takes a decimal comma (0,883); categories and dates are left as they are.
            if language == .da, Double(value) != nil { value = value.replacingOccurrences(of: ".", with: ",") }
            return "\(name) = \(value) (\(signed(c.contribution, language)))"
        }.joined(separator: "; ")
    }

    static func signed(_ x: Double, _ language: Language) -> String {
        let hundredths = Int((abs(x) * 100).rounded())
        let sign = hundredths == 0 ? "±" : (x < 0 ? "−" : "+")
        let fraction = hundredths % 100
        let text = "\(hundredths / 100)\(language == .da ? "," : ".")\(fraction < 10 ? "0" : "")\(fraction)"
        return sign + text
    }
}

/// One reason a unit is on an inspector's list, kept apart from any language so one list prints in
/// Danish and in English from the same rows.
///
/// The effect is in percentage points of the predicted probability — the unit's probability minus its
/// probability with this line taken out (the line as for the average inspected unit) — which reads
/// without knowing what log-odds are. The merged line of undisclosed features is a reason too: an
/// inspector sees it, marked ``confidential``, but it never names the hidden features' values.
public struct ListReason: Sendable, Equatable, Codable {
    /// The spec's feature name, or ``Explanation/undisclosedFeature``.
    public var feature: String
    public var text: LocalizedText?
    /// The value as the register holds it (a category, an untransformed number); `nil` when missing or undisclosed.
    public var value: String?
    public var missing: Bool
    /// The effect on the predicted probability, in percentage points (positive raises it).
    public var points: Double
    /// The merged line of features the company may not be told about.
    public var confidential: Bool

    public init(feature: String, text: LocalizedText?, value: String?, missing: Bool, points: Double, confidential: Bool) {
        self.feature = feature
        self.text = text
        self.value = value
        self.missing = missing
        self.points = points
        self.confidential = confidential
    }
}

extension ListReasons {
    /// The reasons a unit is on the list: the `count` lines that raise its predicted probability most,
    /// largest first, the confidential line included when it is one of them. Lines that lower the score
    /// are not reasons for a visit and are left out, so a unit may have fewer than `count`.
    public static func plain(_ explanation: Explanation, count: Int = 3) -> [ListReason] {
        explanation.contributions.compactMap { c -> ListReason? in
            let points = 100 * (Scorer.logistic(explanation.logOdds) - Scorer.logistic(explanation.logOdds - c.contribution))
            // Shown as +0,0 it would read as a reason of no weight: below half a hundredth of a point it is none.
            guard points >= 0.005 else { return nil }
            let confidential = c.feature == Explanation.undisclosedFeature
            return ListReason(feature: c.feature, text: c.text, value: confidential ? nil : c.value, missing: c.missing,
                              points: points, confidential: confidential)
        }.sorted { $0.points > $1.points }.prefix(count).map { $0 }
    }
}
