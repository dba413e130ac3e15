import Foundation
import Testing
@testable import TilsynIO

func strtodBits(_ text: String) -> UInt64 { strtod(text, nil).bitPattern }

@Suite struct DecimalParserTests {
    @Test(arguments: ["0.1", "-0", "0", "+0.0", "1e308", "1e-320", "4.9e-324", "2.2250738585072011e-308",
                      "1.7976931348623157e308", "9007199254740993", "123456789012345678901234567890",
                      "0.30000000000000004", "1.", ".5", "+.5e-3", "1E5", "-1e-5", "7e22", "7e23", "1234567e30",
                      "0.000000000000000000000000000001", "00000000000000000000001.5", "2.5e-400", "1e+0"])
    func knownValuesMatchStrtod(text: String) throws {
        let value = try #require(DecimalParser.parse(Array(text.utf8)))
        #expect(value.bitPattern == strtodBits(text))
    }

    /// 200k random decimal strings of varied shape; every one must give strtod's double, bit for bit.
    @Test func randomDecimalsAreBitIdenticalToStrtod() throws {
        var rng = SplitMix64(seed: 0x7115_1234)
        var mismatches: [String] = []
        for _ in 0..<200_000 {
            var text = ""
            switch rng.next() % 4 {
            case 0: text += "-"
            case 1: text += "+"
            default: break
            }
            let integerDigits = Int(rng.next() % 12)
            let fractionDigits = Int(rng.next() % (rng.next() % 5 == 0 ? 25 : 8))
            for _ in 0..<integerDigits { text += String(rng.next() % 10) }
            if fractionDigits > 0 || integerDigits == 0 {
                text += "."
                for _ in 0..<max(fractionDigits, integerDigits == 0 ? 1 : 0) { text += String(rng.next() % 10) }
            }
            if rng.next() % 3 == 0 {
                text += rng.next() % 2 == 0 ? "e" : "E"
                let scale: UInt64 = [30, 330, 25][Int(rng.next() % 3)]
                let exponent = Int(rng.next() % (2 * scale)) - Int(scale)
                text += String(exponent)
            }
            let expected = strtod(text, nil)
            if !expected.isFinite { continue }
            guard let value = DecimalParser.parse(Array(text.utf8)), value.bitPattern == expected.bitPattern else {
                mismatches.append(text)
                continue
            }
        }
        #expect(mismatches.isEmpty, "first mismatches: \(mismatches.prefix(5))")
    }

    @Test(arguments: ["", "NA", "1,5", "abc", "inf", "nan", "0x10", "1e", "e5", " 1", "1 ", "--1", "1-", "."])
    func rejects(text: String) {
        #expect(DecimalParser.parse(Array(text.utf8)) == nil)
    }

    /// `DecimalParser.plain` of `text` as the reader calls it: the cell followed by a comma and the
    /// next bytes of a row, so its loads see what they would in a file.
    static func plain(_ text: String) -> Double? {
        let bytes = Array(text.utf8) + Array(",12.5,-0.25,7\n".utf8)
        return bytes.withUnsafeBufferPointer { DecimalParser.plain($0, 0, text.utf8.count) }
    }

    /// Every string of up to four characters over digits, point, signs, `e` and a space: the plain path
    /// gives strtod's double, bit for bit, wherever it answers, and answers for every plain decimal.
    @Test func plainPathIsStrtodOnEveryShortString() {
        let alphabet = Array("0123456789.-+e ")
        var mismatches: [String] = []
        var answered = 0
        func visit(_ text: String) {
            if !text.isEmpty {
                let isPlain = text.wholeMatch(of: /-?(\d+\.?\d*|\.\d+)/) != nil
                let value = Self.plain(text)
                if let value {
                    answered += 1
                    if !isPlain || value.bitPattern != strtodBits(text) { mismatches.append(text) }
                } else if isPlain {
                    mismatches.append(text)  // a plain decimal the plain path should have taken
                }
            }
            if text.count < 4 { for c in alphabet { visit(text + String(c)) } }
        }
        visit("")
        #expect(mismatches.isEmpty, "first mismatches: \(mismatches.prefix(5))")
        #expect(answered > 10_000)
    }

    /// 300k random plain decimals of one to seven digits on each side, signs and leading zeros:
    /// bit-identical to strtod, in the one-word (at most 8 bytes) and the two-word forms.
    @Test func randomPlainDecimalsAreBitIdenticalToStrtod() {
        var rng = SplitMix64(seed: 0x5EED_0016)
        var mismatches: [String] = []
        var oneWord = 0
        for _ in 0..<300_000 {
            var text = rng.next() % 3 == 0 ? "-" : ""
            let whole = Int(rng.next() % 8)
            let fraction = Int(rng.next() % 8)
            for _ in 0..<whole { text += String(rng.next() % 10) }
            if fraction > 0 || whole == 0 || rng.next() % 8 == 0 {
                text += "."
                for _ in 0..<max(fraction, whole == 0 ? 1 : 0) { text += String(rng.next() % 10) }
            }
            if text.utf8.count <= 8 { oneWord += 1 }
            guard let value = Self.plain(text), value.bitPattern == strtodBits(text) else {
                mismatches.append(text)
                continue
            }
        }
        #expect(mismatches.isEmpty, "first mismatches: \(mismatches.prefix(5))")
        #expect(oneWord > 50_000 && oneWord < 250_000)
    }

    /// Eight digits on one side, an exponent, a `+`, or no room for the loads: the plain path declines,
    /// and the reader's general scan takes the cell.
    @Test(arguments: ["123456789", "0.12345678", "1e5", "+1", "1.5e-3", "1,5", "--1", "1-", ".", "-", "1.2.3", " 1"])
    func plainPathDeclines(text: String) {
        #expect(Self.plain(text) == nil)
    }
}

/// A tiny deterministic generator so property tests replay exactly.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
