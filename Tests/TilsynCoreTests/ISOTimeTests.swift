import Foundation
import Testing
@testable import TilsynCore

/// ``ISOTime/text(_:)`` writes what `ISO8601DateFormatter` writes, to the character.
@Suite struct ISOTimeTests {
    @Test func theArithmeticSpellingIsTheFormattersOnRandomInstants() {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        var generator = SystemRandomNumberGenerator()
        var instants: [Double] = [0, 0.999, 59.9999, 86_399.5, 951_782_400, 1_798_761_599.999_999, 253_402_300_799, -1, -86_400.5]
        for _ in 0..<20_000 { instants.append(Double.random(in: -1e10...2.6e11, using: &generator)) }
        for _ in 0..<5_000 { instants.append(Double(Int.random(in: 0...4_102_444_800, using: &generator)) + 0.999_999_9) }
        for t in instants {
            let date = Date(timeIntervalSince1970: t)
            #expect(ISOTime.text(date) == formatter.string(from: date), "\(t)")
        }
    }

    /// What the arithmetic reads is what the formatters read, for written instants and for text close to
    /// them that is malformed or names no instant (those go through the formatters).
    @Test func theArithmeticReadingIsTheFormattersOnRandomInstantsAndNeighbours() throws {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        var generator = SeededRandom(seed: 16)
        var texts = ["2026-11-22T07:49:00Z", "1970-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "2024-02-29T12:00:00Z", "2023-02-29T12:00:00Z",
                     "2026-13-01T00:00:00Z", "2026-11-31T00:00:00Z", "2026-11-22T24:00:00Z", "2026-11-22T23:60:00Z", "2026-11-22T23:59:60Z",
                     "2026-11-22t07:49:00Z", "2026-11-22T07:49:00z", "2026-11-22T07:49Z", "2026-11-22 07:49:00Z", " 2026-11-22T07:49:00Z",
                     "1969-12-31T23:59:59Z", "2026-11-22T07:49:00+01:00", "2026-11-22T07:49:00.5Z", "+026-11-22T07:49:00Z", "2026-11-22"]
        for _ in 0..<5_000 {
            let t = Double(Int.random(in: 0...253_402_300_799, using: &generator))
            var text = Array(ISOTime.text(Date(timeIntervalSince1970: t)).utf8)
            if Bool.random(using: &generator) {
                // A neighbour: one byte changed to a digit or a separator.
                text[Int.random(in: 0..<text.count, using: &generator)] = Array("0123456789:-TZ ".utf8).randomElement(using: &generator) ?? 0
            }
            texts.append(String(decoding: text, as: UTF8.self))
        }
        for text in texts {
            let expected = formatter.date(from: text.trimmingCharacters(in: .whitespaces))
            if let fast = ISOTime.parseWritten(text) {
                #expect(fast == expected, "\(text)")
            }
            if let expected { #expect(ISOTime.parse(text) == expected, "\(text)") }
        }
    }
}
