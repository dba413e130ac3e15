import Foundation
import Mustache
import TilsynCore

/// The HTML pages of the company self-service, in Danish and English, from the `service-*` templates and
/// `service.<lang>.json` texts in `Explain/`.
///
/// The pages hold no script and load nothing: one inline style sheet (a partial shared by every page), so
/// they pass the service's strict content security policy like the cards do. Values are HTML-escaped by
/// the templates.
public struct CompanyPages: Sendable {
    private let library: MustacheLibrary
    private let texts: [String: [String: String]]

    static let templates = ["service-style", "service-company.html", "service-correction.html", "service-message.html", "service-card-nav.html",
                            "service-status.html"]

    /// Parses the embedded templates and texts.
    /// - Throws: ``CardResourceError`` when one is absent or does not parse (a build problem).
    public init() throws(CardResourceError) {
        var library = MustacheLibrary()
        for name in Self.templates {
            let file = name + ".mustache"
            guard let text = ExplainResources.text(file) else { throw CardResourceError(file: file, reason: "the template was not embedded (is the file in Explain/?)") }
            do {
                try library.register(text, named: name)
            } catch {
                throw CardResourceError(file: file, reason: "the template does not parse (\(error))")
            }
        }
        var texts: [String: [String: String]] = [:]
        for language in CardTexts.languages {
            let file = "service.\(language).json"
            guard let text = ExplainResources.text(file),
                  let decoded = try? JSONDecoder().decode([String: String].self, from: Data(text.utf8)) else {
                throw CardResourceError(file: file, reason: "absent or not a JSON object of strings")
            }
            texts[language] = decoded
        }
        self.library = library
        self.texts = texts
    }

    /// The languages pages exist in; anything else falls back to Danish.
    public static func language(_ requested: String?) -> String {
        requested.flatMap { CardTexts.languages.contains($0) ? $0 : nil } ?? "da"
    }

    /// A date (`2026-11-20`, or an instant) as a page in `language` writes it: `20.11.2026` on a Danish page,
    /// ISO on an English one — the reports' routine (``ReportLocale/date(_:danish:)``), so a company reads
    /// dates on its pages as on its card.
    public static func date(_ text: String, language: String) -> String {
        ReportLocale.date(text, danish: Self.language(language) == "da")
    }

    /// One text of the page texts, with `{{placeholders}}` filled as plain text.
    public func text(_ key: String, language: String, _ values: [String: Any] = [:]) -> String {
        CardTexts.fill(texts[Self.language(language)]?[key] ?? key, values)
    }

    /// The lookup form, with an error sentence above it after a failed attempt and the unit as typed.
    public func entry(language: String, error: String? = nil, unit: String? = nil) -> String {
        var values: [String: Any] = ["unit": unit ?? ""]
        // Only a real sentence makes an alert: an absent one must leave no element at all.
        if let error { values["error"] = error }
        return render("service-company.html", language: language, values)
    }

    /// What a correction form shows already filled in: what was typed before an error, or the unit, the
    /// card line and its current value from a session.
    public struct CorrectionForm: Sendable {
        public var unit: String = ""
        public var field: String?
        public var claimedValue: String = ""
        public var message: String = ""
        public var contact: String = ""
        /// The chosen line's current value as the card shows it.
        public var current: String?
        public init() {}
    }

    /// The correction form; `fields` are the card items (feature name and its text in the page's language).
    public func correction(language: String, fields: [(name: String, text: String)], error: String? = nil, form: CorrectionForm = .init()) -> String {
        var values: [String: Any] = [
            "fields": fields.map { ["name": $0.name, "text": $0.text, "selected": $0.name == form.field] },
            "unit": form.unit, "claimed_value": form.claimedValue, "message": form.message, "contact": form.contact,
        ]
        if let error { values["error"] = error }
        // The other language's form keeps the line chosen.
        if let field = form.field { values["field_query"] = field }
        if let current = form.current { values["current"] = text("current_value", language: language, ["value": current]) }
        return render("service-correction.html", language: language, values)
    }

    /// The request-status page: the form, and above it the status or why it could not be shown.
    public func status(language: String, status: String? = nil, note: String? = nil, error: String? = nil, unit: String = "", reference: String = "") -> String {
        var values: [String: Any] = ["unit": unit, "reference": reference]
        if let status { values["status"] = status }
        if let note { values["note"] = note }
        if let error { values["error"] = error }
        return render("service-status.html", language: language, values)
    }

    /// A page with one sentence: a receipt, or why a request failed; optionally one more link.
    public func message(language: String, heading: String? = nil, message: String, isError: Bool, back: String,
                        link: (href: String, text: String)? = nil) -> String {
        var values: [String: Any] = [
            "heading": heading ?? text("error_title", language: language), "message": message, "is_error": isError, "back": back,
        ]
        if let link { values["extra_link"] = link.href; values["extra_text"] = link.text }
        return render("service-message.html", language: language, values)
    }

    /// The card page as `tilsyn explain --format html` writes it, with a navigation bar put after `<body>`
    /// (new lookup, correction request, other language); the card itself is unchanged.
    public func cardPage(_ cardHTML: String, language: String) -> String {
        // One line, so the page is exactly the card plus that line.
        let nav = render("service-card-nav.html", language: language, [:]).trimmingCharacters(in: .newlines)
        guard let body = cardHTML.range(of: "<body>") else { return cardHTML }
        return cardHTML.replacingCharacters(in: body, with: "<body>\n" + nav)
    }

    private func render(_ template: String, language: String, _ values: [String: Any]) -> String {
        var context = values
        context["t"] = texts[Self.language(language)] ?? [:]
        return library.render(context, withTemplate: template) ?? ""
    }
}
