import Mustache

/// Renders the list and validation templates from `Explain/`, compiled into the binary with the card
/// templates (see ``ExplainResources``), so reports render the same from any working directory.
public enum ReportTemplates {
    /// A report template that could not be parsed; a build problem, not a user's.
    public struct TemplateError: Error, CustomStringConvertible {
        public var description: String
    }

    /// Renders the embedded template `name` (e.g. `list-summary.html.mustache`) with `context`.
    public static func render(_ name: String, _ context: [String: Any]) throws -> String {
        guard let text = ExplainResources.text(name) else { throw TemplateError(description: "no embedded template named \(name)") }
        let template: MustacheTemplate
        do {
            template = try MustacheTemplate(string: text)
        } catch {
            throw TemplateError(description: "template \(name) does not parse: \(error)")
        }
        return template.render(context)
    }
}

/// Locale-free number formatting for reports, so output does not depend on the machine's settings.
public enum ReportNumber {
    public static func fixed(_ x: Double?, _ digits: Int) -> String {
        guard let x else { return "–" }
        guard x.isFinite else { return x.isNaN ? "–" : (x > 0 ? "∞" : "−∞") }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let rounded = (abs(x) * scale).rounded()
        let whole = Int64(rounded / scale)
        let frac = Int64(rounded - Double(whole) * scale)
        let sign = x < 0 && rounded != 0 ? "-" : ""
        if digits == 0 { return sign + String(whole) }
        let fracText = String(frac)
        return sign + String(whole) + "." + String(repeating: "0", count: digits - fracText.count) + fracText
    }

    /// A whole number with its digits grouped in threes by `separator` (`11.712` in Danish, `11,712` in
    /// English), as both languages write counts in running text and tables.
    /// `minus` is the sign a negative number gets (the cards write U+2212).
    public static func grouped(_ n: Int, separator: Character, minus: String = "-") -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, d) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(separator) }
            out.append(d)
        }
        return (n < 0 ? minus : "") + out
    }

    /// A large figure with decimals (a deviance, an AIC) with its whole part grouped as ``grouped(_:separator:)``
    /// does and the language's decimal sign: `58.683,37` in Danish, `58,683.37` in English.
    public static func groupedFixed(_ x: Double?, _ digits: Int, danish: Bool) -> String {
        let text = fixed(x, digits)
        let negative = text.hasPrefix("-")
        let body = negative ? text.dropFirst() : Substring(text)
        let parts = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = Int(parts[0]) else { return text }   // "–" for no value, or a non-finite one
        let decimals = parts.count > 1 ? (danish ? "," : ".") + parts[1] : ""
        return (negative ? "-" : "") + grouped(whole, separator: danish ? "." : ",") + decimals
    }

    public static func interval(_ low: Double?, _ high: Double?, _ digits: Int) -> String {
        guard low != nil || high != nil else { return "–" }
        return "[\(fixed(low, digits)), \(fixed(high, digits))]"
    }
}
