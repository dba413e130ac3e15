/// Decimal text to `Double`, bit-identical to `strtod`, at several hundred MB/s.
///
/// `strtod` alone manages about 160 MB/s here (DESIGN §13), so the reader scans the digits itself and
/// uses Clinger's exact fast path: when the decimal mantissa `w` is an integer below 2⁵³ and the power
/// of ten `k` satisfies |k| ≤ 22, both `w` and `10^|k|` are exact doubles, so
///
/// ```
/// w · 10^k   (k ≥ 0)      or      w / 10^−k   (k < 0)
/// ```
///
/// is one correctly rounded IEEE operation, hence the same double `strtod` returns. Every other
/// number (more than 19 digits, larger exponents, subnormals) goes to `strtod` on a NUL-terminated copy,
/// so the result is always strtod's.
///
/// The accepted grammar is `[+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?`. Anything else —
/// `NA`, `1,5`, `inf`, `nan`, hex, surrounding spaces — is rejected rather than guessed at.
enum DecimalParser {
    enum Status: UInt8 {
        /// `value` is final.
        case exact
        /// Grammatically a number, but outside the fast path: ask `strtod`.
        case needsStrtod
        /// Not a number; `end` is where the grammar stopped.
        case invalid
    }

    struct Scan {
        var end: Int
        var value: Double
        var status: Status
    }

    /// Scans the longest number-shaped prefix of `b` starting at `start`.
    ///
    /// The caller guarantees a byte that cannot continue a number (a comma, line feed or quote) before the
    /// end of `b`, which lets the loops run without end checks.
    @inline(__always)
    static func scan(_ b: UnsafeBufferPointer<UInt8>, from start: Int) -> Scan {
        var p = start
        // Branch-free sign: in real data the sign is a coin flip the predictor cannot learn.
        let first = b[p]
        let negative = first == UInt8(ascii: "-")
        p &+= negative || first == UInt8(ascii: "+") ? 1 : 0
        var mantissa: UInt64 = 0
        var digits = digitRun(b, &p, &mantissa)
        var fractionDigits = 0
        if b[p] == UInt8(ascii: ".") {
            p &+= 1
            fractionDigits = digitRun(b, &p, &mantissa)
            digits &+= fractionDigits
        }
        if digits == 0 { return Scan(end: p, value: 0, status: .invalid) }
        var exponent = 0
        if b[p] | 0x20 == UInt8(ascii: "e") {
            p &+= 1
            var exponentNegative = false
            if b[p] == UInt8(ascii: "-") {
                exponentNegative = true
                p &+= 1
            } else if b[p] == UInt8(ascii: "+") {
                p &+= 1
            }
            let exponentStart = p
            while true {
                let digit = b[p] &- 48
                if digit > 9 { break }
                // Saturate: beyond 10^100000 strtod gives 0 or infinity anyway.
                if exponent < 100_000 { exponent = exponent &* 10 &+ Int(digit) }
                p &+= 1
            }
            if p == exponentStart { return Scan(end: p, value: 0, status: .invalid) }
            if exponentNegative { exponent = -exponent }
        }
        // More than 19 digits may have wrapped the 64-bit accumulator; strtod decides those.
        guard digits <= 19, mantissa <= 1 << 53 else { return Scan(end: p, value: 0, status: .needsStrtod) }
        let power = exponent &- fractionDigits
        var value: Double
        // No special case for a zero mantissa: 0·10^k and 0/10^k are 0 anyway, and in count columns a
        // zero is a coin flip the branch predictor would keep losing. Nor for the sign of the power:
        // `w · 10^k / 1` and `w · 1 / 10^−k` are the two Clinger cases (a product or quotient by 1 is
        // exact), so a column mixing "19" and "37.6" costs no mispredicted branch.
        if power >= -22 && power <= 22 {
            value = Double(mantissa) * exactPowerOfTen(max(power, 0)) / exactPowerOfTen(max(-power, 0))
        } else if power > 22 && power <= 22 + 15 {
            // 123e25 = (123·10³)·10²²: still exact while the scaled mantissa stays below 2⁵³.
            let (scaled, overflow) = mantissa.multipliedReportingOverflow(by: exactIntegerPowerOfTen(power - 22))
            guard !overflow, scaled <= 1 << 53 else { return Scan(end: p, value: 0, status: .needsStrtod) }
            value = Double(scaled) * 1e22
        } else {
            return Scan(end: p, value: 0, status: .needsStrtod)
        }
        // Setting the sign bit is exact negation, and gives -0 for "-0" as strtod does.
        return Scan(end: p, value: Double(bitPattern: value.bitPattern | (negative ? 1 << 63 : 0)), status: .exact)
    }

