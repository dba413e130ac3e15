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
