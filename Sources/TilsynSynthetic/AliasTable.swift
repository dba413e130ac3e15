import TilsynCore

/// Walker's alias table: O(1) draws from a fixed discrete distribution over many items.
public struct AliasTable: Sendable {
    /// Per slot: keep the slot with this probability, else take `alias` (one record, one cache miss).
    private struct Slot: Sendable {
        var probability: Double
        var alias: Int
    }

    private var slots: [Slot]

    /// A table for `weights` (non-negative, not all zero).
    public init(weights: [Double]) {
        let n = weights.count
        precondition(n > 0, "AliasTable: need at least one weight")
        let total = weights.reduce(0, +)
        precondition(total > 0, "AliasTable: the weights sum to zero")
        var scaled = weights.map { $0 * Double(n) / total }
        var probability = [Double](repeating: 1, count: n)
        var alias = [Int](repeating: 0, count: n)
        var small = [Int]()
        var large = [Int]()
        for i in 0..<n {
            if scaled[i] < 1 { small.append(i) } else { large.append(i) }
        }
        while let s = small.popLast() {
            guard let l = large.last else {
                probability[s] = 1
                continue
            }
            probability[s] = scaled[s]
            alias[s] = l
            scaled[l] = (scaled[l] + scaled[s]) - 1
            if scaled[l] < 1 {
                large.removeLast()
                small.append(l)
            }
        }
        for l in large { probability[l] = 1 }
        for i in 0..<n where probability[i] == 1 { alias[i] = i }
        slots = (0..<n).map { Slot(probability: probability[$0], alias: alias[$0]) }
    }

    /// One draw.
    @inline(__always)
    public func draw(_ rng: inout SeededRandom) -> Int {
        let i = rng.below(slots.count)
        let slot = slots[i]
        return rng.uniform() < slot.probability ? i : slot.alias
    }
}
