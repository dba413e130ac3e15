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

    /// A date as the page's reader writes it: `16.11.2026` on a Danish page, `2026-11-16` on an English
    /// one; an instant (`2026-11-16T08:00:00Z`) as `16.11.2026 kl. 08.00 UTC` / `2026-11-16 08:00 UTC`.
    /// Anything else (a missing date's `–`, a date the data wrote another way) is shown as it is.
    func date(_ text: String?) -> String { Self.date(text, danish: danish) }

    /// ``date(_:)`` for a page that has no ``ReportLocale`` (the model card reads its texts itself).
    static func date(_ text: String?, danish: Bool) -> String {
        guard let text else { return "–" }
        let b = Array(text.utf8)
        func digits(_ range: Range<Int>) -> Bool { range.allSatisfy { (48...57).contains(b[$0]) } }
        guard b.count >= 10, digits(0..<4), b[4] == 45, digits(5..<7), b[7] == 45, digits(8..<10) else { return text }
        let year = text.prefix(4), month = text.dropFirst(5).prefix(2), day = text.dropFirst(8).prefix(2)
        let day1 = danish ? "\(day).\(month).\(year)" : String(text.prefix(10))
        if b.count == 10 { return day1 }
        // An instant: `T`, hours and minutes, optional seconds, `Z`.
        guard b.count >= 17, b[10] == 84, digits(11..<13), b[13] == 58, digits(14..<16), b.last == 90 else { return text }
        let hours = text.dropFirst(11).prefix(2), minutes = text.dropFirst(14).prefix(2)
        return danish ? "\(day1) kl. \(hours).\(minutes) UTC" : "\(day1) \(hours):\(minutes) UTC"
    }

    /// A period between two dates, `–` for a missing end.
    func period(_ from: String?, _ to: String?) -> String { "\(date(from)) – \(date(to))" }

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
