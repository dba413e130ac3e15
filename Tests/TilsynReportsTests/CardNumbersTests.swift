import Foundation
import Testing
import TilsynCore
@testable import TilsynReports

/// The card's numbers are formatted as `String(format:)` and `replacingOccurrences` formatted them.
@Suite struct CardNumbersTests {
    @Test func printfIsStringFormatOnRandomDoubles() {
        var random = SeededRandom(seed: 16)
        var values: [Double] = [0, -0.0, 0.05, 0.15, 0.25, 0.0005, 2.5, -2.5, 1e15, -1e-300, .greatestFiniteMagnitude, -.greatestFiniteMagnitude,
                                .infinity, -.infinity, .nan, 99.95, 0.125, 0.375]
        for _ in 0..<20_000 {
            values.append(Double.random(in: -200...200, using: &random))
            values.append(Double(Int.random(in: -100_000...100_000, using: &random)) / 2000)   // ties at 3 decimals
            values.append(Double(bitPattern: random.next()))
        }
        for x in values {
            for digits in [0, 1, 2, 3] {
                #expect(CardNumbers.printf(x, digits) == String(format: "%.\(digits)f", x), "\(x) \(digits)")
            }
        }
    }

    @Test func localizedNumbersAreTheReplacementsOfBefore() {
        var random = SeededRandom(seed: 7)
        for _ in 0..<5_000 {
            let x = Double.random(in: -5000...5000, using: &random)
            for digits in [0, 1, 3] {
                let plain = String(format: "%.\(digits)f", x)
                let da = plain.replacingOccurrences(of: "-", with: "−").replacingOccurrences(of: ".", with: ",")
                let en = plain.replacingOccurrences(of: "-", with: "−")
                #expect(CardNumbers.fixed(x, digits, "da") == da)
                #expect(CardNumbers.fixed(x, digits, "en") == en)
            }
        }
        #expect(CardNumbers.value("1.5e-3 æ.-", numeric: true, "da") == "1,5e−3 æ,−")
    }
}
