/// The commas and line feeds of quote-free CSV text, in order, found 64 bytes at a time.
///
/// Splitting a row byte by byte makes every field wait for the end of the one before: a chain of loads
/// and compares through the whole row. Marking the separators of 64 bytes at once (SWAR, eight bytes
/// per operation) leaves a bit mask whose lowest set bit is the next field end, so a field's parse
/// depends on nothing but its two ends and the processor can overlap the parses of neighbouring fields.
/// Finding every separator of the 1M-row benchmark history this way takes about 0.13 s on one thread of
/// the shared benchmark machine (2026-12-01).
///
/// Only for text without quotes: a quoted comma or line feed would be taken for a separator.
struct FieldEnds {
    private let b: UnsafeBufferPointer<UInt8>
    /// Offset of the current 64-byte block (a multiple of 64).
    private var block = 0
    /// Separators of the current block not yet returned, bit `i` for byte `block + i`.
    private var mask: UInt64 = 0

    /// Starts at `position`: the first ``next()`` is the first separator at or after it.
    init(_ b: UnsafeBufferPointer<UInt8>, from position: Int) {
        self.b = b
        seek(position)
    }

    /// Continues from `position`, after the caller read bytes itself (a row the general parser took).
    mutating func seek(_ position: Int) {
        block = position & ~63
        mask = separators(at: block) & (~0 << UInt64(position & 63))
    }

    /// The offset of the next comma or line feed.
    ///
    /// - Precondition: there is one before the end of the text (the reader's text ends with a line feed,
    ///   and a row parse stops at its line feed).
    @inline(__always)
    mutating func next() -> Int {
        while mask == 0 {
            block &+= 64
            precondition(block < b.count, "FieldEnds: no separator before the end of the text")
            mask = separators(at: block)
        }
        let end = block &+ mask.trailingZeroBitCount
        mask &= mask &- 1
        return end
    }

    /// Bit `i` set where `b[offset + i]` is a comma or a line feed.
    private func separators(at offset: Int) -> UInt64 {
        guard offset &+ 64 <= b.count, let base = UnsafeRawPointer(b.baseAddress) else { return tail(at: offset) }
        var bits: UInt64 = 0
        for word in 0..<8 {
            let w = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: offset &+ word &* 8, as: UInt64.self))
            let marks = Self.zeroBytes(w ^ 0x2C2C_2C2C_2C2C_2C2C) | Self.zeroBytes(w ^ 0x0A0A_0A0A_0A0A_0A0A)
            // The high bit of each byte, moved to bit 0 of the byte, gathered into the top byte by one multiply.
            bits |= (((marks &>> 7) &* 0x0102_0408_1020_4080) &>> 56) &<< UInt64(word &* 8)
        }
        return bits
    }

    /// ``separators(at:)`` for the last, partial block, byte by byte.
    private func tail(at offset: Int) -> UInt64 {
        var bits: UInt64 = 0
        var i = offset
        while i < b.count && i < offset &+ 64 {
            if b[i] == UInt8(ascii: ",") || b[i] == UInt8(ascii: "\n") { bits |= 1 << UInt64(i &- offset) }
            i &+= 1
        }
        return bits
    }

    /// The high bit of each byte of `x` that is zero, exactly (no borrow crosses a byte, unlike the
    /// shorter `(x - 0x01…) & ~x` test).
    @inline(__always)
    private static func zeroBytes(_ x: UInt64) -> UInt64 {
        ~(((x & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7F7F_7F7F_7F7F_7F7F) | x) & 0x8080_8080_8080_8080
    }
}
