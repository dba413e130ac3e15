import Foundation

/// Which covariance of the estimates a fit reports as its standard errors.
public enum LogisticCovariance: Sendable, Equatable {
    /// The inverse (penalised) Fisher information: right when rows are independent.
    case model
    /// The heteroskedasticity-robust sandwich `H⁻¹(Σ sᵢsᵢᵀ)H⁻¹` with row score contributions `sᵢ`;
    /// `smallSample` multiplies by `n/(n−k)` (HC1, statsmodels `cov_type="HC1"`), otherwise HC0.
    case robust(smallSample: Bool)
    /// The cluster-robust sandwich with the score contributions summed per cluster (`groups[i]` in
    /// `0..<count`); `smallSample` applies statsmodels' factor `G/(G−1)·(n−1)/(n−k)`.
    case cluster(groups: [Int32], count: Int, smallSample: Bool)
}

/// Options for ``LogisticRegression/fit(design:labels:options:)``.
public struct LogisticFitOptions: Sendable {
    /// Column of the unpenalised intercept, if the design has one.
    public var interceptColumn: Int? = 0
    /// Ridge penalty λ on every coefficient but the intercept: the fit maximises `ℓ(β) − λ/2·‖β‖²`.
    public var l2: Double = 0
    /// A ridge penalty per column, replacing ``l2`` when given (nuisance terms carry their own λ).
    public var columnL2: [Double]? = nil
    /// Firth's bias reduction: maximise `ℓ(β) + ½·log det I(β)` (Jeffreys prior), finite under separation.
    public var firth: Bool = false
    /// Which covariance the standard errors come from.
    public var covariance: LogisticCovariance = .model
    /// Profile-likelihood 95% intervals for every free coefficient (one constrained refit per end point).
    public var profileIntervals: Bool = false
    /// Lower bound per coefficient (`0` for "must not be negative", `-infinity` for none).
    public var lowerBounds: [Double]? = nil
    /// Upper bound per coefficient (`0` for "must not be positive", `+infinity` for none).
    public var upperBounds: [Double]? = nil
    /// Newton iterations at most.
    public var maxIterations: Int = 100
    /// Relative change of the (penalised) deviance below which the deviance counts as settled.
    public var devianceTolerance: Double = 1e-10
    /// Newton decrement `gᵀH⁻¹g` below which the deviance counts as settled (both criteria must hold).
    public var gradientTolerance: Double = 1e-8
    /// Once the deviance has settled, the fit stops after a Newton step that moves no row's log-odds by
    /// more than this (bounded by `Σⱼ|Δβⱼ|·maxᵢ|xᵢⱼ|`): the step is then at rounding level and the
    /// estimate after it is converged to rounding.
    public var stepTolerance: Double = 1e-7
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
    /// Perfect or quasi-complete separation: moving the coefficients of `columns` towards ±∞ predicts
    /// `rows` (0-based) perfectly and the rest no worse, so the maximum-likelihood estimate does not exist.
    case separation(columns: [Int], rows: [Int], detail: String)
    /// The Newton iterations did not converge.
    case notConverged(iterations: Int)
    /// LAPACK failed in a way the checks above did not explain.
    case linearAlgebra(LinearAlgebraError)
}

