extension CSVWriter {
    /// The text of number cells already written, by bit pattern, for columns that repeat a few values.
    ///
    /// An `explain --all` row holds three contributions and three values, and each line's contribution
    /// takes one of a few hundred values over a million rows (a categorical line one per level), so
    /// most of those cells were formatted, digit by digit, many thousand times. A direct-mapped table of
    /// `slots` entries keeps the last text seen in each slot; a miss formats as ``append(_:)-(Double)``
    /// does and keeps the result, so the bytes are always that method's.
    public struct NumberMemo: Sendable {
        /// Entries: 2^slotBits.
        static let slotBits = 12
        static let slots = 1 << slotBits
        /// Bytes per entry: its length, then up to 31 bytes of text (a double's shortest form is at most 24).
        static let width = 32
        /// Each entry's bit pattern. An empty entry holds a NaN's, which is never looked up (NaN is an
        /// empty cell, written before the table is asked).
        private var keys = [UInt64](repeating: Double.nan.bitPattern, count: slots)
        private var text = [UInt8](repeating: 0, count: slots * width)

        public init() {}

        fileprivate mutating func append(_ value: Double, to writer: inout CSVWriter) {
            let bits = value.bitPattern
            let slot = Int(truncatingIfNeeded: (bits &* 0x9E37_79B9_7F4A_7C15) >> UInt64(64 - Self.slotBits))
            let base = slot * Self.width
            if keys[slot] == bits {
                text.withUnsafeBufferPointer { all in
                    writer.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: all[(base + 1)..<(base + 1 + Int(all[base]))]))
                }
                return
            }
            let start = writer.bytes.count
            writer.appendNumber(value)
            let count = writer.bytes.count - start
            guard count < Self.width else { return }
            keys[slot] = bits
            text[base] = UInt8(count)
            writer.bytes.withUnsafeBufferPointer { written in
                for i in 0..<count { text[base + 1 + i] = written[start + i] }
            }
        }
    }

    /// Appends a number cell as ``append(_:)-(Double)`` does, through `memo`.
    public mutating func append(_ value: Double, memo: inout NumberMemo) {
        separate()
        if value.isNaN { return }
        memo.append(value, to: &self)
    }
}
