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

    /// The integer path (values below 2^64) against the C library for every digit count, on exact ties
    /// (multiples of a power of two, where rounding to even decides), values either side of a tie,
    /// subnormals, and values around 2^53 and 2^64 (where the C library's path takes over).
    @Test func printfIsStringFormatOnTiesAndEdgesForEveryDigitCount() {
        var random = SeededRandom(seed: 1616)
        var values: [Double] = [5e-324, -5e-324, 2.2250738585072014e-308, 0.5, 1.5, 4.5, 0.45, 0.05, 1e-9, 5e-10, 4.9999999999e-10,
                                9007199254740993, 9007199254740992, 18446744073709549568, 18446744073709551616, 1.8e19, -1.8e19,
                                0.9999999995, 9.9999999995, 999.9995]
        for _ in 0..<20_000 {
            let tie = Double(Int.random(in: -1_000_000...1_000_000, using: &random)) / Double(1 << Int.random(in: 0...30, using: &random))
            values += [tie, tie.nextUp, tie.nextDown]
            values.append(Double.random(in: -1...1, using: &random) * pow(10, Double(Int.random(in: -12...19, using: &random))))
        }
        var checked = 0
        for x in values {
            for digits in 0...9 {
                #expect(CardNumbers.printf(x, digits) == String(format: "%.\(digits)f", x), "\(x) \(digits)")
                checked += 1
            }
        }
        #expect(checked == values.count * 10)
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
