import Foundation
import Mustache

/// The headings and sentences of a card in one language, from `Explain/texts.<lang>.json` (explanation
/// cards) or another `Explain/<file>.<lang>.json` (the model card's `modelcard.<lang>.json`).
///
/// Sentences may hold `{{placeholders}}` (the probability, the rank, …); they are filled as plain text
/// and escaped once, by the card template that shows them.
public struct CardTexts: Sendable {
    public let language: String
    private let entries: [String: String]

    public static let languages = ["da", "en"]

    /// Loads the texts for `language` ("da" or "en") from `Explain/<file>.<language>.json`.
    /// - Throws: ``CardResourceError`` when the file is absent or not a JSON object of strings.
    public init(language: String, file stem: String = "texts") throws(CardResourceError) {
        let file = "\(stem).\(language).json"
        guard let text = ExplainResources.text(file) else {
            throw CardResourceError(file: file, reason: "no such texts file; languages are \(Self.languages.joined(separator: ", "))")
        }
        guard let decoded = try? JSONDecoder().decode([String: String].self, from: Data(text.utf8)) else {
            throw CardResourceError(file: file, reason: "expected a JSON object of strings")
        }
        self.language = language
        self.entries = decoded
    }

    /// Every text, each rendered against `values` as plain text (no HTML escaping).
    func rendered(with values: [String: Any]) -> [String: String] {
        var out: [String: String] = [:]
        for (key, text) in entries { out[key] = Self.fill(text, values) }
        return out
    }

    /// One text filled from `values`; the key itself when the text is absent, so a gap shows, not a blank.
    func text(_ key: String, _ values: [String: Any] = [:]) -> String {
        guard let text = entries[key] else { return key }
        return Self.fill(text, values)
    }

    static func fill(_ text: String, _ values: [String: Any]) -> String {
        guard text.contains("{{") else { return text }
        guard let template = try? MustacheTemplate(string: "{{% CONTENT_TYPE: TEXT}}" + text) else { return text }
        return template.render(values)
    }
}
