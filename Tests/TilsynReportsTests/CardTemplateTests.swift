import Foundation
import Mustache
import Testing
import TilsynCore
@testable import TilsynReports
import _TilsynTestSupport

/// ``CardTemplate`` gives swift-mustache's output byte for byte: on random templates of the subset and
/// random contexts, on every card template and sentence Tilsyn ships, and on real cards.
@Suite struct CardTemplateTests {
    // MARK: Random templates and contexts

    struct Generator {
        var random: SeededRandom

        mutating func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &random)] }
        mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &random) < p }

        static let keys = ["a", "b", "c", "t", "list", "flag"]
        static let names = ["a", "b", "c", "t", "list", "flag", "a.b", "t.a", "list.a", "b.c.a", ".", ".a", "missing", "a.missing"]
        static let strings = ["", "x", "Ærø", "<b>", "a & b", "\"q\"", "it's", "e\u{301}", "&\u{301}x", "\u{600}&", "<\u{301}>", "1.5", "{{a}}", " "]
        static let texts = ["x", " ", "  ", "\t", "\n", "\n\n", "{", "}", "æ", "<p>", "a b", " \n", "\t\n", "{x}"]

        mutating func value(depth: Int) -> Any {
            switch Int.random(in: 0..<(depth > 2 ? 3 : 6), using: &random) {
            case 0: return pick(Self.strings)
            case 1: return chance(0.5)
            case 2: return Int.random(in: -3...30, using: &random)
            case 3: return object(depth: depth + 1)
            case 4: return (0..<Int.random(in: 0...3, using: &random)).map { _ in object(depth: depth + 1) }
            default: return (0..<Int.random(in: 0...3, using: &random)).map { _ in pick(Self.strings) }
            }
        }

        mutating func object(depth: Int) -> [String: Any] {
            var out: [String: Any] = [:]
            for key in Self.keys where chance(0.6) { out[key] = value(depth: depth) }
            return out
        }

        /// A template of the subset: text, variables of each kind, sections and inverted sections (often
        /// alone on their lines, sometimes indented), comments and pragmas.
        mutating func template(depth: Int = 0) -> String {
            var out = ""
            for _ in 0..<Int.random(in: 1...6, using: &random) {
                let lineStart = chance(0.4)
                if lineStart { out += "\n" + pick(["", " ", "  ", "\t"]) }
                switch Int.random(in: 0..<(depth > 2 ? 5 : 8), using: &random) {
                case 0, 1: out += pick(Self.texts)
                case 2: out += "{{" + pick(["", " "]) + pick(Self.names) + pick(["", " "]) + "}}"
                case 3: out += pick(["\u{1}", "{{&"]) + pick(Self.names) + "}}"   // \u{1}: a triple tag, see closeTriples
                case 4: out += pick(["{{! a comment }}", "{{!}x}}", "{{% CONTENT_TYPE: TEXT}}", "{{% CONTENT_TYPE: HTML }}"])
                default:
                    let name = pick(Self.names.filter { $0 != "." })
                    let kind = pick(["#", "^"])
                    out += "{{\(kind)\(name)}}" + pick(["", "\n", " \n"]) + template(depth: depth + 1)
                        + pick(["", "\n", "\n  "]) + "{{/\(name)}}" + pick(["", "\n", " ", "  \n"])
                }
            }
            return out
        }
    }

    @Test func randomTemplatesRenderAsMustacheRendersThem() throws {
        var generator = Generator(random: SeededRandom(seed: 16))
        var compared = 0
        for i in 0..<3000 {
            let text = Self.closeTriples(generator.template())
            let context = generator.object(depth: 0)
            let mustache = try? MustacheTemplate(string: text)
            let ours = try? CardTemplate(text)
            #expect((mustache == nil) == (ours == nil), "case \(i): parses differently: \(text.debugDescription)")
            guard let mustache, let ours else { continue }
            let expected = mustache.render(context)
            let got = ours.render(context)
            #expect(got == expected, "case \(i): \(text.debugDescription)\nwith \(context)")
            if got != expected { return }
            compared += 1
        }
        #expect(compared > 2000)
    }

    /// `\u{1}name}}` (a triple tag as generated) back to `{{{name}}}`.
    static func closeTriples(_ text: String) -> String {
        var out = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "\u{1}") {
            out += rest[..<open] + "{{{"
            rest = rest[rest.index(after: open)...]
            if let close = rest.range(of: "}}") {
                out += rest[..<close.lowerBound] + "}}}"
                rest = rest[close.upperBound...]
            }
        }
        return out + rest
    }

    @Test func escapingMatchesMustacheCharacterByCharacter() throws {
        let mustache = try MustacheTemplate(string: "{{v}}")
        let ours = try CardTemplate("{{v}}")
        var random = SeededRandom(seed: 7)
        let pieces = ["<", ">", "&", "\"", "'", "a", "æ", "\u{301}", "\u{600}", "\u{200D}", "👍🏽", "\r\n", " ", "🇩🇰"]
        for _ in 0..<2000 {
            let v = (0..<Int.random(in: 0...8, using: &random)).map { _ in pieces[Int.random(in: 0..<pieces.count, using: &random)] }.joined()
            #expect(ours.render(["v": v]) == mustache.render(["v": v]), "\(v.debugDescription)")
        }
    }

    @Test func unsupportedFeaturesAreRefusedNotApproximated() {
        for text in ["{{>partial}}", "{{<parent}}{{/parent}}", "{{$block}}x{{/block}}", "{{=<% %>=}}", "{{upper(a)}}", "{{#a}}x", "x{{/a}}", "{{a"] {
            #expect(throws: CardTemplate.ParseError.self, "\(text)") { try CardTemplate(text) }
        }
    }

    // MARK: What Tilsyn ships

    static let links = CardLinks(
        modelCard: "modelcard.{lang}.html", method: "method.html",
        contact: CardContact(name: LocalizedText(da: "Arbejdstilsynet", en: "The Authority"), phone: "70 12 12 88", email: "at@example.dk"),
        correction: "/company/correction?field={field}&lang={lang}", texts: nil)

    /// Every sentence of every embedded texts file, filled from a real card's values, as Mustache fills it.
    @Test func everySentenceFillsAsMustacheFillsIt() throws {
        let files = ExplainResources.names.filter { $0.hasSuffix(".json") && !$0.hasPrefix("contact") }
        #expect(files.count >= 10)
        let values: [String: Any] = [
            "unit": "DK-1 <&>", "probability": "12,3 %", "rank": "1.234", "population": "20.000", "points": "0,4",
            "count": "3", "reference": "a & b", "id": "7", "sha": "abc", "list_name": "liste 7", "region": "Nord",
            "model_name": "grund", "model_version": "2", "contact_name": "AT", "as_of": "2026-11-16",
        ]
        for file in files {
            guard let text = ExplainResources.text(file),
                  let entries = try? JSONDecoder().decode([String: String].self, from: Data(text.utf8)) else { continue }
            for (key, sentence) in entries where sentence.contains("{{") {
                let mustache = try MustacheTemplate(string: "{{% CONTENT_TYPE: TEXT}}" + sentence)
                #expect(CardTexts.fill(sentence, values) == mustache.render(values), "\(file) \(key)")
            }
        }
    }

    /// Real cards of the demo register: the HTML and Markdown templates render every card's context as
    /// Mustache renders it (Danish and English, on and off a list, with the withdrawn-approval notice).
    @Test func cardTemplatesRenderRealCardsAsMustacheDoes() throws {
        let fixture = try ExplainFixtures.demo.get()
        let explainer = Explainer(model: fixture.model)
        let prepared = try fixture.model.encoder.prepare(fixture.register)
        let scores = try Scorer.score(model: fixture.model, table: fixture.register, threads: 2)
        let rows = scores.order.prefix(500).enumerated().map { i, row in
            IssuedList.Row(rank: i + 1, unit: scores.units[row], channel: i % 5 == 0 ? "random" : "risk", probability: scores.probability[row],
                           region: i % 2 == 0 ? "Nord" : nil, inclusionProbability: i % 5 == 0 ? 0.2 : nil)
        }
        let list = IssuedList(id: String(repeating: "a", count: 64), asOf: "2026-03-02", fingerprint: fixture.model.fingerprint, rows: rows)
        var templates: [CardFormat: (MustacheTemplate, CardTemplate)] = [:]
        for (format, file, prefix) in [(CardFormat.md, "card.md.mustache", "{{% CONTENT_TYPE: TEXT}}"), (.html, "card.html.mustache", "")] {
            let text = try #require(ExplainResources.text(file))
            templates[format] = (try MustacheTemplate(string: prefix + text), try CardTemplate(prefix + text))
        }
        var compared = 0
        for (k, row) in (Array(scores.order.prefix(40)) + Array(scores.order.suffix(20)) + [scores.order[700]]).enumerated() {
            let card = try explainer.card(prepared, row: row, scores: scores, asOf: "2026-03-02", list: k % 3 == 2 ? nil : list)
            for language in ["da", "en"] {
                let texts = try CardTexts(language: language)
                for format in [CardFormat.html, .md] {
                    let notice: CardNotice? = k % 4 == 1 ? .approvalWithdrawn(listAsOf: "2026-03-02") : nil
                    let context = CardContext(explanation: card, model: fixture.model, texts: texts, links: k % 2 == 0 ? Self.links : CardRendererTests.links,
                                              notice: notice).build(markdown: format == .md)
                    let (mustache, ours) = try #require(templates[format])
                    let expected = mustache.render(context.any)
                    #expect(ours.render(context) == expected, "row \(row) \(language) \(format)")
                    compared += 1
                }
            }
        }
        #expect(compared == 61 * 4)
    }
}
