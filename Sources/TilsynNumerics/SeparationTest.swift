import Foundation

/// Whether the maximum-likelihood estimate of a logistic regression exists, decided by the linear program
/// of Konis (2007), as R's `detectseparation` does.
///
/// With `sᵢ = 2yᵢ − 1`, the data are separated (completely or quasi-completely) exactly when some direction
/// `d ≠ 0` has `sᵢ·xᵢᵀd ≥ 0` for every row: moving the coefficients along `d` never lowers any row's
/// likelihood and raises some, so the likelihood has no finite maximum. The program
///
///     maximise Σᵢ sᵢ·xᵢᵀd   subject to   sᵢ·xᵢᵀd ≥ 0 for every row,  −1 ≤ dⱼ ≤ 1
///
/// has optimum 0 (at `d = 0`) when the estimate exists and a positive optimum otherwise; its solution
/// names the columns that go to ±∞ (`dⱼ ≠ 0`) and the rows whose outcome they determine (`sᵢxᵢᵀd > 0`).
/// Unlike a threshold on fitted probabilities, this cannot be fooled by extreme but legitimate covariates
/// (a capital gain of 99,999 gives p = 1 − 1e-13 on a perfectly finite fit).
///
/// Columns are scaled to unit largest magnitude so the box means the same for every column. The program
/// has one constraint per row, so it is solved by constraint generation: a few hundred rows (those the
/// fit finds hardest to predict, which are the ones that block separating directions) go into a dense
/// simplex, the solution is checked against every row with one pass of `Xd`, the most violated rows are
/// added, and this repeats until no row is violated. Sign constraints restrict `d` to the directions the
/// bounds allow.
enum SeparationTest {
    enum Outcome: Equatable {
        /// The estimate exists (the program's optimum is 0).
        case estimateExists
        /// Separated: `columns` go to ±∞, `rows` have their outcome determined.
        case separated(columns: [Int], rows: [Int])
        /// The simplex ran out of pivots (not seen in practice; reported rather than guessed).
        case undecided
    }

    static func run(pass: Pass, mu: [Double], lower: [Double], upper: [Double]) -> Outcome {
        let n = pass.design.rows, p = pass.design.columns
        let labels = pass.labels
        let scale = pass.columnMaxAbs().map { $0 > 0 ? $0 : 1 }
        let sign = labels.map { 2 * $0 - 1 }
        // Variables: d⁺ⱼ where dⱼ may grow, d⁻ⱼ where it may shrink (an upper bound of 0 forbids growth).
        var variables: [(column: Int, sign: Double)] = []
        for j in 0..<p {
            if upper[j] == .infinity { variables.append((j, 1)) }
            if lower[j] == -.infinity { variables.append((j, -1)) }
        }
        let nv = variables.count
        guard nv > 0 else { return .estimateExists }
        let totals = pass.transposedTimes(sign)
        let c = variables.map { $0.sign * totals[$0.column] / scale[$0.column] }

        // Start with the rows the fit predicts worst.
        let surprise = (0..<n).map { abs(labels[$0] - mu[$0]) }
        var order = Array(0..<n)
        order.sort { surprise[$0] != surprise[$1] ? surprise[$0] > surprise[$1] : $0 < $1 }
        var chosen = Array(order.prefix(min(n, 4 * p + 20)))
        var inProgram = Set(chosen)
        let batch = max(20, 2 * p)

        for _ in 0..<200 {
            let rows = pass.rows(chosen)
            var a: [[Double]] = []
            a.reserveCapacity(chosen.count + nv)
            for (k, i) in chosen.enumerated() {
                a.append(variables.map { -sign[i] * $0.sign * rows[k][$0.column] / scale[$0.column] })
            }
            for v in 0..<nv {
                var box = [Double](repeating: 0, count: nv)
                box[v] = 1
                a.append(box)
            }
            let b = [Double](repeating: 0, count: chosen.count) + [Double](repeating: 1, count: nv)
            guard case .optimal(let x, let value) = LinearProgram.maximise(c: c, a: a, b: b) else { return .undecided }
            var scaled = [Double](repeating: 0, count: p)
            for (v, variable) in variables.enumerated() { scaled[variable.column] += variable.sign * x[v] }
            if value <= 1e-9 || scaled.allSatisfy({ abs($0) <= 1e-12 }) { return .estimateExists }
            let direction = (0..<p).map { scaled[$0] / scale[$0] }
            let eta = pass.linearPredictor(direction)
            let margin = (0..<n).map { sign[$0] * eta[$0] }
            let violated = (0..<n).filter { margin[$0] < -1e-9 && !inProgram.contains($0) }
                .sorted { margin[$0] != margin[$1] ? margin[$0] < margin[$1] : $0 < $1 }
            if violated.isEmpty {
                let columns = (0..<p).filter { abs(scaled[$0]) > 1e-7 }
                let determined = (0..<n).filter { margin[$0] > 1e-7 }
                return determined.isEmpty ? .estimateExists : .separated(columns: columns, rows: determined)
            }
            for i in violated.prefix(batch) {
                chosen.append(i)
                inProgram.insert(i)
            }
        }
        return .undecided
    }
}
