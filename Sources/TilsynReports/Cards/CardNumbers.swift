import Foundation

/// Numbers as a card shows them: a decimal comma in Danish, a real minus sign, fixed decimals.
enum CardNumbers {
    static func fixed(_ x: Double, _ digits: Int, _ language: String) -> String {
        localize(printf(x, digits), language)
    }

    /// `String(format: "%.<digits>f", x)`, digit for digit: the exact binary value rounded to `digits`
    /// decimals, an exact tie to the even digit (as the C library does in its default rounding mode), and
    /// the sign of a negative value or −0 kept. Most values take an integer path (128-bit, exact); a value
    /// of 2^64 or more, or not finite, goes to the C library's own formatting. A card formats some 200
    /// numbers, and building a C argument list for each was a twentieth of an HTML card (issue 16);
    /// `CardNumbersTests` checks the two agree on random and tie values for every digit count.
    static func printf(_ x: Double, _ digits: Int) -> String {
        precondition((0...9).contains(digits), "CardNumbers.printf: digits \(digits) outside 0…9")
        guard x.isFinite, x.exponent < 64 else { return cPrintf(x, digits) }
        let bits = x.significandBitPattern
        let biased = Int(x.exponentBitPattern)
        let m = UInt128(biased == 0 ? bits : bits | (1 << 52))
        let e = biased == 0 ? -1074 : biased - 1075
        var scaled = m * powersOfTen[digits]
        if e >= 0 {
            scaled <<= UInt128(e)
        } else if -e >= 128 {
            scaled = 0  // below 2^-44 times 10^digits: less than half a unit of the last digit
        } else {
            let k = UInt128(-e)
            let quotient = scaled >> k
            let remainder = scaled & ((1 << k) - 1)
            let half = UInt128(1) << (k - 1)
            scaled = quotient + (remainder > half || (remainder == half && quotient & 1 == 1) ? 1 : 0)
        }
        var decimal = Array(String(scaled).utf8)
        if decimal.count <= digits { decimal.insert(contentsOf: repeatElement(UInt8(ascii: "0"), count: digits + 1 - decimal.count), at: 0) }
        if digits > 0 { decimal.insert(UInt8(ascii: "."), at: decimal.count - digits) }
        if x.sign == .minus { decimal.insert(UInt8(ascii: "-"), at: 0) }
        return String(decoding: decimal, as: UTF8.self)
    }

    private static let powersOfTen: [UInt128] = (0...9).map { d in (0..<d).reduce(UInt128(1)) { p, _ in p * 10 } }

    /// `printf` through the C library (`vsnprintf`), for what the integer path does not take.
    static func cPrintf(_ x: Double, _ digits: Int) -> String {
        formats[digits].withCString { format in
            withUnsafeTemporaryAllocation(of: CChar.self, capacity: 352) { buffer -> String in
                // %f of a double needs at most 309 digits before the point, a sign and 10 after it.
                let n = withVaList([x]) { vsnprintf(buffer.baseAddress, buffer.count, format, $0) }
                guard n >= 0, Int(n) < buffer.count else { return String(format: "%.\(digits)f", x) }
                return String(decoding: UnsafeRawBufferPointer(UnsafeMutableBufferPointer(rebasing: buffer[0..<Int(n)])), as: UTF8.self)
            }
        }
    }

    private static let formats = (0...9).map { "%.\($0)f" }

    /// A count with thousands separators: 20.000 in Danish, 20,000 in English.
    static func count(_ n: Int, _ language: String) -> String {
        ReportNumber.grouped(n, separator: language == "da" ? "." : ",", minus: "−")
    }

    /// A probability in per cent: one decimal, two below 1 %.
    static func percent(_ p: Double, _ language: String) -> String {
        let pct = 100 * p
        return fixed(pct, pct < 1 ? 2 : 1, language) + " %"
    }

    /// A contribution with its sign, three decimals.
    static func signed(_ x: Double, _ language: String) -> String {
        let body = fixed(abs(x), 3, language)
        return (x < 0 && body != fixed(0, 3, language) ? "−" : "+") + body
    }

    /// A register value: numbers get the language's decimal mark, labels stay as registered.
    static func value(_ text: String, numeric: Bool, _ language: String) -> String {
        numeric ? localize(text, language) : text
    }

    /// A real minus sign (U+2212) for `-`, and in Danish a comma for `.`.
    private static func localize(_ text: String, _ language: String) -> String {
        let comma = language == "da"
        guard text.utf8.contains(where: { $0 == UInt8(ascii: "-") || (comma && $0 == UInt8(ascii: ".")) }) else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 4)
        for b in text.utf8 {
            switch b {
            case UInt8(ascii: "-"): out.append(contentsOf: [0xE2, 0x88, 0x92])
            case UInt8(ascii: ".") where comma: out.append(UInt8(ascii: ","))
            default: out.append(b)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
