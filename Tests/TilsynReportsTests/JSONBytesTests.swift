import Foundation
import Testing
import TilsynCore
import TilsynReports

/// ``JSONBytes`` writes numbers as `JSONEncoder` does (Swift's shortest round-trip spelling, `1` for
/// `1.0`), now from `Double.write(to:)` into its own bytes rather than through `description`.
@Suite struct JSONBytesTests {
    static func written(_ value: Double) -> String {
        var w = JSONBytes()
        w.array([value]) { w, x in w.number(x) }
        return String(decoding: w.bytes.dropFirst().dropLast(), as: UTF8.self)
    }

    static func encoded(_ value: Double) throws -> String {
        let text = String(decoding: try JSONEncoder().encode([value]), as: UTF8.self)
        return String(text.dropFirst().dropLast())
    }

    @Test func numbersAreTheEncodersOnRandomBitPatternsAndEdges() throws {
        var generator = SeededRandom(seed: 26_605)
        var values: [Double] = [0, -0.0, 1, -1, 0.1, 1e-05, 1e16, 1e21, 123_456_789_012_345_680, 2.5, .leastNonzeroMagnitude, .greatestFiniteMagnitude,
                                -.leastNormalMagnitude, 9_007_199_254_740_992, 0.30000000000000004]
        for _ in 0..<20_000 {
            let bits = generator.next()
            let value = Double(bitPattern: bits)
            if value.isFinite { values.append(value) }
            values.append(Double.random(in: -1_000...1_000, using: &generator))
            values.append(Double(Int.random(in: -100_000...100_000, using: &generator)))
        }
        for value in values {
            let mine = Self.written(value)
            #expect(mine == (value.description.hasSuffix(".0") ? String(value.description.dropLast(2)) : value.description))
            #expect(mine == (try Self.encoded(value)), "\(value)")
        }
    }

    @Test func aNonFiniteNumberIsNull() {
        #expect(Self.written(.infinity) == "null")
        #expect(Self.written(.nan) == "null")
    }

    @Test func literalAndEscapedKeysAreWrittenAlike() {
        var a = JSONBytes(), b = JSONBytes()
        a.open(); a.key("as_of"); a.number(1.5); a.key("x"); a.string("y"); a.close()
        b.open(); b.key(escaping: "as_of"); b.number(1.5); b.key(escaping: "x"); b.string("y"); b.close()
        #expect(a.bytes == b.bytes)
        #expect(String(decoding: a.bytes, as: UTF8.self) == #"{"as_of":1.5,"x":"y"}"#)
        var c = JSONBytes()
        c.open(); c.key(escaping: "a\"b\n"); c.null(); c.close()
        #expect(String(decoding: c.bytes, as: UTF8.self) == #"{"a\"b\n":null}"#)
    }
}