/// The result of a logistic fit.
public struct LogisticFit: Sendable {
    public var coefficients: [Double]
    /// Covariance of the estimates that the standard errors come from (``LogisticFitOptions/covariance``);
    /// rows and columns of coefficients held at a bound are zero.
    public var covariance: Matrix
    /// The inverse (penalised) Fisher information, whatever ``covariance`` is.
    public var modelCovariance: Matrix
    /// Profile-likelihood 95% intervals (of the penalised likelihood for Firth), when asked for; an end is
    /// `nil` when the profile does not cross the χ² cut-off (the interval is unbounded on that side).
    public var profileIntervals: [(low: Double?, high: Double?)]?
    /// Coefficients held at a sign-constraint bound at the optimum (0-based design columns).
    public var boundAtConstraint: [Int]
    public var logLikelihood: Double
    /// `ℓ(β) + ½·log det I(β)` at the estimate, for a Firth fit.
    public var penalisedLogLikelihood: Double?
    public var deviance: Double
    public var nullDeviance: Double
    public var iterations: Int
    public var converged: Bool
    public var rows: Int
    public var events: Int
    /// Rows fitted within 1e-10 of probability 0 or 1 (legitimate on a finite fit with extreme covariates).
    public var saturatedRows: Int
    /// Whether the linear-programming separation test ran (it does when some row is saturated, or the
    /// Newton steps stopped shrinking) and found that the estimate exists.
    public var separationTested: Bool
    public var warnings: [String]

    /// Standard error of coefficient `j`, or `nil` if it is held at a bound.
    public func standardError(_ j: Int) -> Double? {
        boundAtConstraint.contains(j) ? nil : covariance[j, j].squareRoot()
    }
}

/// Maximum-likelihood (optionally ridge-penalised, Firth-penalised, sign-constrained) logistic regression
/// by Newton's method (IRLS) on BLAS and LAPACK.
///
/// Each iteration makes one pass over the design in row chunks (``Pass``). The Newton system is solved by
/// Cholesky (`dpotrf`), with a Bunch–Kaufman fallback; rank deficiency is diagnosed by pivoted Cholesky
/// (`dpstrf`) on the equilibrated information so the offending columns can be named.
///
/// Convergence: the iterations continue until the deviance has settled (relative change and Newton
/// decrement below their tolerances) *and* the next Newton step is at rounding level (it moves no log-odds
/// by more than ``LogisticFitOptions/stepTolerance``); that last step is taken, so the estimate is
/// converged to rounding, not merely to the deviance tolerance.
///
/// Existence: a fit whose Newton steps stop shrinking, or that leaves some row with a fitted probability
/// within rounding of 0 or 1, is put to the exact linear-programming test of ``SeparationTest``; only a
/// proven separation is refused, so a finite fit with extreme covariates is never refused.
///
/// Sign constraints are handled by a projected Newton method with an active set: a coefficient at its
/// bound whose score points out of the feasible region is held there; all others take the Newton step,
/// projected back onto the bounds.
public enum LogisticRegression {
    /// χ²₁ 95% quantile, the profile-likelihood interval's cut-off.
    static let chiSquare95 = 3.841458820694124

