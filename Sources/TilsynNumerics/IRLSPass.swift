import Foundation

/// One pass of IRLS over a ``Design``: deviance, score `Xᵀ(y−μ)` and information `XᵀWX` at a coefficient
/// vector, in row chunks on fixed thread partitions (partial sums are added in thread order, so results
/// do not depend on scheduling).
///
/// Per chunk of rows, the dense columns are gathered into a small row-major buffer that stays in cache:
/// η and the score are `dgemv` on it, and `XᵀWX` over the dense columns is a `dsyrk` on its √w-scaled
/// copy. One-hot blocks never become columns. Neighbouring blocks are *merged* into groups, a row's
/// merged code naming its level in every member at once, so that a group costs one table look-up for η,
/// one per-level sum for the score and weights, and one `w·x` row added into its level's row of the
/// cross table with the dense columns, however many blocks it holds. After the pass the groups' tables
/// are summed down to each block's levels (and to the block–block cross-products inside a group);
/// pairs of blocks in different groups are summed per row over their level pairs.
///
/// On the demo's shape (88 columns, 49 of them in four blocks) merging halves the per-row work of the
/// block cross-products, which were the largest share of a pass.
struct Pass: Sendable {
    let design: Design
    let labels: [Double]
    let chunkRows: Int
    let threads: Int
    /// Merged neighbouring blocks.
    let groups: [Group]
    /// Pairs of blocks in different groups, `(b, c)` with `b < c`.
    let crossGroupPairs: [(Int, Int)]

    /// Blocks merged into one code: level `l` of member `k` (−1 for none) is digit `l + 1` of radix
    /// `levels[k] + 1`.
    struct Group: Sendable {
        let members: [Int]
        let strides: [Int]
        let radices: [Int]
        let size: Int
        let codes: [Int32]
    }

    /// Merged tables stay within this many cells per dense column (the cross table is `size × pd`
    /// doubles, which should stay in the L2 cache).
    static let maximumGroupSize = 512

    /// Rows gathered at a time into the row-major chunk: 64 rows of 40 doubles are 20 KB.
    static let gatherTileRows = 64

    struct State: Sendable {
        var deviance: Double
        var score: [Double]
        /// Upper triangle of `XᵀWX`.
        var information: Matrix
    }

    init(design: Design, labels: [Double], chunkRows: Int, threads: Int) {
        self.design = design
        self.labels = labels
        self.chunkRows = max(16, chunkRows)
        self.threads = max(1, threads)
        let groups = Self.merge(design)
        self.groups = groups
        var groupOf = [Int](repeating: 0, count: design.blocks.count)
        for (g, group) in groups.enumerated() { for b in group.members { groupOf[b] = g } }
        var pairs: [(Int, Int)] = []
        for b in design.blocks.indices { for c in design.blocks.indices where c > b && groupOf[c] != groupOf[b] { pairs.append((b, c)) } }
        self.crossGroupPairs = pairs
    }

    /// Groups of neighbouring blocks whose merged level count stays within ``maximumGroupSize``.
    private static func merge(_ design: Design) -> [Group] {
        var memberLists: [[Int]] = []
        var size = 0
        for (b, block) in design.blocks.enumerated() {
            let radix = block.columns.count + 1
            if let last = memberLists.indices.last, size * radix <= maximumGroupSize {
                memberLists[last].append(b)
                size *= radix
            } else {
                memberLists.append([b])
                size = radix
            }
        }
        let n = design.rows
        return memberLists.map { members in
            let radices = members.map { design.blocks[$0].columns.count + 1 }
            var strides: [Int] = []
            var stride = 1
            for r in radices { strides.append(stride); stride *= r }
            var codes = [Int32](repeating: 0, count: n)
            for (k, b) in members.enumerated() {
                let s = Int32(strides[k])
                design.blocks[b].codes.withUnsafeBufferPointer { source in
                    codes.withUnsafeMutableBufferPointer { target in
                        for i in 0..<n { target[i] &+= (source[i] &+ 1) &* s }
                    }
                }
            }
            return Group(members: members, strides: strides, radices: radices, size: stride, codes: codes)
        }
    }

    /// Level of member `k` (−1 for none) in merged code `m`.
    @inline(__always)
    private static func level(_ group: Group, _ k: Int, _ m: Int) -> Int {
        (m / group.strides[k]) % group.radices[k] - 1
    }

