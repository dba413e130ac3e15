import Foundation

/// Options for ``LogisticRegression/fit(design:labels:options:)``.
public struct LogisticFitOptions: Sendable {
    /// Column of the unpenalised intercept, if the design has one.
    public var interceptColumn: Int? = 0
    /// Ridge penalty λ on every coefficient but the intercept: the fit maximises `ℓ(β) − λ/2·‖β‖²`.
    public var l2: Double = 0
    /// Lower bound per coefficient (`0` for "must not be negative", `-infinity` for none).
    public var lowerBounds: [Double]? = nil
    /// Upper bound per coefficient (`0` for "must not be positive", `+infinity` for none).
    public var upperBounds: [Double]? = nil
    /// Newton iterations at most.
    public var maxIterations: Int = 100
    /// Relative change of the (penalised) deviance below which the fit may stop.
    public var devianceTolerance: Double = 1e-10
    /// Newton decrement `gᵀH⁻¹g` below which the fit may stop (both criteria must hold).
    public var gradientTolerance: Double = 1e-8
    /// Rows per chunk: small enough that a scaled chunk of the design stays in cache.
    public var chunkRows: Int = 1024
    /// Worker threads; each owns a contiguous run of chunks.
    public var threads: Int = defaultThreadCount
    /// Groups of columns known to be one-hot (each row has at most one 1 among them, all else 0), such as
    /// a categorical feature's level columns. The fit verifies the claim and then handles those blocks by
    /// per-level sums instead of dense products; a block that is not one-hot is treated as dense.
    public var oneHotBlocks: [[Int]] = []

    public init() {}
}

/// Why a logistic fit could not produce an estimate. Column indices are design-column positions.
public enum LogisticFitError: Error, Sendable, Equatable {
    /// There are no rows to fit.
    case noRows
    /// The label takes only one value, so no model can be estimated.
    case constantLabel(value: Int)
    /// A column is zero for every row.
    case zeroColumn(column: Int)
    /// `column` is (numerically) a linear combination of `of` (possibly including the intercept).
    case collinear(column: Int, of: [Int])
    /// Perfect or quasi-complete separation: these columns predict the label (nearly) perfectly, so the
    /// maximum-likelihood estimate does not exist.
    case separation(columns: [Int], detail: String)
    /// The Newton iterations did not converge.
    case notConverged(iterations: Int)
    /// LAPACK failed in a way the checks above did not explain.
    case linearAlgebra(LinearAlgebraError)
}

/// The result of a logistic fit.
public struct LogisticFit: Sendable {
    public var coefficients: [Double]
    /// Covariance of the estimates (inverse Fisher information, penalised if λ > 0); rows and columns of
    /// coefficients held at a bound are zero.
    public var covariance: Matrix
    /// Coefficients held at a sign-constraint bound at the optimum (0-based design columns).
    public var boundAtConstraint: [Int]
    public var logLikelihood: Double
    public var deviance: Double
    public var nullDeviance: Double
    public var iterations: Int
    public var converged: Bool
    public var rows: Int
    public var events: Int
    public var warnings: [String]

    /// Standard error of coefficient `j`, or `nil` if it is held at a bound.
    public func standardError(_ j: Int) -> Double? {
        boundAtConstraint.contains(j) ? nil : covariance[j, j].squareRoot()
    }
}

/// Maximum-likelihood (optionally ridge-penalised, sign-constrained) logistic regression by Newton's
/// method (IRLS) on BLAS and LAPACK.
///
/// Each iteration makes one pass over the design in row chunks: `η = Xβ` by `dgemv`, the working weights
/// `w = μ(1−μ)`, the score `Xᵀ(y−μ)` by `dgemv`, and the information `XᵀWX` accumulated by `dsyrk` on a
/// √w-scaled copy of the chunk that stays in cache. Threads own fixed runs of chunks and their partial
/// sums are added in thread order, so results do not depend on scheduling. The Newton system is solved by
/// Cholesky (`dpotrf`), with a Bunch–Kaufman fallback; rank deficiency is diagnosed by pivoted Cholesky
/// (`dpstrf`) on the equilibrated information so the offending columns can be named.
///
/// Sign constraints are handled by a projected Newton method with an active set: a coefficient at its
/// bound whose score points out of the feasible region is held there; all others take the Newton step,
/// projected back onto the bounds.
public enum LogisticRegression {
    /// Fits the model.
    /// - Parameters:
    ///   - design: the `n × p` column-major design matrix.
    ///   - labels: `n` labels, each 0 or 1.
    ///   - options: penalty, bounds, tolerances and threading.
    /// - Throws: ``LogisticFitError`` for data that cannot support the fit.
    public static func fit(design: Matrix, labels: [Double], options: LogisticFitOptions = .init()) throws(LogisticFitError) -> LogisticFit {
        try fit(design: Design(design, oneHotBlocks: options.oneHotBlocks), labels: labels, options: options)
    }