    /// Fits the model.
    /// - Parameters:
    ///   - design: the `n × p` column-major design matrix.
    ///   - labels: `n` labels, each 0 or 1.
    ///   - options: penalty, bounds, tolerances and threading.
    /// - Throws: ``LogisticFitError`` for data that cannot support the fit.
    public static func fit(design: Matrix, labels: [Double], options: LogisticFitOptions = .init()) throws(LogisticFitError) -> LogisticFit {
        let n = design.rows, p = design.columns
        precondition(labels.count == n, "labels has \(labels.count) entries for \(n) rows")
        guard n > 0 else { throw .noRows }
        let events = labels.reduce(0, +)
        if events == 0 { throw .constantLabel(value: 0) }
        if events == Double(n) { throw .constantLabel(value: 1) }

        let lower = options.lowerBounds ?? [Double](repeating: -.infinity, count: p)
        let upper = options.upperBounds ?? [Double](repeating: .infinity, count: p)
        precondition(lower.count == p && upper.count == p, "bounds must have one entry per column")
        let lambda = options.columnL2 ?? (0..<p).map { options.l2 > 0 && $0 != options.interceptColumn ? options.l2 : 0 }
        precondition(lambda.count == p, "columnL2 must have one entry per column")
        let problem = Problem(lambda: lambda, firth: options.firth)

        // Tilsyn parallelises over row chunks itself; OpenBLAS's own threads on top would oversubscribe
        // the cores and make each small dsyrk call pay for thread hand-offs.
        LAPACK.useSingleThreadedBLAS()
        let pass = Pass(design: design, labels: labels, chunkRows: options.chunkRows, threads: options.threads, oneHotBlocks: options.oneHotBlocks)
        if !problem.penalised { try checkBinaryColumnSeparation(design: design, labels: labels, intercept: options.interceptColumn) }

        var start = [Double](repeating: 0, count: p)
        let meanY = events / Double(n)
        if let intercept = options.interceptColumn { start[intercept] = log(meanY / (1 - meanY)) }
        for j in 0..<p { start[j] = min(max(start[j], lower[j]), upper[j]) }

        let first = pass.evaluate(start)
        var penalisedInformation = first.information
        for j in 0..<p { penalisedInformation[j, j] += lambda[j] }
        try checkRank(penalisedInformation, intercept: options.interceptColumn)
        let reach = pass.columnMaxAbs()

        let optimum = try optimise(pass: pass, problem: problem, start: start, first: first, lower: lower, upper: upper,
                                   reach: reach, options: options)
        var beta = optimum.beta
        var state = optimum.state
        var warnings = optimum.warnings

        // Existence: only an exact test may refuse a fit.
        let eta = pass.linearPredictor(beta)
        let saturated = eta.reduce(0) { $0 + (abs($1) > 23 ? 1 : 0) }
        var tested = false
        if !problem.penalised && (optimum.stalled || !optimum.converged || saturated > 0) {
            let mu = eta.map(Pass.probability)
            switch SeparationTest.run(pass: pass, mu: mu, lower: lower, upper: upper) {
            case .separated(let columns, let rows):
                let named = columns.filter { $0 != options.interceptColumn }
                throw .separation(
                    columns: named.isEmpty ? columns : named, rows: rows,
                    detail: "\(rows.count) of \(n) rows have their outcome determined by them")
            case .estimateExists:
                tested = true
            case .undecided:
                warnings.append("the separation test (Konis 2007) gave no answer within its pivot budget")
            }
        }
        if !optimum.converged { throw .notConverged(iterations: optimum.iterations) }
        if saturated > 0 {
            warnings.append("\(saturated) of \(n) rows have a fitted probability within 1e-10 of 0 or 1; the linear-programming test (Konis 2007) shows the data are not separated, so the estimate exists")
        }

        // Final information at the estimate, penalised, restricted to the free coefficients.
        let derivatives = try problem.derivatives(pass: pass, beta: beta, state: state)
        let score = derivatives.score, information = derivatives.information
        let bound = (0..<p).filter { j in
            (beta[j] <= lower[j] && score[j] <= 1e-8 * Double(n)) || (beta[j] >= upper[j] && score[j] >= -1e-8 * Double(n))
        }.filter { lower[$0] > -.infinity || upper[$0] < .infinity }
        let free = (0..<p).filter { !bound.contains($0) }
        let modelCovariance = try invert(information: information, free: free, p: p)
        let covariance = sandwich(options.covariance, pass: pass, beta: beta, bread: modelCovariance, free: free.count)

        var profile: [(low: Double?, high: Double?)]?
        if options.profileIntervals {
            profile = try profileIntervals(
                pass: pass, problem: problem, beta: beta, objective: optimum.objective, covariance: modelCovariance,
                free: free, lower: lower, upper: upper, reach: reach, options: options)
        }
        // Keep the polished estimate bit-identical to what the profile search started from.
        beta = optimum.beta
        state = optimum.state

        let nullDeviance: Double
        if options.interceptColumn != nil {
            nullDeviance = -2 * (events * log(meanY) + (Double(n) - events) * log(1 - meanY))
        } else {
            nullDeviance = Double(n) * 2 * log(2)
        }
        return LogisticFit(
            coefficients: beta, covariance: covariance, modelCovariance: modelCovariance, profileIntervals: profile,
            boundAtConstraint: bound, logLikelihood: -state.deviance / 2,
            penalisedLogLikelihood: problem.firth ? -optimum.objective / 2 : nil,
            deviance: state.deviance, nullDeviance: nullDeviance,
            iterations: optimum.iterations, converged: optimum.converged, rows: n, events: Int(events),
            saturatedRows: saturated, separationTested: tested, warnings: warnings)
    }

