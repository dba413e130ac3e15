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

    static let templates = ["service-style", "service-company.html", "service-correction.html", "service-message.html", "service-card-nav.html"]

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

    /// One text of the page texts, with `{{placeholders}}` filled as plain text.
    public func text(_ key: String, language: String, _ values: [String: Any] = [:]) -> String {
        CardTexts.fill(texts[Self.language(language)]?[key] ?? key, values)
    }

    /// The lookup form, with an error sentence above it after a failed attempt.
    public func entry(language: String, error: String? = nil, unit: String? = nil) -> String {
        render("service-company.html", language: language, ["error": error as Any, "unit": unit ?? ""])
    }

    /// The correction form; `fields` are the card items (feature name and its text in the page's language).
    public func correction(language: String, fields: [(name: String, text: String)], error: String? = nil) -> String {
        render("service-correction.html", language: language,
               ["error": error as Any, "fields": fields.map { ["name": $0.name, "text": $0.text] }])
    }

    /// A page with one sentence: a receipt, or why a request failed.
    public func message(language: String, heading: String? = nil, message: String, isError: Bool, back: String) -> String {
        render("service-message.html", language: language, [
            "heading": heading ?? text("error_title", language: language), "message": message, "is_error": isError, "back": back,
        ])
    }

    /// The card page as `tilsyn explain --format html` writes it, with a navigation bar put after `<body>`
    /// (new lookup, correction request, other language); the card itself is unchanged.
    public func cardPage(_ cardHTML: String, language: String) -> String {
        let nav = render("service-card-nav.html", language: language, [:])
        guard let body = cardHTML.range(of: "<body>") else { return cardHTML }
        return cardHTML.replacingCharacters(in: body, with: "<body>\n" + nav)
    }

    private func render(_ template: String, language: String, _ values: [String: Any]) -> String {
        var context = values
        context["t"] = texts[Self.language(language)] ?? [:]
        return library.render(context, withTemplate: template) ?? ""
    }
}
