/// A design matrix in the form the fit reads it: dense columns, each its own array, and one-hot blocks
/// kept as one integer code per row.
///
/// The full `n × p` matrix is never built. A categorical feature's level columns are mostly zeros, and
/// at a million rows the dense matrix of the demo's 88 columns is 704 MB that the fit only reads back as
/// codes; the dense columns are often the table's own columns (shared, not copied), so encoding for the
/// fit costs little more than the transformed columns. ``Pass`` works on this form directly.
public struct Design: Sendable {
    public let rows: Int
    /// Design columns in all (dense and block columns).
    public let columns: Int
    /// Design columns stored densely, in design order, and their values (`rows` each).
    public let dense: [Int]
    public let denseValues: [[Double]]
    /// One-hot blocks: groups of design columns of which each row has at most one 1, all else 0.
    public let blocks: [OneHotBlock]

    public struct OneHotBlock: Sendable {
        /// Design columns of the block's levels.
        public let columns: [Int]
        /// Per row: index into `columns` of the 1, or −1 when the row has none.
        public let codes: [Int32]

        public init(columns: [Int], codes: [Int32]) {
            self.columns = columns
            self.codes = codes
        }
    }

    /// Where a design column lives: its dense slot, or its block and level.
    enum Place: Sendable {
        case dense(Int)
        case block(Int, level: Int)
    }

    let places: [Place]

    /// A design from its parts; every design column must be in exactly one of `dense` and `blocks`.
    public init(rows: Int, dense: [(column: Int, values: [Double])], blocks: [OneHotBlock]) {
        let sortedDense = dense.sorted { $0.column < $1.column }
        self.rows = rows
        self.dense = sortedDense.map(\.column)
        self.denseValues = sortedDense.map(\.values)
        self.blocks = blocks
        let p = dense.count + blocks.reduce(0) { $0 + $1.columns.count }
        self.columns = p
        var places = [Place?](repeating: nil, count: p)
        for (slot, column) in self.dense.enumerated() {
            precondition(column < p && places[column] == nil, "Design: column \(column) placed twice or out of range")
            precondition(denseValues[slot].count == rows, "Design: dense column \(column) has \(denseValues[slot].count) values for \(rows) rows")
            places[column] = .dense(slot)
        }
        for (b, block) in blocks.enumerated() {
            precondition(block.codes.count == rows, "Design: block codes have \(block.codes.count) entries for \(rows) rows")
            for (level, column) in block.columns.enumerated() {
                precondition(column < p && places[column] == nil, "Design: column \(column) placed twice or out of range")
                places[column] = .block(b, level: level)
            }
        }
        self.places = places.map { $0 ?? .dense(0) }
    }

    /// A dense matrix as a design; each group in `oneHotBlocks` that really is one-hot (every row 0 or a
    /// single 1 among its columns) becomes a block, other columns stay dense.
    public init(_ matrix: Matrix, oneHotBlocks: [[Int]] = []) {
        let n = matrix.rows
        var blocks: [OneHotBlock] = []
        var claimed = Set<Int>()
        for columns in oneHotBlocks where !columns.isEmpty && claimed.isDisjoint(with: columns) && columns.allSatisfy({ $0 < matrix.columns }) {
            if let codes = Self.codes(matrix, columns) {
                blocks.append(OneHotBlock(columns: columns, codes: codes))
                claimed.formUnion(columns)
            }
        }
        let dense = (0..<matrix.columns).filter { !claimed.contains($0) }.map { j in
            (column: j, values: Array(matrix.storage[(j * n)..<((j + 1) * n)]))
        }
        self.init(rows: n, dense: dense, blocks: blocks)
    }

    /// Codes for a block, or `nil` if some row has a value other than 0/1 or more than one 1.
    private static func codes(_ design: Matrix, _ columns: [Int]) -> [Int32]? {
        let n = design.rows
        var codes = [Int32](repeating: -1, count: n)
        for (level, j) in columns.enumerated() {
            let offset = j * n
            for i in 0..<n {
                let x = design.storage[offset + i]
                if x == 0 { continue }
                if x != 1 || codes[i] >= 0 { return nil }
                codes[i] = Int32(level)
            }
        }
        return codes
    }

    /// Element (i, j).
    public subscript(row: Int, column: Int) -> Double {
        switch places[column] {
        case .dense(let slot): denseValues[slot][row]
        case .block(let b, let level): blocks[b].codes[row] == Int32(level) ? 1 : 0
        }
    }

    /// Column `j`: the stored array for a dense column (not copied), 0/1 values made from the codes for a
    /// block column.
    public func column(_ j: Int) -> [Double] {
        switch places[j] {
        case .dense(let slot):
            return denseValues[slot]
        case .block(let b, let level):
            let code = Int32(level)
            return blocks[b].codes.map { $0 == code ? 1 : 0 }
        }
    }