    /// Fits the model on a structured design (dense columns and one-hot blocks as codes, never the full
    /// matrix); `options.oneHotBlocks` is not used, the design says which columns are blocks.
    public static func fit(design: Design, labels: [Double], options: LogisticFitOptions = .init()) throws(LogisticFitError) -> LogisticFit {
        let n = design.rows, p = design.columns
        precondition(labels.count == n, "labels has \(labels.count) entries for \(n) rows")
        guard n > 0 else { throw .noRows }
        let events = labels.reduce(0, +)
        if events == 0 { throw .constantLabel(value: 0) }
        if events == Double(n) { throw .constantLabel(value: 1) }

        let lower = options.lowerBounds ?? [Double](repeating: -.infinity, count: p)
        let upper = options.upperBounds ?? [Double](repeating: .infinity, count: p)
        precondition(lower.count == p && upper.count == p, "bounds must have one entry per column")
        let penalised = (0..<p).map { options.l2 > 0 && $0 != options.interceptColumn }

        // Tilsyn parallelises over row chunks itself; OpenBLAS's own threads on top would oversubscribe
        // the cores and make each small dsyrk call pay for thread hand-offs.
        LAPACK.useSingleThreadedBLAS()
        let pass = Pass(design: design, labels: labels, chunkRows: options.chunkRows, threads: options.threads)
        if options.l2 == 0 { try checkBinaryColumnSeparation(design: design, labels: labels, intercept: options.interceptColumn) }

        var beta = [Double](repeating: 0, count: p)
        let meanY = events / Double(n)
        if let intercept = options.interceptColumn { beta[intercept] = log(meanY / (1 - meanY)) }
        for j in 0..<p { beta[j] = min(max(beta[j], lower[j]), upper[j]) }

        func penalty(_ b: [Double]) -> Double {
            var s = 0.0
            for j in 0..<p where penalised[j] { s += b[j] * b[j] }
            return options.l2 * s
        }

        var state = pass.evaluate(beta)
        try checkRank(state.information, intercept: options.interceptColumn)
        var objective = state.deviance + penalty(beta)
        var iterations = 0
        var converged = false
        var warnings: [String] = []
        var active = Set<Int>()

        while iterations < options.maxIterations {
            iterations += 1
            // Penalised score and information.
            var score = state.score
            var information = state.information
            for j in 0..<p where penalised[j] {
                score[j] -= options.l2 * beta[j]
                information[j, j] += options.l2
            }
            // Active set: coefficients at a bound whose score pushes outward stay there.
            active = Set((0..<p).filter { j in
                (beta[j] <= lower[j] && score[j] <= 0) || (beta[j] >= upper[j] && score[j] >= 0)
            })
            let free = (0..<p).filter { !active.contains($0) }
            let step = try newtonStep(information: information, score: score, free: free, p: p)
            let decrement = zip(step, score).reduce(0) { $0 + $1.0 * $1.1 }

            // Step halving keeps the penalised deviance from increasing.
            var t = 1.0
            var candidate = beta
            var candidateState = state
            var candidateObjective = objective
            for _ in 0..<40 {
                for j in 0..<p { candidate[j] = min(max(beta[j] + t * step[j], lower[j]), upper[j]) }
                candidateState = pass.evaluate(candidate)
                candidateObjective = candidateState.deviance + penalty(candidate)
                if candidateObjective.isFinite && candidateObjective <= objective * (1 + 1e-12) + 1e-12 { break }
                t /= 2
            }
            if t < 1 { warnings.append("step halving was needed at iteration \(iterations)") }
            let change = abs(objective - candidateObjective) / (abs(candidateObjective) + 0.1)
            beta = candidate
            state = candidateState
            objective = candidateObjective
            // Both criteria: the deviance has settled and the Newton decrement is negligible. The step just
            // taken was the one the decrement measured, so the estimate is now converged to round-off.
            if change < options.devianceTolerance && decrement < options.gradientTolerance * max(1, objective) {
                converged = true
                break
            }
        }
        if !converged { throw .notConverged(iterations: iterations) }

        // Final information at the estimate, penalised, restricted to the free coefficients.
        var score = state.score
        var information = state.information
        for j in 0..<p where penalised[j] {
            score[j] -= options.l2 * beta[j]
            information[j, j] += options.l2
        }
        let bound = (0..<p).filter { j in
            (beta[j] <= lower[j] && score[j] <= 1e-8 * Double(n)) || (beta[j] >= upper[j] && score[j] >= -1e-8 * Double(n))
        }.filter { lower[$0] > -.infinity || upper[$0] < .infinity }
        let free = (0..<p).filter { !bound.contains($0) }
        let covariance = try invert(information: information, free: free, p: p)

        if options.l2 == 0 {
            try checkSaturation(pass: pass, beta: beta, design: design, intercept: options.interceptColumn)
        }

        let nullDeviance: Double
        if options.interceptColumn != nil {
            nullDeviance = -2 * (events * log(meanY) + (Double(n) - events) * log(1 - meanY))
        } else {
            nullDeviance = Double(n) * 2 * log(2)
        }
        return LogisticFit(
            coefficients: beta, covariance: covariance, boundAtConstraint: bound,
            logLikelihood: -state.deviance / 2, deviance: state.deviance, nullDeviance: nullDeviance,
            iterations: iterations, converged: converged, rows: n, events: Int(events), warnings: warnings)
    }

