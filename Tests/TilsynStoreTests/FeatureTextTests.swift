import Foundation
import Testing
@testable import TilsynStore

/// The selection rows' `features` text is `JSONSerialization`'s `.sortedKeys` output, byte for byte.
@Suite struct FeatureTextTests {
    /// SplitMix64, so the random objects are the same on every run.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Pieces that exercise the key order (case, digit runs, punctuation, letters beyond ASCII) and the
    /// escaping (quotes, backslashes, slashes, every control character, multi-byte UTF-8).
    static let pieces = ["a", "B", "b", "Z", "_", "-", ".", " ", "0", "9", "10", "2", "007", "x1", "x10", "x9",
                         "æ", "Ø", "å", "é", "ü", "ß", "€", "日", "🙂", "\"", "\\", "/", "\u{7f}", "\u{a0}"]
        + (0..<0x20).map { String(UnicodeScalar(UInt8($0))) }

    static func text(_ rng: inout Generator, maxPieces: Int) -> String {
        (0..<Int.random(in: 0...maxPieces, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
    }

    @Test func randomObjectsMatchJSONSerializationByteForByte() throws {
        var rng = Generator(state: 2026_12_01)
        var writer = FeatureText()
        for round in 0..<400 {
            var object: [String: String] = [:]
            for _ in 0..<Int.random(in: 0...12, using: &rng) { object[Self.text(&rng, maxPieces: 5)] = Self.text(&rng, maxPieces: 8) }
            let expected = String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
            let got = writer.json(object)
            #expect(got == expected, "round \(round)")
            // The key order is cached per key set: a second object with the same keys must not reuse a wrong one.
            #expect(writer.json(object) == expected)
        }
    }

    /// The demo's feature columns, as a list's selections hold them.
    @Test func registerColumnsMatchJSONSerialization() throws {
        let object = ["employees": "12", "industry": "Bygge og anlæg", "region": "Hovedstaden", "last_inspection_date": "2024-03-01",
                      "age_years": "7.5", "prior_violations_3y": "", "sector/branch": "41.20", "complaints_12m": "0",
                      "Certified": "1", "x10": "a", "x9": "b", "x_1": "c"]
        var writer = FeatureText()
        let expected = String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
        #expect(writer.json(object) == expected)
    }
}
