extension DecimalParser {
    /// `b[start..<end]` as a number if it is a plain short decimal — `[-] d…d [. d…d]` with at least one
    /// digit, of at most eight bytes or with at most seven digits on each side of the point — else
    /// `nil`, and the caller reads it with ``scan(_:from:)`` (and `strtod`).
    ///
    /// Nearly every numeric cell of a register or history has this shape (`0`, `15`, `0.054`, `43.1`),
    /// so it gets a path with no loop and no branch on the data: a cell of up to eight bytes is one
    /// load (``plain(word:length:)``); a longer one takes one 8-byte load on each side of the point
    /// (``digits(in:)``). With at most 14 digits the mantissa is below 10¹⁴ < 2⁵³, and the power of ten
    /// is 10⁰…10⁷, so `mantissa / 10^fractionDigits` is Clinger's exact case: one correctly rounded
    /// division, the double `strtod` returns (`DecimalParserTests` compares every string of up to four
    /// characters and 300k random ones, bit for bit).
    ///
    /// - Precondition: `b[end]` is not a digit (a comma, line feed or carriage return in the reader).
    ///   Returns `nil` unless `b` has 8 bytes from `start`, or 9 from `end` for a longer cell.
    @inline(__always)
    static func plain(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Double? {
        guard let base = UnsafeRawPointer(b.baseAddress) else { return nil }
        let length = end &- start
        if UInt(bitPattern: length &- 1) < 8 && start &+ 8 <= b.count {  // 1...8 bytes
            return plain(word: UInt64(littleEndian: base.loadUnaligned(fromByteOffset: start, as: UInt64.self)), length: length)
        }
        guard end &+ 9 <= b.count else { return nil }
        let negative = b[start] == UInt8(ascii: "-")
        let first = start &+ (negative ? 1 : 0)
        let whole = digits(in: base.loadUnaligned(fromByteOffset: first, as: UInt64.self))
        let point = first &+ whole.count
        let fraction = digits(in: base.loadUnaligned(fromByteOffset: point &+ 1, as: UInt64.self))
        let hasPoint = b[point] == UInt8(ascii: ".")
        let fractionDigits = hasPoint ? fraction.count : 0
        let matched = whole.count &+ (hasPoint ? 1 &+ fractionDigits : 0)
        guard matched == end &- first, whole.count < 8, fractionDigits < 8, whole.count &+ fractionDigits > 0 else {
            return nil
        }
        let mantissa = whole.value &* integerPowersOfTen[fractionDigits] &+ (hasPoint ? fraction.value : 0)
        return signed(Double(Int64(bitPattern: mantissa)) / powersOfTen[fractionDigits], negative: negative)
    }

    /// ``plain(_:_:_:)`` for a cell of one to eight bytes (`length`), held in the low bytes of `word`.
    ///
    /// The point, if any, is found and squeezed out in the register, so the digits on both sides are
    /// converted together; a cell costs one load and no branch on its shape (the cells of a register
    /// are mostly one to five bytes: `0`, `1`, `0.054`).
    @inline(__always)
    static func plain(word: UInt64, length: Int) -> Double? {
        let negative = word & 0xFF == UInt64(UInt8(ascii: "-"))
        let signBytes = negative ? 1 : 0
        let count = length &- signBytes  // bytes after the sign, 0...7 (or 8 without a sign)
        let t = (word &>> UInt64(signBytes &<< 3)) ^ 0x3030_3030_3030_3030
        // High bit of each byte set where the byte is not '0'...'9' (no carries cross bytes).
        let nonDigit = (t | ((t & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7676_7676_7676_7676)) & 0x8080_8080_8080_8080
            & lowBytes[count]
        let point = nonDigit.trailingZeroBitCount &>> 3  // 8 when there is none
        let hasPoint = nonDigit != 0
        // At most one non-digit, and that one the point ('.' ^ 0x30 == 0x1E); at least one digit.
        let pointByte = (t &>> UInt64(point &<< 3)) & 0xFF
        let wrongPoint = (pointByte ^ 0x1E) & (hasPoint ? 0xFF : 0)
        let digitCount = count &- (hasPoint ? 1 : 0)
        guard (nonDigit & (nonDigit &- 1)) | wrongPoint == 0, digitCount > 0 else { return nil }
        // The digits before the point, then those after it moved down one byte over it.
        let below = lowBytes[point]
        let packed = (t & below) | ((t &>> 8) & ~below)
        // Shifted up so that zeros stand in front (digitCount ≥ 1, so the shift is at most 56).
        let v = eightDigits(packed &<< UInt64((8 &- digitCount) &<< 3))
        // A whole number is its own double (below 10⁸ < 2⁵³); only a fraction needs the division, whose
        // latency otherwise holds up every cell after it.
        if !hasPoint { return signed(Double(Int64(bitPattern: v)), negative: negative) }
        return signed(Double(Int64(bitPattern: v)) / powersOfTen[count &- 1 &- point], negative: negative)
    }

    /// `lowBytes[n]` keeps the low `n` bytes of a word (0...8).
    private static let lowBytes: [UInt64] = [
        0, 0xFF, 0xFFFF, 0xFF_FFFF, 0xFFFF_FFFF, 0xFF_FFFF_FFFF, 0xFFFF_FFFF_FFFF, 0xFF_FFFF_FFFF_FFFF, .max,
    ]

    /// `value` (a mantissa below 2⁵³ over a power of ten), negated by setting the sign bit: exact, and
    /// -0 for "-0" as strtod gives.
    @inline(__always)
    private static func signed(_ value: Double, negative: Bool) -> Double {
        Double(bitPattern: value.bitPattern | (negative ? 1 << 63 : 0))
    }

    /// 10⁰…10⁷, exact; indexed tables rather than a `switch`, which compiles to a jump table whose
    /// indirect jump, taken on the data, is mispredicted in columns of varied precision.
    private static let powersOfTen: [Double] = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7]
    private static let integerPowersOfTen: [UInt64] = [1, 10, 100, 1000, 10000, 100_000, 1_000_000, 10_000_000]

    /// The leading decimal digits of the eight bytes in `word` (the first byte lowest): how many
    /// there are (0…8) and their value.
    ///
    /// SWAR, as in ``digitRun(_:_:_:)``: a byte is a digit when `byte ^ 0x30` is at most 9, which one add
    /// tests in all eight bytes at once; the run's bytes, shifted up so that zeros stand in front,
    /// become their value in three multiplies.
    @inline(__always)
    static func digits(in word: UInt64) -> (count: Int, value: UInt64) {
        let t = UInt64(littleEndian: word) ^ 0x3030_3030_3030_3030
        // High bit of each byte set where the byte is not '0'...'9' (no carries cross bytes).
        let nonDigit = (t | ((t & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7676_7676_7676_7676)) & 0x8080_8080_8080_8080
        let count = nonDigit.trailingZeroBitCount &>> 3
        // For a count of 0 the shift would be by 64, which `&<<` takes as 0: no digits, value 0.
        return (count, count == 0 ? 0 : eightDigits(t &<< UInt64((8 &- count) &* 8)))
    }

    /// The value of eight digit values (0...9) in the bytes of `v`, the most significant lowest: pairs,
    /// then fours, then the eight combined by multiplies, no loop.
    @inline(__always)
    static func eightDigits(_ v: UInt64) -> UInt64 {
        let pairs = (v &* 10) &+ (v &>> 8)
        return (((pairs & 0x0000_00FF_0000_00FF) &* 0x000F_4240_0000_0064)
            &+ (((pairs &>> 16) & 0x0000_00FF_0000_00FF) &* 0x0000_2710_0000_0001)) &>> 32
    }
}