    // MARK: Linear algebra on the free coefficients

    private static func newtonStep(information: Matrix, score: [Double], free: [Int], p: Int) throws(LogisticFitError) -> [Double] {
        let k = free.count
        var step = [Double](repeating: 0, count: p)
        guard k > 0 else { return step }
        var sub = Matrix(rows: k, columns: k)
        var rhs = [Double](repeating: 0, count: k)
        for (a, ja) in free.enumerated() {
            rhs[a] = score[ja]
            for (b, jb) in free.enumerated() where b >= a { sub[a, b] = information[min(ja, jb), max(ja, jb)] }
        }
        var factor = sub
        do {
            try LAPACK.choleskyFactor(&factor)
            try LAPACK.choleskySolve(factor: factor, &rhs)
        } catch {
            // Positive semidefinite only in exact arithmetic; fall back to LDLᵀ before giving up.
            rhs = free.map { score[$0] }
            do { try LAPACK.symmetricSolve(sub, &rhs) } catch { throw .linearAlgebra(error) }
        }
        for (a, ja) in free.enumerated() { step[ja] = rhs[a] }
        return step
    }

    private static func invert(information: Matrix, free: [Int], p: Int) throws(LogisticFitError) -> Matrix {
        let k = free.count
        var covariance = Matrix(rows: p, columns: p)
        guard k > 0 else { return covariance }
        var sub = Matrix(rows: k, columns: k)
        for (a, ja) in free.enumerated() {
            for (b, jb) in free.enumerated() where b >= a { sub[a, b] = information[min(ja, jb), max(ja, jb)] }
        }
        do {
            try LAPACK.choleskyFactor(&sub)
            let inverse = try LAPACK.choleskyInverse(factor: sub)
            for (a, ja) in free.enumerated() {
                for (b, jb) in free.enumerated() { covariance[ja, jb] = inverse[a, b] }
            }
        } catch {
            throw .linearAlgebra(error)
        }
        return covariance
    }

    // MARK: Diagnostics

