import Foundation

/// One pass of IRLS over the design: deviance, score `Xᵀ(y−μ)` and information `XᵀWX` at a coefficient
/// vector, in row chunks on fixed thread partitions (partial sums are added in thread order, so results
/// do not depend on scheduling).
///
/// Two kernels share the work:
/// - *dense*: every column goes through BLAS (`dgemv` for η and the score, `dsyrk` on a √w-scaled chunk
///   for the information);
/// - *structured*: columns in verified one-hot blocks (categorical levels, bins) are kept as integer codes.
///   Only the dense columns go through `dsyrk`; a block's share of η and of the score is a table look-up
///   and a per-level sum, its cross-products with the dense columns are per-level sums of `w·x` rows, and
///   block–block cross-products are sums of `w` over level pairs.
///
/// Measured on the demo's shape (88 columns of which 49 are in one-hot blocks) the structured kernel
/// needs about a quarter of the floating-point work of the dense one, which is why it exists.
struct Pass: Sendable {
    let design: Matrix
    let labels: [Double]
    let chunkRows: Int
    let threads: Int
    /// Columns handled densely, in design order.
    let dense: [Int]
    /// Verified one-hot blocks.
    let blocks: [Block]
    /// The dense columns again, row-major (`n × dense.count`), built once so that every pass reads each row's
    /// dense values contiguously; only made when there are blocks (the dense kernel reads the design itself).
    let denseRows: [Double]

    struct Block: Sendable {
        /// Design columns of the block's levels.
        let columns: [Int]
        /// Per row: index into `columns` of the 1, or −1 when the row has none.
        let codes: [Int32]
    }

    struct State: Sendable {
        var deviance: Double
        var score: [Double]
        /// Upper triangle of `XᵀWX`.
        var information: Matrix
    }

    init(design: Matrix, labels: [Double], chunkRows: Int, threads: Int, oneHotBlocks: [[Int]] = []) {
        self.design = design
        self.labels = labels
        self.chunkRows = max(16, chunkRows)
        self.threads = max(1, threads)
        var blocks: [Block] = []
        var claimed = Set<Int>()
        for columns in oneHotBlocks where !columns.isEmpty && claimed.isDisjoint(with: columns) {
            if let codes = Self.codes(design, columns) {
                blocks.append(Block(columns: columns, codes: codes))
                claimed.formUnion(columns)
            }
        }
        self.blocks = blocks
        let dense = (0..<design.columns).filter { !claimed.contains($0) }
        self.dense = dense
        self.denseRows = blocks.isEmpty ? [] : Self.rowMajor(design, columns: dense, threads: self.threads)
    }

    /// The given columns of `design` as a row-major matrix, transposed in tiles of rows by several threads.
    private static func rowMajor(_ design: Matrix, columns: [Int], threads: Int) -> [Double] {
        let n = design.rows, pd = columns.count
        return [Double](unsafeUninitializedCapacity: n * pd) { buffer, initialized in
            nonisolated(unsafe) let out = buffer
            _ = parallelMap(count: threads) { k -> Bool in
                let rows = (n * k / threads)..<(n * (k + 1) / threads)
                design.storage.withUnsafeBufferPointer { x in
                    guard let xBase = x.baseAddress, let outBase = out.baseAddress else { return }
                    var tile = rows.lowerBound
                    while tile < rows.upperBound {
                        let end = min(tile + 256, rows.upperBound)
                        for (jd, j) in columns.enumerated() {
                            let src = xBase + j &* n
                            let dst = outBase + jd
                            for i in tile..<end { (dst + i &* pd).initialize(to: src[i]) }
                        }
                        tile = end
                    }
                }
                return true
            }
            initialized = n * pd
        }
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
        let p = design.columns
        let partials = parallelMap(count: ranges.count) { [ranges] k in
            blocks.isEmpty ? evaluateDense(beta, rows: ranges[k]) : evaluateStructured(beta, rows: ranges[k])
        }
        var total = partials[0]
        for part in partials.dropFirst() {
            total.deviance += part.deviance
            for j in 0..<p { total.score[j] += part.score[j] }
            for idx in 0..<(p * p) { total.information.storage[idx] += part.information.storage[idx] }
        }
        return total
    }