    // MARK: The objective

    /// What is maximised: the log-likelihood, minus a ridge penalty per column, plus Firth's
    /// `½·log det I(β)`. Expressed as an objective to minimise, `deviance + Σλⱼβⱼ² − log det I`.
    struct Problem {
        let lambda: [Double]
        let firth: Bool
        var penalised: Bool { firth || lambda.contains { $0 > 0 } }

        func objective(_ state: Pass.State, _ beta: [Double]) -> Double {
            var value = state.deviance
            for j in beta.indices where lambda[j] > 0 { value += lambda[j] * beta[j] * beta[j] }
            if firth {
                var factor = state.information
                guard (try? LAPACK.choleskyFactor(&factor)) != nil else { return .infinity }
                var logDeterminant = 0.0
                for j in 0..<factor.columns { logDeterminant += 2 * log(factor[j, j]) }
                value -= logDeterminant
            }
            return value
        }

        /// Score and information of the objective (Firth: the modified score `Xᵀ(y − μ + h(½ − μ))` with
        /// the augmented information `Xᵀdiag(w(1 + h))X`, as firthmodels uses).
        func derivatives(pass: Pass, beta: [Double], state: Pass.State) throws(LogisticFitError) -> (score: [Double], information: Matrix) {
            var score = state.score
            var information = state.information
            if firth {
                var factor = information
                let inverse: Matrix
                do {
                    try LAPACK.choleskyFactor(&factor)
                    inverse = try LAPACK.choleskyInverse(factor: factor)
                } catch { throw .linearAlgebra(error) }
                let (mu, hat) = pass.leverages(beta, covariance: inverse)
                let adjustment = pass.transposedTimes((0..<mu.count).map { hat[$0] * (0.5 - mu[$0]) })
                for j in score.indices { score[j] += adjustment[j] }
                // The information of the augmented data (each row weighted 1 + hᵢ), as firthmodels uses
                // for its Newton steps and standard errors: closer to the penalised likelihood's curvature
                // than XᵀWX, so the iterations converge faster.
                let extra = pass.weightedCrossProduct((0..<mu.count).map { hat[$0] * mu[$0] * (1 - mu[$0]) })
                for j in 0..<information.columns { for i in 0...j { information[i, j] += extra[i, j] } }
            }
            for j in beta.indices where lambda[j] > 0 {
                score[j] -= lambda[j] * beta[j]
                information[j, j] += lambda[j]
            }
            return (score, information)
        }
    }

    struct Optimum {
        var beta: [Double]
        var state: Pass.State
        var objective: Double
        var iterations: Int
        var converged: Bool
        /// The deviance settled but the Newton steps did not shrink: the likelihood keeps rising along a
        /// direction, the signature of separation.
        var stalled: Bool
        var warnings: [String]
    }