    /// Row ranges, one per thread, each a whole number of chunks.
    private var ranges: [Range<Int>] {
        let n = design.rows
        let chunks = (n + chunkRows - 1) / chunkRows
        let t = max(1, min(threads, chunks))
        return (0..<t).map { k in
            let lo = min(n, (chunks * k / t) * chunkRows)
            let hi = min(n, (chunks * (k + 1) / t) * chunkRows)
            return lo..<hi
        }
    }

    func evaluate(_ beta: [Double]) -> State {
        let partials = parallelMap(count: ranges.count) { [ranges] k in accumulate(beta, rows: ranges[k]) }
        var total = partials[0]
        for part in partials.dropFirst() { total.add(part) }
        return assemble(total)
    }

    /// `Xβ` for every row.
    func linearPredictor(_ beta: [Double]) -> [Double] {
        let n = design.rows
        var eta = [Double](repeating: 0, count: n)
        eta.withUnsafeMutableBufferPointer { e in
            for (slot, j) in design.dense.enumerated() {
                let b = beta[j]
                design.denseValues[slot].withUnsafeBufferPointer { x in
                    for i in 0..<n { e[i] += b * x[i] }
                }
            }
            for block in design.blocks {
                let coef = block.columns.map { beta[$0] }
                block.codes.withUnsafeBufferPointer { codes in
                    for i in 0..<n where codes[i] >= 0 { e[i] += coef[Int(codes[i])] }
                }
            }
        }
        return eta
    }

    /// Deviance contribution, residual `y − μ` and weight `μ(1−μ)` of each row from its linear predictor.
    ///
    /// One `exp` and one `log1p` per row: with `a = e^(−|η|)`, `softplus(±η)` and `μ` all follow without
    /// overflow.
    @inline(__always)
    private static func link(
        eta: UnsafeBufferPointer<Double>, labels: UnsafeBufferPointer<Double>, count m: Int,
        residual: UnsafeMutableBufferPointer<Double>, weight: UnsafeMutableBufferPointer<Double>
    ) -> Double {
        var deviance = 0.0
        for i in 0..<m {
            let e = eta[i], y = labels[i]
            let a = exp(-abs(e))
            let l = log1p(a)
            let softplusNeg = e > 0 ? l : l - e
            let softplusPos = e > 0 ? e + l : l
            deviance += 2 * (y * softplusNeg + (1 - y) * softplusPos)
            // μ and 1 − μ each from its own formula, so whichever is tiny keeps its relative accuracy
            // (a row fitted at 1 − 1e-13 still contributes its exact share to the score).
            let mu = e >= 0 ? 1 / (1 + a) : a / (1 + a)
            let complement = e >= 0 ? a / (1 + a) : 1 / (1 + a)
            residual[i] = y * complement - (1 - y) * mu
            weight[i] = mu * complement
        }
        return deviance
    }

    // MARK: Accumulation

    /// One thread's sums over its rows, in the pass's own layout.
    struct Sums: Sendable {
        var deviance = 0.0
        var scoreDense: [Double]
        /// Column-major `pd × pd`, upper triangle.
        var denseInformation: [Double]
        /// Per group: Σ residual and Σ w per merged level, and Σ w·x_d per merged level (`size × pd`).
        var residualSums: [[Double]]
        var weightSums: [[Double]]
        var cross: [[Double]]
        /// Per cross-group pair: Σ w over level pairs.
        var pairs: [[Double]]

        mutating func add(_ other: Sums) {
            deviance += other.deviance
            Self.add(&scoreDense, other.scoreDense)
            Self.add(&denseInformation, other.denseInformation)
            for g in residualSums.indices {
                Self.add(&residualSums[g], other.residualSums[g])
                Self.add(&weightSums[g], other.weightSums[g])
                Self.add(&cross[g], other.cross[g])
            }
            for k in pairs.indices { Self.add(&pairs[k], other.pairs[k]) }
        }

        private static func add(_ a: inout [Double], _ b: [Double]) {
            for i in a.indices { a[i] += b[i] }
        }
    }

