/// The distinct labels of one categorical column as seen by one thread, in first-appearance order.
///
/// Labels are looked up by their raw bytes in an open-addressing hash table, so a cell costs a hash
/// and a compare, never a `String`; each new label is checked for valid UTF-8 once, when first seen.
struct LevelTable: Sendable {
    /// All labels' bytes, back to back; label `i` is `bytes[ends[i - 1]..<ends[i]]`.
    private(set) var bytes: [UInt8] = []
    private(set) var ends: [Int] = []
    private var hashes: [UInt64] = []
    /// Label index per hash slot, `-1` when free; the size is a power of two, at most half full.
    private var slots = [Int32](repeating: -1, count: 64)

    var count: Int { ends.count }

    func range(ofLevel i: Int) -> Range<Int> { (i == 0 ? 0 : ends[i - 1])..<ends[i] }

    func level(_ i: Int) -> String { String(decoding: bytes[range(ofLevel: i)], as: UTF8.self) }

    /// The code of the label `b[start..<end]`, adding it if new (then `isNew` is set).
    @inline(__always)
    mutating func code(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, isNew: inout Bool) -> Int32 {
        let hash = Self.hash(b, start, end)
        let mask = slots.count - 1
        var index = Int(truncatingIfNeeded: hash) & mask
        while true {
            let slot = slots[index]
            if slot < 0 { break }
            if hashes[Int(slot)] == hash && equals(Int(slot), b, start, end) { return slot }
            index = (index + 1) & mask
        }
        let code = Int32(ends.count)
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: b[start..<end]))
        ends.append(bytes.count)
        hashes.append(hash)
        slots[index] = code
        isNew = true
        if ends.count * 2 > slots.count { rehash() }
        return code
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

    /// FNV-1a, then a multiply so low bits (the slot index) depend on every byte.
    @inline(__always)
    private static func hash(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for i in start..<end { h = (h ^ UInt64(b[i])) &* 0x100_0000_01b3 }
        return (h ^ (h >> 29)) &* 0xbf58_476d_1ce4_e5b9
    }
}