    /// Projected Newton with step halving from `start`, to convergence at rounding level.
    static func optimise(
        pass: Pass, problem: Problem, start: [Double], first: Pass.State? = nil, lower: [Double], upper: [Double],
        reach: [Double], options: LogisticFitOptions
    ) throws(LogisticFitError) -> Optimum {
        let p = start.count
        var beta = start
        var state = first ?? pass.evaluate(beta)
        var objective = problem.objective(state, beta)
        var iterations = 0
        var converged = false
        var settled = false
        var settledButMoving = 0
        var warnings: [String] = []
        let tolerance = problem.firth ? min(options.stepTolerance, 1e-10) : options.stepTolerance

        while iterations < options.maxIterations {
            iterations += 1
            let (score, information) = try problem.derivatives(pass: pass, beta: beta, state: state)
            // Active set: coefficients at a bound whose score pushes outward stay there.
            let free = (0..<p).filter { j in
                !((beta[j] <= lower[j] && score[j] <= 0) || (beta[j] >= upper[j] && score[j] >= 0))
            }
            let step = try newtonStep(information: information, score: score, free: free, p: p)
            let decrement = zip(step, score).reduce(0) { $0 + $1.0 * $1.1 }
            var candidate = beta
            for j in 0..<p { candidate[j] = min(max(beta[j] + step[j], lower[j]), upper[j]) }
            var movement = 0.0
            for j in 0..<p { movement += abs(candidate[j] - beta[j]) * reach[j] }

            if settled && movement <= tolerance {
                // The polishing step: it moves no log-odds by more than `tolerance`, so it is taken without a
                // line search and without another pass. The deviance and information kept are those one
                // rounding-level step away (they change by far less than their last printed digit), which
                // keeps the default fit at the number of passes it had before polishing.
                beta = candidate
                converged = true
                break
            }

            // Step halving keeps the objective from increasing.
            var t = 1.0
            var candidateState = state
            var candidateObjective = objective
            for _ in 0..<40 {
                for j in 0..<p { candidate[j] = min(max(beta[j] + t * step[j], lower[j]), upper[j]) }
                candidateState = pass.evaluate(candidate)
                candidateObjective = problem.objective(candidateState, candidate)
                if candidateObjective.isFinite && candidateObjective <= objective * (1 + 1e-12) + 1e-12 { break }
                t /= 2
            }
            if t < 1 { warnings.append("step halving was needed at iteration \(iterations)") }
            let change = abs(objective - candidateObjective) / (abs(candidateObjective) + 0.1)
            if settled { settledButMoving += 1 }
            settled = change < options.devianceTolerance && decrement < options.gradientTolerance * max(1, objective)
            beta = candidate
            state = candidateState
            objective = candidateObjective
            // A likelihood that keeps rising along a direction never lets the steps shrink; after three such
            // steps the existence question goes to the exact test instead of to more iterations.
            if !problem.penalised && settledButMoving >= 3 {
                return Optimum(beta: beta, state: state, objective: objective, iterations: iterations,
                               converged: false, stalled: true, warnings: warnings)
            }
        }
        return Optimum(beta: beta, state: state, objective: objective, iterations: iterations,
                       converged: converged, stalled: false, warnings: warnings)
    }

    // MARK: Covariance

    /// The sandwich `B·M·B` from the model covariance `B` (zero outside the free coefficients) and the
    /// summed outer products of score contributions `M`, times the small-sample factor.
    static func sandwich(_ kind: LogisticCovariance, pass: Pass, beta: [Double], bread: Matrix, free k: Int) -> Matrix {
        let n = pass.design.rows, p = bread.columns
        let meat: Matrix
        let factor: Double
        switch kind {
        case .model:
            return bread
        case .robust(let smallSample):
            meat = pass.scoreCrossProduct(beta, groups: nil, groupCount: n)
            factor = smallSample ? Double(n) / Double(n - k) : 1
        case .cluster(let groups, let count, let smallSample):
            meat = pass.scoreCrossProduct(beta, groups: groups, groupCount: count)
            factor = smallSample ? Double(count) / Double(count - 1) * Double(n - 1) / Double(n - k) : 1
        }
        var half = Matrix(rows: p, columns: p)
        for j in 0..<p { for l in 0..<p { var s = 0.0; for m in 0..<p { s += meat[j, m] * bread[m, l] }; half[j, l] = s } }
        var out = Matrix(rows: p, columns: p)
        for i in 0..<p { for l in 0..<p { var s = 0.0; for m in 0..<p { s += bread[i, m] * half[m, l] }; out[i, l] = s * factor } }
        for i in 0..<p { for l in (i + 1)..<max(p, i + 1) where l < p { let v = (out[i, l] + out[l, i]) / 2; out[i, l] = v; out[l, i] = v } }
        return out
    }

