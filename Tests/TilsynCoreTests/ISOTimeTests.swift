import Foundation
import Testing
import TilsynCore

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
}
