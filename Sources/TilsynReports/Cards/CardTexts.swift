import Foundation

/// The headings and sentences of a card in one language, from `Explain/texts.<lang>.json` (explanation
/// cards) or another `Explain/<file>.<lang>.json` (the model card's `modelcard.<lang>.json`).
///
/// Sentences may hold `{{placeholders}}` (the probability, the rank, …); they are filled as plain text
/// and escaped once, by the card template that shows them.
///
/// Each file is decoded once per process and each sentence's template parsed once (``TextTemplates``):
/// a card fills a few hundred sentences, and decoding the file and parsing every sentence again for
/// each card was most of an HTML card's time.
public struct CardTexts: Sendable {
    public let language: String
    private let entries: [String: String]
    /// Each sentence's template, parsed when the file is loaded (a sentence without `{{` has none): a card
    /// fills every sentence, and finding each one's template by its text was a twentieth of an HTML card.
    private let templates: [String: CardTemplate]

    public static let languages = ["da", "en"]

    /// Loads the texts for `language` ("da" or "en") from `Explain/<file>.<language>.json`.
    /// - Throws: ``CardResourceError`` when the file is absent or not a JSON object of strings.
    public init(language: String, file stem: String = "texts") throws(CardResourceError) {
        let file = "\(stem).\(language).json"
        if let known = TextTemplates.shared.texts(file) {
            self = known
            return
        }
        guard let text = ExplainResources.text(file) else {
            throw CardResourceError(file: file, reason: "no such texts file; languages are \(Self.languages.joined(separator: ", "))")
        }
        guard let decoded = try? JSONDecoder().decode([String: String].self, from: Data(text.utf8)) else {
            throw CardResourceError(file: file, reason: "expected a JSON object of strings")
        }
        self.language = language
        self.entries = decoded
        self.templates = decoded.compactMapValues { text in Self.hasTag(text) ? TextTemplates.shared.template(text) : nil }
        TextTemplates.shared.keep(self, file: file)
    }

    /// Every text, each rendered against `values` as plain text (no HTML escaping).
    func rendered(with values: [String: Any]) -> [String: String] {
        let context = CardTemplate.Value(values)
        return entries.mapValues { Self.fill($0, context) }
    }

    /// Every text rendered against typed `values`, as the card's context holds them.
    func renderedValues(with values: [String: CardTemplate.Value]) -> [String: CardTemplate.Value] {
        let context = CardTemplate.Value.object(values)
        var out: [String: CardTemplate.Value] = [:]
        out.reserveCapacity(entries.count)
        for (key, text) in entries {
            out[key] = .text(templates[key]?.render(context) ?? text)
        }
        return out
    }

    /// One text filled from `values`; the key itself when the text is absent, so a gap shows, not a blank.
    func text(_ key: String, _ values: [String: Any] = [:]) -> String {
        guard let text = entries[key] else { return key }
        return Self.fill(text, values)
    }

    /// One text filled from typed `values` (``text(_:_:)``).
    func text(_ key: String, typed values: [String: CardTemplate.Value]) -> String {
        guard let text = entries[key] else { return key }
        return templates[key]?.render(.object(values)) ?? text
    }

    static func fill(_ text: String, _ values: [String: Any]) -> String {
        guard hasTag(text) else { return text }
        return fill(text, CardTemplate.Value(values))
    }

    static func fill(_ text: String, _ context: CardTemplate.Value) -> String {
        guard hasTag(text) else { return text }
        guard let template = TextTemplates.shared.template(text) else { return text }
        return template.render(context)
    }
}

extension CardTexts {
    /// Whether `text` holds `{{` (a byte scan: Foundation's `contains` was a twentieth of an HTML card).
    static func hasTag(_ text: String) -> Bool {
        var previous: UInt8 = 0
        for b in text.utf8 {
            if b == UInt8(ascii: "{") && previous == b { return true }
            previous = b
        }
        return false
    }
}

/// The decoded text files and the parsed templates of their sentences, kept for the process.
///
/// Only the embedded files' sentences are parsed here, a fixed set of a few hundred; the bound is a
/// guard, not a working limit.
final class TextTemplates: @unchecked Sendable {
    static let shared = TextTemplates()
    private let lock = NSLock()
    private var files: [String: CardTexts] = [:]
    private var templates: [String: CardTemplate] = [:]
    private static let maxTemplates = 10_000

    func texts(_ file: String) -> CardTexts? { lock.withLock { files[file] } }
    func keep(_ texts: CardTexts, file: String) { lock.withLock { files[file] = texts } }

    /// The plain-text template of `text`, or `nil` when it does not parse (then it is shown as written).
    func template(_ text: String) -> CardTemplate? {
        if let known = lock.withLock({ templates[text] }) { return known }
        guard let template = try? CardTemplate("{{% CONTENT_TYPE: TEXT}}" + text) else { return nil }
        lock.withLock { if templates.count < Self.maxTemplates { templates[text] = template } }
        return template
    }
}
