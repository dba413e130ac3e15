import Foundation
import Testing

/// The enum the EmbedFiles plugin extends with this target's fixtures (see Plugins/EmbedFiles).
enum EmbeddedFixtures {}

/// `tilsyn-embed` keeps every byte of a file, whatever it holds: runs of `#` after quotes and backslashes (raw
/// string delimiters), triple quotes, `\(` look-alikes, carriage returns, NUL and other control characters,
/// a missing final newline, an empty file.
@Suite struct EmbedFilesTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    @Test func everyFixtureIsCompiledInByteForByte() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path).filter { $0.hasSuffix(".txt") }.sorted()
        #expect(names == ["controls.txt", "empty.txt", "raw-delimiters.txt"])
        #expect(EmbeddedFixtures.embedded.keys.sorted() == names)
        for name in names {
            let bytes = try Data(contentsOf: Self.folder.appendingPathComponent(name))
            #expect(EmbeddedFixtures.embedded[name].map { Data($0.utf8) } == bytes, "\(name)")
        }
    }

    @Test func theFixturesHoldWhatTheyAreMeantToTest() throws {
        let controls = try #require(EmbeddedFixtures.embedded["controls.txt"])
        #expect(controls.utf8.contains(13) && controls.utf8.contains(0) && controls.utf8.contains(27))
        let raw = try #require(EmbeddedFixtures.embedded["raw-delimiters.txt"])
        #expect(raw.contains("\"###") && raw.contains("\\##(x)") && raw.contains("\"\"\"##") && raw.hasSuffix("no final newline"))
    }
}