    /// Appends the digits at `p` to `mantissa` (wrapping past 19 digits; callers check the count) and
    /// returns how many there were.
    ///
    /// Eight bytes at a time (SWAR): one load finds the length of the digit run from the first
    /// non-digit byte, and three multiplies turn up to eight digits into their value, so a typical
    /// field costs no per-digit branch.
    @inline(__always)
    static func digitRun(_ b: UnsafeBufferPointer<UInt8>, _ p: inout Int, _ mantissa: inout UInt64) -> Int {
        let start = p
        while p &+ 8 <= b.count {
            let word = UInt64(littleEndian: UnsafeRawBufferPointer(b).loadUnaligned(fromByteOffset: p, as: UInt64.self))
            let t = word ^ 0x3030_3030_3030_3030
            // High bit of each byte set where the byte is not '0'...'9' (no carries cross bytes).
            let nonDigit = (t | ((t & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7676_7676_7676_7676)) & 0x8080_8080_8080_8080
            let count = nonDigit.trailingZeroBitCount &>> 3
            if count == 0 { return p &- start }
            // Keep the `count` digits, most significant first in the low bytes, zeros in front.
            mantissa = mantissa &* smallPowerOfTen(count) &+ eightDigits(t &<< UInt64((8 &- count) &* 8))
            p &+= count
            if count < 8 { return p &- start }
        }
        while true {
            let digit = b[p] &- 48
            if digit > 9 { break }
            mantissa = mantissa &* 10 &+ UInt64(digit)
            p &+= 1
        }
        return p &- start
    }

    @inline(__always)
    static func smallPowerOfTen(_ e: Int) -> UInt64 {
        switch e {
        case 0: 1
        case 1: 10
        case 2: 100
        case 3: 1000
        case 4: 10000
        case 5: 100_000
        case 6: 1_000_000
        case 7: 10_000_000
        default: 100_000_000
        }
    }

    /// `strtod` of `b[start..<end]`, using `scratch` for the NUL-terminated copy.
    static func strtodValue(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, scratch: inout [CChar]) -> Double {
        scratch.removeAll(keepingCapacity: true)
        for i in start..<end { scratch.append(CChar(bitPattern: b[i])) }
        scratch.append(0)
        return LibC.strtod(scratch)
    }

    /// The whole of `text` as a number, or `nil` if it is not one (as the reader would judge a cell).
    ///
    /// For tests and small inputs; the reader scans in place.
    static func parse(_ text: [UInt8]) -> Double? {
        var padded = text
        padded.append(UInt8(ascii: ","))
        return padded.withUnsafeBufferPointer { b -> Double? in
            let scan = scan(b, from: 0)
            guard scan.end == text.count else { return nil }
            switch scan.status {
            case .exact: return scan.value
            case .invalid: return nil
            case .needsStrtod:
                var scratch: [CChar] = []
                return strtodValue(b, 0, text.count, scratch: &scratch)
            }
        }
    }

    @inline(__always)
    static func exactPowerOfTen(_ e: Int) -> Double {
        switch e {
        case 0: 1e0
        case 1: 1e1
        case 2: 1e2
        case 3: 1e3
        case 4: 1e4
        case 5: 1e5
        case 6: 1e6
        case 7: 1e7
        case 8: 1e8
        case 9: 1e9
        case 10: 1e10
        case 11: 1e11
        case 12: 1e12
        case 13: 1e13
        case 14: 1e14
        case 15: 1e15
        case 16: 1e16
        case 17: 1e17
        case 18: 1e18
        case 19: 1e19
        case 20: 1e20
        case 21: 1e21
        default: 1e22
        }
    }

    @inline(__always)
    static func exactIntegerPowerOfTen(_ e: Int) -> UInt64 {
        var result: UInt64 = 1
        for _ in 0..<e { result &*= 10 }
        return result
    }
}