    func linearPredictor(_ beta: [Double]) -> [Double] {
        let n = design.rows, p = design.columns
        var eta = [Double](repeating: 0, count: n)
        design.storage.withUnsafeBufferPointer { x in
            beta.withUnsafeBufferPointer { b in
                eta.withUnsafeMutableBufferPointer { e in
                    LAPACK.gemv(transpose: false, rows: n, columns: p, alpha: 1, a: x, offset: 0, lda: n, x: b, beta: 0, y: e)
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

    // MARK: Dense kernel

    private func evaluateDense(_ beta: [Double], rows range: Range<Int>) -> State {
        let n = design.rows, p = design.columns
        var state = State(deviance: 0, score: [Double](repeating: 0, count: p), information: Matrix(rows: p, columns: p))
        var eta = [Double](repeating: 0, count: chunkRows)
        var residual = [Double](repeating: 0, count: chunkRows)
        var weight = [Double](repeating: 0, count: chunkRows)
        var scaled = [Double](repeating: 0, count: chunkRows * p)
        var start = range.lowerBound
        while start < range.upperBound {
            let m = min(chunkRows, range.upperBound - start)
            design.storage.withUnsafeBufferPointer { x in
                beta.withUnsafeBufferPointer { b in
                    eta.withUnsafeMutableBufferPointer { e in
                        LAPACK.gemv(transpose: false, rows: m, columns: p, alpha: 1, a: x, offset: start, lda: n, x: b, beta: 0, y: e)
                    }
                }
            }
            state.deviance += eta.withUnsafeBufferPointer { e in
                labels.withUnsafeBufferPointer { y in
                    residual.withUnsafeMutableBufferPointer { r in
                        weight.withUnsafeMutableBufferPointer { w in
                            Self.link(eta: e, labels: UnsafeBufferPointer(rebasing: y[start..<(start + m)]), count: m, residual: r, weight: w)
                        }
                    }
                }
            }
            design.storage.withUnsafeBufferPointer { x in
                residual.withUnsafeBufferPointer { r in
                    state.score.withUnsafeMutableBufferPointer { g in
                        LAPACK.gemv(transpose: true, rows: m, columns: p, alpha: 1, a: x, offset: start, lda: n, x: r, beta: 1, y: g)
                    }
                }
                weight.withUnsafeMutableBufferPointer { w in
                    for i in 0..<m { w[i] = w[i].squareRoot() }
                    scaled.withUnsafeMutableBufferPointer { s in
                        for j in 0..<p {
                            let src = j * n + start, dst = j * m
                            for i in 0..<m { s[dst + i] = x[src + i] * w[i] }
                        }
                    }
                }
            }
            scaled.withUnsafeBufferPointer { s in
                state.information.storage.withUnsafeMutableBufferPointer { c in
                    LAPACK.syrkTransposed(n: p, k: m, alpha: 1, a: s, lda: m, beta: 1, c: c)
                }
            }
            start += m
        }
        return state
    }

    // MARK: Structured kernel

    private func evaluateStructured(_ beta: [Double], rows range: Range<Int>) -> State {
        let n = design.rows, p = design.columns
        let pd = dense.count
        let betaDense = dense.map { beta[$0] }
        let betaBlocks = blocks.map { block in block.columns.map { beta[$0] } }
        let levels = blocks.map(\.columns.count)

        var deviance = 0.0
        var scoreDense = [Double](repeating: 0, count: pd)
        var scoreBlocks = levels.map { [Double](repeating: 0, count: $0) }
        var denseInformation = [Double](repeating: 0, count: pd * pd)
        // cross[b][l·pd + d] = Σ w·x_d over rows with level l of block b.
        var cross = levels.map { [Double](repeating: 0, count: $0 * pd) }
        var diagonal = levels.map { [Double](repeating: 0, count: $0) }
        // pairs[(b, b')][l·L_b' + l'] = Σ w over rows with level l of b and l' of b' (b < b').
        var pairIndex: [(Int, Int)] = []
        for b in blocks.indices { for c in blocks.indices where c > b { pairIndex.append((b, c)) } }
        var pairs = pairIndex.map { [Double](repeating: 0, count: levels[$0.0] * levels[$0.1]) }

        // Row-major chunks of the dense columns: row i at [i·pd ..< (i+1)·pd]. Seen from BLAS a chunk is the
        // column-major pd × m matrix Aᵀ, so η = (Aᵀ)ᵀβ is a gemv "transposed" and XᵀWX a syrk "not
        // transposed". `chunk` holds the √w-scaled copy for the syrk.
        var chunk = [Double](repeating: 0, count: chunkRows * pd)
        var eta = [Double](repeating: 0, count: chunkRows)
        var residual = [Double](repeating: 0, count: chunkRows)
        var weight = [Double](repeating: 0, count: chunkRows)

        var start = range.lowerBound
        while start < range.upperBound {
            let m = min(chunkRows, range.upperBound - start)
            let rowsSlice = (start * pd)..<((start + m) * pd)
            denseRows[rowsSlice].withUnsafeBufferPointer { a in
                betaDense.withUnsafeBufferPointer { b in
                    eta.withUnsafeMutableBufferPointer { e in
                        LAPACK.gemv(transpose: true, rows: pd, columns: m, alpha: 1, a: a, offset: 0, lda: pd, x: b, beta: 0, y: e)
                    }
                }
            }
            for (b, block) in blocks.enumerated() {
                block.codes.withUnsafeBufferPointer { codes in
                    betaBlocks[b].withUnsafeBufferPointer { coef in
                        eta.withUnsafeMutableBufferPointer { e in
                            for i in 0..<m {
                                let c = Int(codes[start + i])
                                if c >= 0 { e[i] += coef[c] }
                            }
                        }
                    }
                }
            }
            deviance += eta.withUnsafeBufferPointer { e in
                labels.withUnsafeBufferPointer { y in
                    residual.withUnsafeMutableBufferPointer { r in
                        weight.withUnsafeMutableBufferPointer { w in
                            Self.link(eta: e, labels: UnsafeBufferPointer(rebasing: y[start..<(start + m)]), count: m, residual: r, weight: w)
                        }
                    }
                }
            }
            // Score: dense part by gemv, blocks by per-level sums of the residual.
            denseRows[rowsSlice].withUnsafeBufferPointer { a in
                residual.withUnsafeBufferPointer { r in
                    scoreDense.withUnsafeMutableBufferPointer { g in
                        LAPACK.gemv(transpose: false, rows: pd, columns: m, alpha: 1, a: a, offset: 0, lda: pd, x: r, beta: 1, y: g)
                    }
                }
            }
            for (b, block) in blocks.enumerated() {
                block.codes.withUnsafeBufferPointer { codes in
                    residual.withUnsafeBufferPointer { r in
                        scoreBlocks[b].withUnsafeMutableBufferPointer { g in
                            weight.withUnsafeBufferPointer { w in
                                diagonal[b].withUnsafeMutableBufferPointer { d in
                                    for i in 0..<m {
                                        let c = Int(codes[start + i])
                                        if c >= 0 { g[c] += r[i]; d[c] += w[i] }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            // Block × dense: add w·(row of dense values) into the level's row of the cross table.
            for (b, block) in blocks.enumerated() {
                block.codes.withUnsafeBufferPointer { codes in
                    weight.withUnsafeBufferPointer { w in
                        denseRows[rowsSlice].withUnsafeBufferPointer { a in
                            cross[b].withUnsafeMutableBufferPointer { acc in
                                guard let accBase = acc.baseAddress, let aBase = a.baseAddress else { return }
                                for i in 0..<m {
                                    let c = Int(codes[start &+ i])
                                    guard c >= 0 else { continue }
                                    let wi = w[i]
                                    let source = aBase + i &* pd, target = accBase + c &* pd
                                    for d in 0..<pd { target[d] += wi * source[d] }
                                }
                            }
                        }
                    }
                }
            }
            // Block × block: sums of w over level pairs.
            for (k, (b, c2)) in pairIndex.enumerated() {
                let width = levels[c2]
                blocks[b].codes.withUnsafeBufferPointer { codesB in
                    blocks[c2].codes.withUnsafeBufferPointer { codesC in
                        weight.withUnsafeBufferPointer { w in
                            pairs[k].withUnsafeMutableBufferPointer { acc in
                                for i in 0..<m {
                                    let u = Int(codesB[start + i]), v = Int(codesC[start + i])
                                    if u >= 0 && v >= 0 { acc[u * width + v] += w[i] }
                                }
                            }
                        }
                    }
                }
            }
            // Dense × dense: scale rows by √w and accumulate with syrk.
            weight.withUnsafeBufferPointer { w in
                denseRows[rowsSlice].withUnsafeBufferPointer { source in
                    chunk.withUnsafeMutableBufferPointer { a in
                        guard let aBase = a.baseAddress, let sBase = source.baseAddress else { return }
                        for i in 0..<m {
                            let s = w[i].squareRoot(), row = aBase + i &* pd, from = sBase + i &* pd
                            for d in 0..<pd { row[d] = from[d] * s }
                        }
                    }
                }
            }
            chunk.withUnsafeBufferPointer { a in
                denseInformation.withUnsafeMutableBufferPointer { c in
                    LAPACK.syrk(n: pd, k: m, alpha: 1, a: a, lda: pd, beta: 1, c: c)
                }
            }
            start += m
        }

        // Assemble in design order (upper triangle).
        var state = State(deviance: deviance, score: [Double](repeating: 0, count: p), information: Matrix(rows: p, columns: p))
        func add(_ r: Int, _ c: Int, _ value: Double) {
            state.information[min(r, c), max(r, c)] += value
        }
        for (a, ja) in dense.enumerated() {
            state.score[ja] = scoreDense[a]
            for (b, jb) in dense.enumerated() where b >= a { add(ja, jb, denseInformation[a + b * pd]) }
        }
        for (b, block) in blocks.enumerated() {
            for (l, j) in block.columns.enumerated() {
                state.score[j] = scoreBlocks[b][l]
                add(j, j, diagonal[b][l])
                for (d, jd) in dense.enumerated() { add(j, jd, cross[b][l * pd + d]) }
            }
        }
        for (k, (b, c2)) in pairIndex.enumerated() {
            let width = levels[c2]
            for (u, ju) in blocks[b].columns.enumerated() {
                for (v, jv) in blocks[c2].columns.enumerated() { add(ju, jv, pairs[k][u * width + v]) }
            }
        }
        return state
    }
}