    /// Rank check on the information at the starting point: pivoted Cholesky of the equilibrated matrix
    /// finds the columns that are linear combinations of others, and a Cholesky solve names the partners.
    private static func checkRank(_ information: Matrix, intercept: Int?) throws(LogisticFitError) {
        let p = information.columns
        var scaled = information
        var scale = [Double](repeating: 0, count: p)
        for j in 0..<p {
            let d = information[j, j]
            if d <= 0 { throw .zeroColumn(column: j) }
            scale[j] = 1 / d.squareRoot()
        }
        for j in 0..<p { for i in 0...j { scaled[i, j] = information[i, j] * scale[i] * scale[j] } }
        let ranked: (rank: Int, pivots: [Int])
        do { ranked = try LAPACK.pivotedCholeskyRank(scaled, tolerance: 1e-11) } catch { throw .linearAlgebra(error) }
        guard ranked.rank < p else { return }
        let independent = Array(ranked.pivots[0..<ranked.rank])
        // Prefer to name the last column in design order as the dependent one: it is usually the one the
        // user added (a duplicated feature, one level too many).
        let dependent = ranked.pivots[ranked.rank...].max() ?? ranked.pivots[ranked.rank]
        let basis = independent.sorted()
        // Partners: solve S_bb a = S_bd in the equilibrated metric and keep the non-negligible weights.
        let k = basis.count
        var sub = Matrix(rows: k, columns: k)
        var rhs = [Double](repeating: 0, count: k)
        for (a, ja) in basis.enumerated() {
            rhs[a] = scaled[min(ja, dependent), max(ja, dependent)]
            for (b, jb) in basis.enumerated() where b >= a { sub[a, b] = scaled[min(ja, jb), max(ja, jb)] }
        }
        var partners: [Int] = []
        var factor = sub
        if (try? LAPACK.choleskyFactor(&factor)) != nil, (try? LAPACK.choleskySolve(factor: factor, &rhs)) != nil {
            partners = zip(basis, rhs).filter { abs($0.1) > 1e-6 }.map(\.0)
        }
        throw .collinear(column: dependent, of: partners)
    }

    /// Quasi-complete separation by a 0/1 column: every row where it is 1 (or, with an intercept, every
    /// row where it is 0) has the same label. This is the common case: a small industry where every
    /// inspected unit had a violation.
    private static func checkBinaryColumnSeparation(design: Design, labels: [Double], intercept: Int?) throws(LogisticFitError) {
        let n = design.rows
        let tallies = design.binaryTallies(labels: labels)
        for j in 0..<design.columns where j != intercept {
            let (binary, ones, eventsAtOne) = tallies[j]
            guard binary, ones > 0, ones < Double(n) else { continue }
            if eventsAtOne == 0 || eventsAtOne == ones {
                let label = eventsAtOne == 0 ? 0 : 1
                throw .separation(columns: [j], detail: "all \(Int(ones)) rows where it is 1 have label \(label)")
            }
        }
    }

    /// Fitted probabilities of (numerically) 0 or 1 mean the likelihood has no finite maximum in some
    /// direction: name the columns that push the linear predictor furthest.
    private static func checkSaturation(pass: Pass, beta: [Double], design: Design, intercept: Int?) throws(LogisticFitError) {
        let eta = pass.linearPredictor(beta)
        let saturated = eta.indices.filter { abs(eta[$0]) > 25 }
        guard !saturated.isEmpty else { return }
        let n = design.rows
        var influence: [(Int, Double)] = []
        for j in 0..<design.columns where j != intercept {
            let x = design.column(j)
            var mean = 0.0, sq = 0.0
            for i in 0..<n { mean += x[i] }
            mean /= Double(n)
            for i in 0..<n { let d = x[i] - mean; sq += d * d }
            influence.append((j, abs(beta[j]) * (sq / Double(n)).squareRoot()))
        }
        influence.sort { $0.1 > $1.1 }
        let named = influence.prefix(3).filter { $0.1 > 5 }.map(\.0)
        throw .separation(
            columns: named.isEmpty ? influence.prefix(1).map(\.0) : named,
            detail: "\(saturated.count) of \(n) rows get a fitted probability of numerically 0 or 1")
    }
}
