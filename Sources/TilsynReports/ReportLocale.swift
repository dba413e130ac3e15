import Foundation
import TilsynCore

/// The language of a report page: its texts (`Explain/<file>.<lang>.json`) and how it writes numbers.
///
/// Danish pages write decimal commas and separate interval limits with a semicolon (`[0,78; 0,80]`), so a
/// limit's comma is never mistaken for the separator; English pages write `[0.78, 0.80]`.
struct ReportLocale {
    let language: String
    let texts: CardTexts

    /// - Throws: ``CardResourceError`` when `Explain/<file>.<language>.json` is missing or broken.
    init(language: String, file: String) throws {
        self.language = language == "da" ? "da" : "en"
        self.texts = try CardTexts(language: self.language, file: file)
    }

    var danish: Bool { language == "da" }

    func number(_ x: Double?, _ digits: Int) -> String {
        let text = ReportNumber.fixed(x, digits)
        return danish ? text.replacingOccurrences(of: ".", with: ",") : text
    }

    /// A count with its thousands separator: `11.712` on a Danish page (the point, since the comma is the
    /// decimal sign), `11,712` on an English one. Identifiers that are numbers (seeds, years) stay plain.
    func count(_ n: Int) -> String { ReportNumber.grouped(n, separator: danish ? "." : ",") }

    /// A large figure with decimals (deviance, AIC), its whole part grouped: `58.683,37` / `58,683.37`.
    func large(_ x: Double?, _ digits: Int) -> String { ReportNumber.groupedFixed(x, digits, danish: danish) }

    func interval(_ low: Double?, _ high: Double?, _ digits: Int) -> String {
        guard low != nil || high != nil else { return "–" }
        return "[\(number(low, digits))\(danish ? ";" : ",") \(number(high, digits))]"
    }

    /// `value [low, high]`, or `–` without a value.
    func estimate(_ value: Double?, _ low: Double?, _ high: Double?, _ digits: Int) -> String {
        guard value != nil else { return "–" }
        let ci = interval(low, high, digits)
        return ci == "–" ? number(value, digits) : "\(number(value, digits)) \(ci)"
    }

    func estimate(_ e: Estimate?, _ digits: Int) -> String { estimate(e?.value, e?.ciLow, e?.ciHigh, digits) }

    /// A text by key, filled from `values`.
    func text(_ key: String, _ values: [String: Any] = [:]) -> String { texts.text(key, values) }

    /// Every text of the file, for `{{l.key}}` in templates.
    func labels(_ values: [String: Any] = [:]) -> [String: String] { texts.rendered(with: values) }

    /// An estimand code in words (`among_inspected` → "blandt besøgte" on a Danish page).
    func estimand(_ code: String) -> String {
        let t = texts.text("estimand_\(code)")
        return t == "estimand_\(code)" ? code : t
    }
}
