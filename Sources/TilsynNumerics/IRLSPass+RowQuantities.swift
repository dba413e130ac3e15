import Foundation

/// Per-row quantities beyond the pass itself, needed by the separation test, Firth's penalty and the
/// sandwich covariances. They are kept here, small and separate, so that a different design
/// representation only has to re-implement these few functions next to ``Pass/evaluate(_:)`` and
/// ``Pass/linearPredictor(_:)``. None of them is used by a default (unpenalised, model-based) fit that
/// ends without saturated rows, so they cost the common case nothing; those that need general per-row
/// algebra materialise the dense matrix from the structured ``Design`` for the call (rare paths only).
extension Pass {
    /// Largest `|x_ij|` of each design column.
    func columnMaxAbs() -> [Double] { design.columnMaxAbs(threads: threads) }

    /// The design rows at `indices`, each as `p` values in column order.
    func rows(_ indices: [Int]) -> [[Double]] {
        let p = design.columns
        return indices.map { i in (0..<p).map { design[i, $0] } }
    }

    /// `Xᵀv` for a vector of one value per row.
    func transposedTimes(_ v: [Double]) -> [Double] {
        let design = self.design.matrix()
        let n = design.rows, p = design.columns
        var out = [Double](repeating: 0, count: p)
        design.storage.withUnsafeBufferPointer { x in
            v.withUnsafeBufferPointer { r in
                out.withUnsafeMutableBufferPointer { g in
                    LAPACK.gemv(transpose: true, rows: n, columns: p, alpha: 1, a: x, offset: 0, lda: n, x: r, beta: 0, y: g)
                }
            }
        }
        return out
    }

    /// Fitted probabilities `μ` and leverages `hᵢ = wᵢ·xᵢᵀ C xᵢ` (the diagonal of the hat matrix
    /// `W½X C XᵀW½`, with `C` the inverse information) at `beta`, in row chunks: `Z = X_chunk·C` by
    /// `dgemm`, then `hᵢ = wᵢ·Σⱼ zᵢⱼxᵢⱼ`.
    func leverages(_ beta: [Double], covariance c: Matrix) -> (mu: [Double], hat: [Double]) {
        let design = self.design.matrix()
        let n = design.rows, p = design.columns
        let eta = linearPredictor(beta)
        var mu = [Double](repeating: 0, count: n)
        var hat = [Double](repeating: 0, count: n)
        for i in 0..<n { mu[i] = Self.probability(eta[i]) }
        let chunk = chunkRows
        var z = [Double](repeating: 0, count: chunk * p)
        var start = 0
        while start < n {
            let m = min(chunk, n - start)
            design.storage.withUnsafeBufferPointer { x in
                c.storage.withUnsafeBufferPointer { cov in
                    z.withUnsafeMutableBufferPointer { out in
                        LAPACK.gemm(transposeA: false, m: m, n: p, k: p, alpha: 1, a: x, offsetA: start, lda: n,
                                    b: cov, ldb: p, beta: 0, c: out, ldc: m)
                    }
                }
            }
            for i in 0..<m {
                var q = 0.0
                for j in 0..<p { q += z[j * m + i] * design.storage[j * n + start + i] }
                let u = mu[start + i]
                hat[start + i] = u * (1 - u) * q
            }
            start += m
        }
        return (mu, hat)
    }

    /// Upper triangle of `Xᵀ diag(d) X` for non-negative row weights `d`, in row chunks scaled by `√d`.
    func weightedCrossProduct(_ d: [Double]) -> Matrix {
        let design = self.design.matrix()
        let n = design.rows, p = design.columns
        var out = Matrix(rows: p, columns: p)
        var scaled = [Double](repeating: 0, count: chunkRows * p)
        var start = 0
        while start < n {
            let m = min(chunkRows, n - start)
            for j in 0..<p {
                let src = j * n + start, dst = j * m
                for i in 0..<m { scaled[dst + i] = design.storage[src + i] * d[start + i].squareRoot() }
            }
            scaled.withUnsafeBufferPointer { s in
                out.storage.withUnsafeMutableBufferPointer { c in
                    LAPACK.syrkTransposed(n: p, k: m, alpha: 1, a: s, lda: m, beta: 1, c: c)
                }
            }
            start += m
        }
        return out
    }

    /// `Σ_g s_g s_gᵀ` for the score contributions `s_g = Σ_{i∈g} xᵢ(yᵢ − μᵢ)` of the groups `groups[i]`
    /// (`0..<groupCount`), or of each row alone when `groups` is `nil`: the "meat" of a sandwich covariance.
    func scoreCrossProduct(_ beta: [Double], groups: [Int32]?, groupCount: Int) -> Matrix {
        let design = self.design.matrix()
        let n = design.rows, p = design.columns
        let eta = linearPredictor(beta)
        var residual = [Double](repeating: 0, count: n)
        for i in 0..<n { residual[i] = Self.residual(eta[i], labels[i]) }
        let g = groups == nil ? n : groupCount
        // Column-major g × p matrix of per-group score sums.
        var sums = [Double](repeating: 0, count: g * p)
        for j in 0..<p {
            let offset = j * n, target = j * g
            if let groups {
                for i in 0..<n { sums[target + Int(groups[i])] += design.storage[offset + i] * residual[i] }
            } else {
                for i in 0..<n { sums[target + i] = design.storage[offset + i] * residual[i] }
            }
        }
        var meat = Matrix(rows: p, columns: p)
        sums.withUnsafeBufferPointer { s in
            meat.storage.withUnsafeMutableBufferPointer { c in
                LAPACK.syrkTransposed(n: p, k: g, alpha: 1, a: s, lda: g, beta: 0, c: c)
            }
        }
        return meat.symmetrizedFromUpper()
    }

    /// `μ = 1/(1+e^(−η))` without overflow.
    static func probability(_ eta: Double) -> Double {
        let a = exp(-abs(eta))
        return eta >= 0 ? 1 / (1 + a) : a / (1 + a)
    }

    /// `y − μ`, computed from whichever of `μ` and `1 − μ` is small, so it keeps its relative accuracy
    /// when the fitted probability is within rounding of 0 or 1.
    static func residual(_ eta: Double, _ y: Double) -> Double {
        let a = exp(-abs(eta))
        let mu = eta >= 0 ? 1 / (1 + a) : a / (1 + a)
        let complement = eta >= 0 ? a / (1 + a) : 1 / (1 + a)
        return y * complement - (1 - y) * mu
    }
}
