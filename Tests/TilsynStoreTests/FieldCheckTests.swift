import Foundation
import Testing
import TilsynCore
@testable import TilsynStore

/// ``FieldCheck/trimmed(_:)`` skips Foundation's trim only where it cannot change anything; everywhere
/// it must give `trimmingCharacters(in: .whitespacesAndNewlines)`'s text.
@Suite struct FieldCheckTests {
    @Test func trimmedIsFoundationsTrimOnRandomText() {
        var generator = SeededRandom(seed: 7)
        let pieces = ["a", "Z", "0", "~", "!", " ", "\t", "\n", "\r", "\u{0B}", "\u{0C}", "\u{85}", "\u{A0}", "\u{1680}", "\u{2000}",
                      "\u{200A}", "\u{2028}", "\u{2029}", "\u{202F}", "\u{205F}", "\u{3000}", "\u{200B}", "\u{FEFF}", "æ", "\u{301}",
                      "👩‍👩‍👧", "\u{0}", "\u{7F}", "\u{1F}"]
        var cases = ["", " ", "unit:1", " unit", "unit ", "a\u{301}", "\u{301}a", "x\u{A0}", "\u{3000}x", "~", "!x!"]
        for _ in 0..<20_000 {
            cases.append((0..<Int.random(in: 0...6, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined())
        }
        for text in cases {
            #expect(FieldCheck.trimmed(text) == text.trimmingCharacters(in: .whitespacesAndNewlines), "\(Array(text.unicodeScalars))")
        }
    }

    @Test func requiredStillRefusesBlankAndLongText() throws {
        #expect(throws: StoreError.invalidField(field: "unit", reason: "must not be empty")) { try FieldCheck.required(" \n", field: "unit", limit: 5) }
        #expect(throws: StoreError.invalidField(field: "unit", reason: "must be at most 5 characters, not 6")) {
            try FieldCheck.required("abcdef", field: "unit", limit: 5)
        }
        #expect(try FieldCheck.required(" a b ", field: "unit", limit: 5) == "a b")
        #expect(try FieldCheck.optional("  ", field: "note", limit: 5) == nil)
        #expect(try FieldCheck.optional(nil, field: "note", limit: 5) == nil)
        #expect(try FieldCheck.optional("\tx\u{3000}", field: "note", limit: 5) == "x")
    }
}