    /// The same design with `extra` blocks added (their columns must follow the existing ones): how the
    /// fit appends nuisance terms without copying the dense columns.
    public func appending(blocks extra: [OneHotBlock]) -> Design {
        Design(rows: rows, dense: zip(dense, denseValues).map { (column: $0.0, values: $0.1) }, blocks: blocks + extra)
    }

    /// The full column-major `n × p` matrix.
    ///
    /// Only for the rare paths that need general per-row algebra (Firth's leverages, sandwich
    /// covariances, the separation test's cross-products): a default fit never builds it.
    public func matrix() -> Matrix {
        var storage = [Double]()
        storage.reserveCapacity(rows * columns)
        for j in 0..<columns { storage.append(contentsOf: column(j)) }
        return Matrix(rows: rows, columns: columns, columnMajor: storage)
    }

    /// Largest `|x_ij|` of each column: a block column's is 1 if any row has its level, else 0.
    ///
    /// Every fit needs it once (the polishing step's rounding-level test), so the dense columns are
    /// scanned on `threads` threads, each column by a branch-free loop over four running maxima.
    public func columnMaxAbs(threads: Int = 1) -> [Double] {
        var out = [Double](repeating: 0, count: columns)
        let t = max(1, min(threads, dense.count))
        let values = denseValues
        let maxima = parallelMap(count: t) { part -> [Double] in
            (dense.count * part / t..<dense.count * (part + 1) / t).map { slot in
                values[slot].withUnsafeBufferPointer { Self.maxAbs($0) }
            }
        }
        for (slot, m) in maxima.joined().enumerated() { out[dense[slot]] = m }
        for block in blocks {
            var seen = [Bool](repeating: false, count: block.columns.count)
            for code in block.codes where code >= 0 { seen[Int(code)] = true }
            for (level, j) in block.columns.enumerated() where seen[level] { out[j] = 1 }
        }
        return out
    }

    /// `max |x|` over `x`; NaN entries are ignored (a design column never holds one).
    static func maxAbs(_ x: UnsafeBufferPointer<Double>) -> Double {
        var m0 = 0.0, m1 = 0.0, m2 = 0.0, m3 = 0.0
        var i = 0
        while i + 4 <= x.count {
            let a = x[i].magnitude, b = x[i + 1].magnitude, c = x[i + 2].magnitude, d = x[i + 3].magnitude
            m0 = a > m0 ? a : m0
            m1 = b > m1 ? b : m1
            m2 = c > m2 ? c : m2
            m3 = d > m3 ? d : m3
            i += 4
        }
        while i < x.count {
            let a = x[i].magnitude
            m0 = a > m0 ? a : m0
            i += 1
        }
        return Swift.max(Swift.max(m0, m1), Swift.max(m2, m3))
    }

    /// Every column's mean, each summed over the rows in order.
    public func columnMeans() -> [Double] {
        var means = [Double](repeating: 0, count: columns)
        for (slot, j) in dense.enumerated() {
            var sum = 0.0
            for x in denseValues[slot] { sum += x }
            means[j] = sum / Double(rows)
        }
        for block in blocks {
            var counts = [Int](repeating: 0, count: block.columns.count)
            for c in block.codes where c >= 0 { counts[Int(c)] += 1 }
            for (level, j) in block.columns.enumerated() { means[j] = Double(counts[level]) / Double(rows) }
        }
        return means
    }

    /// Per column: whether it holds only 0 and 1, how many 1s, and the sum of `labels` where it is 1
    /// (both 0 when the column is not binary). One pass over the codes per block.
    public func binaryTallies(labels: [Double]) -> [(binary: Bool, ones: Double, labelSumAtOne: Double)] {
        var out = [(binary: Bool, ones: Double, labelSumAtOne: Double)](repeating: (false, 0, 0), count: columns)
        for (slot, j) in dense.enumerated() {
            var ones = 0.0, events = 0.0, binary = true
            let values = denseValues[slot]
            for i in 0..<rows {
                let x = values[i]
                if x == 1 { ones += 1; events += labels[i] } else if x != 0 { binary = false; break }
            }
            out[j] = binary ? (true, ones, events) : (false, 0, 0)
        }
        for block in blocks {
            var ones = [Double](repeating: 0, count: block.columns.count)
            var events = ones
            for i in 0..<rows {
                let c = Int(block.codes[i])
                if c >= 0 { ones[c] += 1; events[c] += labels[i] }
            }
            for (level, j) in block.columns.enumerated() { out[j] = (true, ones[level], events[level]) }
        }
        return out
    }
}
