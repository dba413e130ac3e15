/// The commas and line feeds of quote-free CSV text, in order, found 64 bytes at a time.
///
/// Splitting a row byte by byte makes every field wait for the end of the one before: a chain of loads
/// and compares through the whole row. Marking the separators of 64 bytes at once (SIMD, sixteen bytes
/// per compare) leaves a bit mask whose lowest set bit is the next field end, so a field's parse
/// depends on nothing but its two ends and the processor can overlap the parses of neighbouring fields.
/// Finding every separator of the 1M-row benchmark history this way takes about 0.1 s on one thread of
/// the shared benchmark machine, most of it taking the bits off the masks (2026-12-02).
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
    ///
    /// Sixteen bytes per compare (`SIMD16`, SSE2 on x86-64 and NEON on arm64): each byte that is a
    /// separator keeps its bit weight `1 << (i % 8)`, and one multiply per eight bytes adds the weights
    /// (distinct bits, so no carry) into the byte that is the mask's next eight bits. Marking the 1M-row
    /// history's separators this way took 22–25 ms on one thread against 55 ms for the earlier SWAR of
    /// eight bytes a word (a stand-alone loop over the file, medians of 5, 2026-12-02). Inlined into
    /// ``next()``: out of line, whole reads were 4 % slower (medians of 8 rounds, interleaved).
    @inline(__always)
    private func separators(at offset: Int) -> UInt64 {
        guard offset &+ 64 <= b.count, let base = UnsafeRawPointer(b.baseAddress) else { return tail(at: offset) }
        // Locals, not static lets, so the compiler sees constants rather than lazily initialised globals.
        let commas = SIMD16<UInt8>(repeating: UInt8(ascii: ","))
        let lineFeeds = SIMD16<UInt8>(repeating: UInt8(ascii: "\n"))
        // Byte `i`'s bit weight within its half, `1 << (i % 8)`.
        let weights = SIMD16<UInt8>(1, 2, 4, 8, 16, 32, 64, 128, 1, 2, 4, 8, 16, 32, 64, 128)
        var bits: UInt64 = 0
        for quarter in 0..<4 {
            let bytes = base.loadUnaligned(fromByteOffset: offset &+ quarter &* 16, as: SIMD16<UInt8>.self)
            let marked = (bytes .== commas) .| (bytes .== lineFeeds)
            let kept = unsafeBitCast(SIMD16<UInt8>().replacing(with: weights, where: marked), to: SIMD2<UInt64>.self)
            let low = (kept[0] &* 0x0101_0101_0101_0101) &>> 56
            let high = (kept[1] &* 0x0101_0101_0101_0101) &>> 56
            bits |= (low | (high &<< 8)) &<< UInt64(quarter &* 16)
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
}
