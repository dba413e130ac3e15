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
