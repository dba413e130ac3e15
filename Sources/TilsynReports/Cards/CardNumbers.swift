import Foundation

/// Numbers as a card shows them: a decimal comma in Danish, a real minus sign, fixed decimals.
enum CardNumbers {
    static func fixed(_ x: Double, _ digits: Int, _ language: String) -> String {
        let text = String(format: "%.\(digits)f", x)
        return localize(text, language)
    }

    /// A count with thousands separators: 20.000 in Danish, 20,000 in English.
    static func count(_ n: Int, _ language: String) -> String {
        let digits = Array(String(n.magnitude))
        var out = ""
        for (i, d) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(language == "da" ? "." : ",") }
            out.append(d)
        }
        return (n < 0 ? "−" : "") + out
    }

    /// A probability in per cent: one decimal, two below 1 %.
    static func percent(_ p: Double, _ language: String) -> String {
        let pct = 100 * p
        return fixed(pct, pct < 1 ? 2 : 1, language) + " %"
    }

    /// A contribution with its sign, three decimals.
    static func signed(_ x: Double, _ language: String) -> String {
        let body = fixed(abs(x), 3, language)
        return (x < 0 && body != fixed(0, 3, language) ? "−" : "+") + body
    }

    /// A register value: numbers get the language's decimal mark, labels stay as registered.
    static func value(_ text: String, numeric: Bool, _ language: String) -> String {
        numeric ? localize(text, language) : text
    }

    private static func localize(_ text: String, _ language: String) -> String {
        var out = text.replacingOccurrences(of: "-", with: "−")
        if language == "da" { out = out.replacingOccurrences(of: ".", with: ",") }
        return out
    }
}
