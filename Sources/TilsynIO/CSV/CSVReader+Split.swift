import TilsynNumerics

extension CSVReader {
    /// Cuts `data[start..<end]` into at most `parts` ranges that each begin at a row.
    ///
    /// A line feed ends a row unless it sits inside quotes, and it sits inside quotes exactly when an
    /// odd number of `"` precede it (an escaped `""` counts twice, so parity is unaffected). Files without
    /// any quote, the common case, are cut at the first line feed after each nominal point; otherwise each
    /// thread first counts the quotes of its nominal share, and a prefix sum gives the parity at every
    /// cut. A stray quote would break the parity, but the parser rejects stray quotes, and the earliest
    /// error wins, so a wrong cut can never produce a result.
    ///
    /// `hasQuotes` says whether `data[start..<end]` holds any `"` at all (the caller has looked).
    static func rowAlignedRanges(
        _ data: UnsafeBufferPointer<UInt8>, start: Int, end: Int, parts: Int, hasQuotes: Bool
    ) -> [Range<Int>] {
        guard parts > 1 else { return [start..<end] }
        let nominal = (0...parts).map { start + (end - start) / parts * $0 }.dropLast() + [end]
        nonisolated(unsafe) let shared = data
        var parityBefore = [Bool](repeating: false, count: parts + 1)
        if hasQuotes {
            let counts = parallelMap(count: parts) { part in
                var count = 0
                var i = nominal[part]
                while let hit = LibC.firstIndex(of: UInt8(ascii: "\""), in: shared, from: i, to: nominal[part + 1]) {
                    count += 1
                    i = hit + 1
                }
                return count
            }
            var odd = false
            for part in 0..<parts {
                parityBefore[part] = odd
                odd = odd != (counts[part] % 2 == 1)
            }
        }
        var cuts = [start]
        do {
            let b = data
            for part in 1..<parts {
                var i = max(nominal[part], cuts[cuts.count - 1])
                var inQuotes = hasQuotes && parityBefore[part] && i == nominal[part]
                if i != nominal[part] {
                    // The previous cut overran this nominal point; it is at a row start, outside quotes.
                    inQuotes = false
                }
                var cut = end
                while i < end {
                    let c = b[i]
                    if c == UInt8(ascii: "\"") {
                        inQuotes.toggle()
                    } else if c == UInt8(ascii: "\n") && !inQuotes {
                        cut = i + 1
                        break
                    }
                    i += 1
                }
                cuts.append(cut)
            }
        }
        cuts.append(end)
        var ranges: [Range<Int>] = []
        for k in 0..<(cuts.count - 1) where cuts[k] < cuts[k + 1] { ranges.append(cuts[k]..<cuts[k + 1]) }
        return ranges
    }
}
