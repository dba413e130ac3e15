import Foundation
import Testing
@testable import TilsynReports
import _TilsynTestSupport

/// The binary's copies of `Explain/` equal the files (run scripts/embed-explain.sh after editing them).
@Suite struct EmbeddedResourcesTests {
    static let folder = Fixtures.repositoryRoot.appendingPathComponent("Explain")

    @Test func embeddedCopiesEqualTheFiles() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path)
            .filter { $0.hasSuffix(".mustache") || $0.hasSuffix(".json") }.sorted()
        #expect(files == ExplainResources.names, "run scripts/embed-explain.sh")
        for file in files {
            let text = try String(contentsOf: Self.folder.appendingPathComponent(file), encoding: .utf8)
            #expect(ExplainResources.text(file) == text, "Explain/\(file) differs from its embedded copy; run scripts/embed-explain.sh")
        }
    }

    @Test(arguments: ["texts", "modelcard", "service"]) func danishAndEnglishTextsHaveTheSameKeys(stem: String) throws {
        func keys(_ language: String) throws -> Set<String> {
            let text = try #require(ExplainResources.text("\(stem).\(language).json"))
            return Set(try JSONDecoder().decode([String: String].self, from: Data(text.utf8)).keys)
        }
        #expect(try keys("da") == keys("en"))
        #expect(try CardTexts(language: "da", file: stem).language == "da")
        #expect(throws: CardResourceError.self) { try CardTexts(language: "de") }
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
