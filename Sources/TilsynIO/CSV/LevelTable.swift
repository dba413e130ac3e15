/// The distinct labels of one categorical column as seen by one thread, in first-appearance order.
///
/// Labels are looked up by their raw bytes in an open-addressing hash table, so a cell costs a hash
/// and a compare, never a `String`; each new label is checked for valid UTF-8 once, when first seen.
/// A label of at most fifteen bytes (nearly all are: `IG07`, `5-9`, `Hovedstaden`) is also two words,
/// its ``ShortKey``, so its hash and its compare are two loads, masks and multiplies, with no loop over
/// its bytes (the byte loops were over a quarter of the plain-row parser's mispredicted branches in
/// `cachegrind`, 2026-12-01).
struct LevelTable: Sendable {
    /// All labels' bytes, back to back; label `i` is `bytes[ends[i - 1]..<ends[i]]`.
    private(set) var bytes: [UInt8] = []
    private(set) var ends: [Int] = []
    private var hashes: [UInt64] = []
    /// Each label's ``ShortKey``, or ``ShortKey/none`` for a longer label.
    private var keys: [ShortKey] = []
    /// Label index per hash slot, `-1` when free; the size is a power of two, at most half full.
    private var slots = [Int32](repeating: -1, count: 64)

    var count: Int { ends.count }

    func range(ofLevel i: Int) -> Range<Int> { (i == 0 ? 0 : ends[i - 1])..<ends[i] }

    func level(_ i: Int) -> String { String(decoding: bytes[range(ofLevel: i)], as: UTF8.self) }

    /// The code of the label `b[start..<end]`, adding it if new (then `isNew` is set).
    @inline(__always)
    mutating func code(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, isNew: inout Bool) -> Int32 {
        let found = find(b, start, end)
        if found.code >= 0 { return found.code }
        let index = found.freeSlot
        let code = Int32(ends.count)
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: b[start..<end]))
        ends.append(bytes.count)
        hashes.append(found.hash)
        keys.append(ShortKey(b, start, end) ?? .none)
        slots[index] = code
        isNew = true
        if ends.count * 2 > slots.count { rehash() }
        return code
    }

    /// The code of the label `b[start..<end]` if it is already a level, else `nil`; never adds one.
    ///
    /// For the plain-row parser, which leaves new labels (and their UTF-8 check) to the general one.
    @inline(__always)
    func existingCode(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int32? {
        let code = find(b, start, end).code
        return code >= 0 ? code : nil
    }

    /// The label's code, or `-1` and the free slot where it would go; and its hash.
    @inline(__always)
    private func find(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> (code: Int32, freeSlot: Int, hash: UInt64) {
        let key = ShortKey(b, start, end)
        let hash = key?.hash ?? Self.longHash(b, start, end)
        let mask = slots.count - 1
        var index = Int(truncatingIfNeeded: hash) & mask
        while true {
            let slot = slots[index]
            if slot < 0 { return (-1, index, hash) }
            if let key {
                // Equal keys are equal bytes: the key holds them all and their count.
                if keys[Int(slot)] == key { return (slot, index, hash) }
            } else if hashes[Int(slot)] == hash && equals(Int(slot), b, start, end) {
                return (slot, index, hash)
            }
            index = (index + 1) & mask
        }
    }

    /// Adds every label of `other` not yet present; returns `other`'s codes translated into `self`'s.
    mutating func merge(_ other: LevelTable) -> [Int32] {
        other.bytes.withUnsafeBufferPointer { b in
            (0..<other.count).map { i in
                let r = other.range(ofLevel: i)
                var isNew = false
                return code(b, r.lowerBound, r.upperBound, isNew: &isNew)
            }
        }
    }

    private func equals(_ level: Int, _ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        let r = range(ofLevel: level)
        guard r.count == end - start else { return false }
        var i = r.lowerBound
        var j = start
        while j < end {
            if bytes[i] != b[j] { return false }
            i += 1
            j += 1
        }
        return true
    }

    private mutating func rehash() {
        slots = [Int32](repeating: -1, count: slots.count * 2)
        let mask = slots.count - 1
        for (code, hash) in hashes.enumerated() {
            var index = Int(truncatingIfNeeded: hash) & mask
            while slots[index] >= 0 { index = (index + 1) & mask }
            slots[index] = Int32(code)
        }
    }

    /// A longer label's hash: FNV-1a over its bytes, then mixed as a short key is.
    private static func longHash(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for i in start..<end { h = (h ^ UInt64(b[i])) &* 0x100_0000_01b3 }
        return ShortKey.mix(h)
    }
}

/// A label of at most fifteen bytes as two words: the bytes in order from the low byte of `low` on, and
/// their count in the top byte of `high`, so two labels have equal keys exactly when they are equal.
struct ShortKey: Equatable, Sendable {
    var low: UInt64
    var high: UInt64

    /// Stands for a longer label; equal to no label's key (whose top byte is at most 15).
    static let none = ShortKey(low: 0, high: .max)

    private init(low: UInt64, high: UInt64) {
        self.low = low
        self.high = high
    }

    /// The key of `b[start..<end]`, `nil` if it is longer than fifteen bytes.
    @inline(__always)
    init?(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) {
        let length = end &- start
        guard length <= 15 else { return nil }
        if start &+ 16 <= b.count, let base = UnsafeRawPointer(b.baseAddress) {
            let first = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: start, as: UInt64.self))
            let second = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: start &+ 8, as: UInt64.self))
            low = first & Self.lowBytes(length)
            high = second & Self.lowBytes(length &- 8)
        } else {
            low = 0
            high = 0
            for k in start..<end {
                let byte = UInt64(b[k]) &<< UInt64(8 &* ((k &- start) & 7))
                if k &- start < 8 { low |= byte } else { high |= byte }
            }
        }
        high |= UInt64(length) &<< 56
    }

    /// A word keeping its low `n` bytes, for any `n` (none below 1, all above 7).
    @inline(__always)
    private static func lowBytes(_ n: Int) -> UInt64 {
        n <= 0 ? 0 : n >= 8 ? .max : (1 &<< UInt64(n &* 8)) &- 1
    }

    var hash: UInt64 { Self.mix(low ^ Self.mix(high)) }

    /// A multiply, then the high bits folded down so that the slot index (the low bits) depends on
    /// every byte.
    @inline(__always)
    static func mix(_ x: UInt64) -> UInt64 {
        let h = x &* 0x9E37_79B9_7F4A_7C15
        return (h ^ (h &>> 29)) &* 0xBF58_476D_1CE4_E5B9
    }
}
