import Foundation
import TilsynCore

/// The formats a card is written in ⚖ (DESIGN §6).
public enum CardFormat: String, CaseIterable, Sendable {
    case json, md, html
}

/// Renders explanation cards: JSON straight from the ``Explanation``, Markdown and HTML from the Mustache
/// templates in `Explain/`, parsed once and rendered by ``CardTemplate`` (the subset of Mustache they use).
///
/// The HTML is self-contained (inline CSS and SVG, no scripts, fonts or images fetched), so a card can be
/// mailed, archived or printed and still look the same.
public struct CardRenderer: Sendable {
    private let templates: [CardFormat: CardTemplate]

    /// Parses the embedded templates.
    /// - Throws: ``CardResourceError`` when a template is absent or does not parse.
    public init() throws(CardResourceError) {
        var templates: [CardFormat: CardTemplate] = [:]
        for (format, file, prefix) in [(CardFormat.md, "card.md.mustache", "{{% CONTENT_TYPE: TEXT}}"), (.html, "card.html.mustache", "")] {
            guard let text = ExplainResources.text(file) else { throw CardResourceError(file: file, reason: "the template was not embedded (is the file in Explain/?)") }
            do {
                templates[format] = try CardTemplate(prefix + text)
            } catch {
                throw CardResourceError(file: file, reason: "the template does not parse (\(error))")
            }
        }
        self.templates = templates
    }

    /// The card for `explanation` in `format` and `language`.
    /// - Parameters:
    ///   - links: where the card sends the reader (model card, method note, contact).
    ///   - notice: a label the card carries above everything else.
    ///   - detail: the JSON card's form; ``CardDetail/summary`` is the service's (it names `links.texts`).
    ///     Markdown and HTML cards have one form.
    /// - Throws: ``CardResourceError`` for an unknown language.
    public func render(
        _ explanation: Explanation, model: FittedModel, format: CardFormat, language: String, links: CardLinks, notice: CardNotice? = nil,
        detail: CardDetail = .full
    ) throws -> String {
        switch format {
        case .json:
            if detail == .summary { return CardJSON.summary(explanation, texts: links.texts) }
            if let texts = links.texts { return CardJSON.text(explanation, texts: texts) }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            return String(decoding: try encoder.encode(explanation), as: UTF8.self) + "\n"
        case .md, .html:
            let texts = try CardTexts(language: language)
            let context = CardContext(explanation: explanation, model: model, texts: texts, links: links, notice: notice).build(markdown: format == .md)
            guard let template = templates[format] else { throw CardResourceError(file: "card.\(format.rawValue).mustache", reason: "no template") }
            return template.render(context)
        }
    }

    /// The card as ``render(_:model:format:language:links:notice:detail:)`` renders it, as UTF-8 bytes:
    /// the service's JSON card goes out as the bytes it was written in, never made a `String` on the way.
    /// - Throws: as ``render(_:model:format:language:links:notice:detail:)``.
    public func renderUTF8(
        _ explanation: Explanation, model: FittedModel, format: CardFormat, language: String, links: CardLinks, notice: CardNotice? = nil,
        detail: CardDetail = .full
    ) throws -> [UInt8] {
        if format == .json {
            if detail == .summary { return CardJSON.summaryUTF8(explanation, texts: links.texts) }
            if let texts = links.texts { return CardJSON.utf8(explanation, texts: texts) }
        }
        return Array(try render(explanation, model: model, format: format, language: language, links: links, notice: notice, detail: detail).utf8)
    }

    /// A register value as the card shows it in `language`: the spec's label for a level or a yes/no, a
    /// share as a percentage, a number with the language's decimal mark and its unit in singular or
    /// plural. The correction form shows a line's current value with it, so both read the same.
    public static func shownValue(_ value: String, spec: FeatureSpec?, language: String) -> String {
        let shown = CardContext.readable(value, spec, language: language)
        return shown.value + (shown.unit.map { " \($0)" } ?? "")
    }
}