    private func accumulate(_ beta: [Double], rows range: Range<Int>) -> Sums {
        let pd = design.dense.count
        let blocks = design.blocks
        let betaDense = design.dense.map { beta[$0] }
        // η share of each merged level: the members' coefficients, summed in member order.
        let etaTables: [[Double]] = groups.map { group in
            (0..<group.size).map { m in
                var s = 0.0
                for (k, b) in group.members.enumerated() {
                    let l = Self.level(group, k, m)
                    if l >= 0 { s += beta[blocks[b].columns[l]] }
                }
                return s
            }
        }
        var sums = Sums(
            scoreDense: [Double](repeating: 0, count: pd),
            denseInformation: [Double](repeating: 0, count: pd * pd),
            residualSums: groups.map { [Double](repeating: 0, count: $0.size) },
            weightSums: groups.map { [Double](repeating: 0, count: $0.size) },
            cross: groups.map { [Double](repeating: 0, count: $0.size * pd) },
            pairs: crossGroupPairs.map { [Double](repeating: 0, count: blocks[$0.0].columns.count * blocks[$0.1].columns.count) })

        // Row i of the chunk at [i·pd ..< (i+1)·pd]. Seen from BLAS a chunk is the column-major pd × m
        // matrix Aᵀ, so η = (Aᵀ)ᵀβ is a gemv "transposed" and XᵀWX a syrk "not transposed". `scaled`
        // holds the √w-scaled copy for the syrk.
        var chunk = [Double](repeating: 0, count: chunkRows * max(pd, 1))
        var scaled = chunk
        var eta = [Double](repeating: 0, count: chunkRows)
        var residual = eta
        var weight = eta

        var start = range.lowerBound
        while start < range.upperBound {
            let m = min(chunkRows, range.upperBound - start)
            // Gathered in tiles of rows small enough for L1, so the strided stores hit the cache.
            chunk.withUnsafeMutableBufferPointer { a in
                var tile = 0
                while tile < m {
                    let tileEnd = min(m, tile + Self.gatherTileRows)
                    for d in 0..<pd {
                        design.denseValues[d].withUnsafeBufferPointer { x in
                            for i in tile..<tileEnd { a[i &* pd &+ d] = x[start &+ i] }
                        }
                    }
                    tile = tileEnd
                }
            }
            chunk.withUnsafeBufferPointer { a in
                betaDense.withUnsafeBufferPointer { b in
                    eta.withUnsafeMutableBufferPointer { e in
                        if pd > 0 {
                            LAPACK.gemv(transpose: true, rows: pd, columns: m, alpha: 1, a: a, offset: 0, lda: pd, x: b, beta: 0, y: e)
                        } else {
                            for i in 0..<m { e[i] = 0 }
                        }
                    }
                }
            }
            for (g, group) in groups.enumerated() {
                group.codes.withUnsafeBufferPointer { codes in
                    etaTables[g].withUnsafeBufferPointer { table in
                        eta.withUnsafeMutableBufferPointer { e in
                            for i in 0..<m { e[i] += table[Int(codes[start &+ i])] }
                        }
                    }
                }
            }
            sums.deviance += eta.withUnsafeBufferPointer { e in
                labels.withUnsafeBufferPointer { y in
                    residual.withUnsafeMutableBufferPointer { r in
                        weight.withUnsafeMutableBufferPointer { w in
                            Self.link(eta: e, labels: UnsafeBufferPointer(rebasing: y[start..<(start + m)]), count: m, residual: r, weight: w)
                        }
                    }
                }
            }
            // Score: dense part by gemv, groups by per-level sums.
            if pd > 0 {
                chunk.withUnsafeBufferPointer { a in
                    residual.withUnsafeBufferPointer { r in
                        sums.scoreDense.withUnsafeMutableBufferPointer { g in
                            LAPACK.gemv(transpose: false, rows: pd, columns: m, alpha: 1, a: a, offset: 0, lda: pd, x: r, beta: 1, y: g)
                        }
                    }
                }
            }
            for (g, group) in groups.enumerated() {
                group.codes.withUnsafeBufferPointer { codes in
                    residual.withUnsafeBufferPointer { r in
                        weight.withUnsafeBufferPointer { w in
                            sums.residualSums[g].withUnsafeMutableBufferPointer { rs in
                                sums.weightSums[g].withUnsafeMutableBufferPointer { ws in
                                    for i in 0..<m {
                                        let c = Int(codes[start &+ i])
                                        rs[c] += r[i]
                                        ws[c] += w[i]
                                    }
                                }
                            }
                        }
                    }
                }
                // Group × dense: add w·(row of dense values) into the merged level's row.
                guard pd > 0 else { continue }
                group.codes.withUnsafeBufferPointer { codes in
                    weight.withUnsafeBufferPointer { w in
                        chunk.withUnsafeBufferPointer { a in
                            sums.cross[g].withUnsafeMutableBufferPointer { acc in
                                guard let accBase = acc.baseAddress, let aBase = a.baseAddress else { return }
                                for i in 0..<m {
                                    let c = Int(codes[start &+ i])
                                    let wi = w[i]
                                    let source = aBase + i &* pd, target = accBase + c &* pd
                                    for d in 0..<pd { target[d] += wi * source[d] }
                                }
                            }
                        }
                    }
                }
            }
            // Blocks in different groups: sums of w over level pairs.
            for (k, (b, c2)) in crossGroupPairs.enumerated() {
                let width = blocks[c2].columns.count
                blocks[b].codes.withUnsafeBufferPointer { codesB in
                    blocks[c2].codes.withUnsafeBufferPointer { codesC in
                        weight.withUnsafeBufferPointer { w in
                            sums.pairs[k].withUnsafeMutableBufferPointer { acc in
                                for i in 0..<m {
                                    let u = Int(codesB[start &+ i]), v = Int(codesC[start &+ i])
                                    if u >= 0 && v >= 0 { acc[u &* width &+ v] += w[i] }
                                }
                            }
                        }
                    }
                }
            }
            // Dense × dense: scale rows by √w and accumulate with syrk.
            if pd > 0 {
                weight.withUnsafeBufferPointer { w in
                    chunk.withUnsafeBufferPointer { source in
                        scaled.withUnsafeMutableBufferPointer { a in
                            guard let aBase = a.baseAddress, let sBase = source.baseAddress else { return }
                            for i in 0..<m {
                                let s = w[i].squareRoot(), row = aBase + i &* pd, from = sBase + i &* pd
                                for d in 0..<pd { row[d] = from[d] * s }
                            }
                        }
                    }
                }
                scaled.withUnsafeBufferPointer { a in
                    sums.denseInformation.withUnsafeMutableBufferPointer { c in
                        LAPACK.syrk(n: pd, k: m, alpha: 1, a: a, lda: pd, beta: 1, c: c)
                    }
                }
            }
            start += m
        }
        return sums
    }