    // MARK: Profile likelihood

    /// 95% profile intervals: for each free coefficient the two values `b` where
    /// `objective(β̂ with βⱼ = b, others re-maximised) − objective(β̂) = χ²₁,₀.₉₅`, bracketed from the Wald
    /// interval outwards and found by the Illinois variant of regula falsi.
    static func profileIntervals(
        pass: Pass, problem: Problem, beta: [Double], objective: Double, covariance: Matrix, free: [Int],
        lower: [Double], upper: [Double], reach: [Double], options: LogisticFitOptions
    ) throws(LogisticFitError) -> [(low: Double?, high: Double?)] {
        let p = beta.count
        var out = [(low: Double?, high: Double?)](repeating: (nil, nil), count: p)
        for j in free {
            let se = max(covariance[j, j].squareRoot(), 1e-8)
            var ends: [Double?] = []
            for direction in [-1.0, 1.0] {
                var warm = beta
                func excess(_ b: Double) throws(LogisticFitError) -> Double {
                    var lo = lower, hi = upper
                    lo[j] = b; hi[j] = b
                    warm[j] = b
                    let constrained = try optimise(pass: pass, problem: problem, start: warm, lower: lo, upper: hi, reach: reach, options: options)
                    warm = constrained.beta
                    return constrained.objective - objective - chiSquare95
                }
                // Bracket: f(β̂) = −χ² < 0; walk out until f > 0.
                var inside = beta[j], fInside = -chiSquare95
                var distance = 2 * se
                var outside = beta[j] + direction * distance
                var fOutside = try excess(outside)
                var expansions = 0
                while fOutside < 0 && expansions < 30 {
                    inside = outside; fInside = fOutside
                    distance *= 2
                    outside = beta[j] + direction * distance
                    fOutside = try excess(outside)
                    expansions += 1
                }
                guard fOutside >= 0, (outside >= lower[j] && outside <= upper[j]) else { ends.append(nil); continue }
                // Illinois regula falsi on [inside, outside].
                var a = inside, fa = fInside, b = outside, fb = fOutside
                var side = 0
                var root = b
                for _ in 0..<100 {
                    let c = (a * fb - b * fa) / (fb - fa)
                    let fc = try excess(c)
                    root = c
                    if abs(fc) < 1e-11 || abs(b - a) < 1e-12 * (1 + abs(c)) { break }
                    if (fc < 0) == (fa < 0) {
                        a = c; fa = fc
                        if side == -1 { fb /= 2 }
                        side = -1
                    } else {
                        b = c; fb = fc
                        if side == 1 { fa /= 2 }
                        side = 1
                    }
                }
                ends.append(root)
            }
            out[j] = (ends[0], ends[1])
        }
        return out
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
    private static func checkBinaryColumnSeparation(design: Matrix, labels: [Double], intercept: Int?) throws(LogisticFitError) {
        let n = design.rows
        for j in 0..<design.columns where j != intercept {
            var ones = 0.0, eventsAtOne = 0.0, binary = true
            let offset = j * n
            for i in 0..<n {
                let x = design.storage[offset + i]
                if x == 1 { ones += 1; eventsAtOne += labels[i] } else if x != 0 { binary = false; break }
            }
            guard binary, ones > 0, ones < Double(n) else { continue }
            if eventsAtOne == 0 || eventsAtOne == ones {
                let label = eventsAtOne == 0 ? 0 : 1
                let rows = (0..<n).filter { design.storage[offset + $0] == 1 }
                throw .separation(columns: [j], rows: rows, detail: "all \(Int(ones)) rows where it is 1 have label \(label)")
            }
        }
    }
}
