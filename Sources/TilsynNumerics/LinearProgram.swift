import Foundation

/// A small dense linear program solver: `maximise cᵀx subject to Ax ≤ b, x ≥ 0` with `b ≥ 0`, so that
/// `x = 0` is a basic feasible start.
///
/// It is a textbook tableau simplex with Bland's rule (the entering variable is the lowest-numbered one
/// with a positive reduced gain, ties in the ratio test go to the lowest-numbered basic variable), which
/// cannot cycle on the highly degenerate programs of the separation test, where every constraint passes
/// through the origin. Sizes there are a few hundred rows by a few hundred variables, so a dense tableau
/// is the simplest thing that is fast enough.
enum LinearProgram {
    enum Outcome: Equatable {
        case optimal(x: [Double], value: Double)
        /// The objective grows without bound (cannot happen when every variable is boxed).
        case unbounded
        /// The pivot budget ran out.
        case gaveUp
    }

    /// Solves the program; `a` holds one row per constraint.
    static func maximise(c: [Double], a: [[Double]], b: [Double], maxPivots: Int = 50_000) -> Outcome {
        let m = a.count, nv = c.count
        precondition(b.count == m && a.allSatisfy { $0.count == nv } && b.allSatisfy { $0 >= 0 }, "LP: bad shape or negative b")
        let width = nv + m + 1
        let rhs = width - 1
        // Row-major tableau: constraint rows, then the objective row holding −c (reduced costs).
        var t = [Double](repeating: 0, count: (m + 1) * width)
        for r in 0..<m {
            for j in 0..<nv { t[r * width + j] = a[r][j] }
            t[r * width + nv + r] = 1
            t[r * width + rhs] = b[r]
        }
        for j in 0..<nv { t[m * width + j] = -c[j] }
        var basis = (0..<m).map { nv + $0 }
        let gainTolerance = 1e-12, pivotTolerance = 1e-11

        var pivots = 0
        while true {
            guard let entering = (0..<(width - 1)).first(where: { t[m * width + $0] < -gainTolerance }) else { break }
            var leaving = -1
            var best = Double.infinity
            for r in 0..<m {
                let coefficient = t[r * width + entering]
                guard coefficient > pivotTolerance else { continue }
                let ratio = t[r * width + rhs] / coefficient
                if ratio < best - 1e-15 || (abs(ratio - best) <= 1e-15 && leaving >= 0 && basis[r] < basis[leaving]) {
                    best = ratio
                    leaving = r
                }
            }
            if leaving < 0 { return .unbounded }
            pivots += 1
            if pivots > maxPivots { return .gaveUp }
            pivot(&t, width: width, rows: m + 1, row: leaving, column: entering)
            basis[leaving] = entering
        }
        var x = [Double](repeating: 0, count: nv)
        for (r, variable) in basis.enumerated() where variable < nv { x[variable] = max(0, t[r * width + rhs]) }
        let value = zip(c, x).reduce(0) { $0 + $1.0 * $1.1 }
        return .optimal(x: x, value: value)
    }

    private static func pivot(_ t: inout [Double], width: Int, rows: Int, row: Int, column: Int) {
        t.withUnsafeMutableBufferPointer { t in
            let p = t[row * width + column]
            for j in 0..<width { t[row * width + j] /= p }
            t[row * width + column] = 1
            for r in 0..<rows where r != row {
                let factor = t[r * width + column]
                guard factor != 0 else { continue }
                for j in 0..<width { t[r * width + j] -= factor * t[row * width + j] }
                t[r * width + column] = 0
            }
        }
    }
}
