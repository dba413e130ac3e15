import Foundation
import Mustache
import Testing
@testable import TilsynReports
import _TilsynTestSupport

/// What the EmbedFiles plugin compiles in from `Explain/`: every template and text there, byte for byte, and
/// nothing else (the OpenAPI document belongs to the service); every template parses.
@Suite struct EmbeddedResourcesTests {
    static let folder = Fixtures.repositoryRoot.appendingPathComponent("Explain")

    @Test func everyTemplateAndTextInExplainIsCompiledInExactly() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path)
            .filter { $0.hasSuffix(".mustache") || $0.hasSuffix(".json") || $0.hasSuffix(".md") }.sorted()
        #expect(files.count >= 20 && files.contains("card.html.mustache") && !files.contains("openapi.json"))
        #expect(ExplainResources.names == files)
        for file in files {
            let bytes = try Data(contentsOf: Self.folder.appendingPathComponent(file))
            #expect(ExplainResources.text(file).map { Data($0.utf8) } == bytes, "Explain/\(file) differs from its compiled-in copy")
        }
    }

    @Test func everyTemplateParses() throws {
        let templates = ExplainResources.names.filter { $0.hasSuffix(".mustache") }
        #expect(templates.count >= 15)
        for name in templates {
            let text = try #require(ExplainResources.text(name))
            #expect(throws: Never.self, "Explain/\(name)") { _ = try MustacheTemplate(string: text) }
        }
        #expect(throws: Never.self) { _ = try CardRenderer() }
        #expect(throws: Never.self) { _ = try CompanyPages() }
    }

    @Test(arguments: ["texts", "modelcard", "service"]) func danishAndEnglishTextsHaveTheSameKeys(stem: String) throws {
        func keys(_ language: String) throws -> Set<String> {
            let text = try #require(ExplainResources.text("\(stem).\(language).json"))
            return Set(try JSONDecoder().decode([String: String].self, from: Data(text.utf8)).keys)
        }
        #expect(try keys("da") == keys("en"))
        #expect(try CardTexts(language: "da", file: stem).language == "da")
        let error = #expect(throws: CardResourceError.self) { try CardTexts(language: "de") }
        #expect(error.map { "\($0)" } == "Explain/texts.de.json: no such texts file; languages are da, en.")
    }

    @Test func jsonLinesEscapeStrings() {
        var json = JSONLineBuilder()
        json.open()
        json.key("unit")
        json.string("a\"b\\c\nd\u{01}é")
        json.raw("}")
        #expect(String(decoding: json.bytes, as: UTF8.self) == #"{"unit":"a\"b\\c\nd\u0001é"}"#)
    }

    @Test func numbersFollowTheLanguage() {
        #expect(CardNumbers.percent(0.4395, "da") == "44,0 %")
        #expect(CardNumbers.percent(0.004, "en") == "0.40 %")
        #expect(CardNumbers.signed(-0.1234, "en") == "−0.123")
        #expect(CardNumbers.signed(0.00001, "en") == "+0.000")
        #expect(CardNumbers.count(20000, "da") == "20.000" && CardNumbers.count(1234567, "en") == "1,234,567")
    }
}
