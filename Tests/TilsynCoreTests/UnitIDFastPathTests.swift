import Testing
@testable import TilsynCore

/// The byte-level fast path of ``UnitID/problem(_:)`` decides exactly as the full check does.
@Suite struct UnitIDFastPathTests {
    @Test func fastPathAgreesWithTheFullCheckOnRandomIds() {
        var state: UInt64 = 17
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        // Mostly printable ASCII, with spaces, control characters, DEL and a few non-ASCII scalars
        // (one that is not in normal form C among them), at lengths around the limit too.
        let extras: [Unicode.Scalar] = [" ", "\t", "\n", "\r", "\u{0}", "\u{1B}", "\u{7F}", "\u{85}", "\u{A0}", "Å", "\u{030A}", "\u{202E}", "\u{3000}"]
        var plain = 0
        for round in 0..<20_000 {
            let length = round % 10 == 0 ? 195 + Int(next() % 10) : Int(next() % 12)
            var scalars = String.UnicodeScalarView()
            for _ in 0..<length {
                let r = next()
                scalars.append(r % 8 == 0 ? extras[Int(r / 8 % UInt64(extras.count))] : Unicode.Scalar(UInt8(0x20 + r / 8 % 95)))
            }
            let id = String(scalars)
            if UnitID.isPlainASCII(id) {
                plain += 1
                #expect(UnitID.fullCheck(id) == nil, "\(DisplayText.escaped(id))")
            }
            #expect(UnitID.problem(id) == UnitID.fullCheck(id), "\(DisplayText.escaped(id))")
        }
        #expect(plain > 1000, "the fast path must be exercised")
    }
}