    /// The sums in design order: score and the upper triangle of the information.
    private func assemble(_ sums: Sums) -> State {
        let p = design.columns, pd = design.dense.count
        let blocks = design.blocks
        var state = State(deviance: sums.deviance, score: [Double](repeating: 0, count: p), information: Matrix(rows: p, columns: p))
        func add(_ r: Int, _ c: Int, _ value: Double) {
            state.information[min(r, c), max(r, c)] += value
        }
        for (a, ja) in design.dense.enumerated() {
            state.score[ja] = sums.scoreDense[a]
            for (b, jb) in design.dense.enumerated() where b >= a { add(ja, jb, sums.denseInformation[a + b * pd]) }
        }
        for (g, group) in groups.enumerated() {
            for m in 0..<group.size {
                let levels = group.members.indices.map { Self.level(group, $0, m) }
                let w = sums.weightSums[g][m], r = sums.residualSums[g][m]
                for (k, b) in group.members.enumerated() {
                    let l = levels[k]
                    guard l >= 0 else { continue }
                    let j = blocks[b].columns[l]
                    state.score[j] += r
                    add(j, j, w)
                    for (d, jd) in design.dense.enumerated() { add(j, jd, sums.cross[g][m * pd + d]) }
                    // Blocks of the same group: their level pair is in the merged code.
                    for k2 in (k + 1)..<max(k + 1, group.members.count) where levels[k2] >= 0 {
                        add(j, blocks[group.members[k2]].columns[levels[k2]], w)
                    }
                }
            }
        }
        for (k, (b, c2)) in crossGroupPairs.enumerated() {
            let width = blocks[c2].columns.count
            for (u, ju) in blocks[b].columns.enumerated() {
                for (v, jv) in blocks[c2].columns.enumerated() { add(ju, jv, sums.pairs[k][u * width + v]) }
            }
        }
        return state
    }
}
