import Foundation
import Testing
@testable import TilsynNumerics

/// Existence of the estimate is decided exactly, convergence goes to rounding, and Firth's penalty gives
/// finite estimates where maximum likelihood has none.
@Suite struct SeparationAndConvergenceTests {
    static func uniformSource(_ seed: UInt64) -> () -> Double {
        var state = seed
        return {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
    }

    /// Score at `beta`, summed directly from the definition.
    static func score(_ x: Matrix, _ y: [Double], _ beta: [Double]) -> [Double] {
        var g = [Double](repeating: 0, count: x.columns)
        for i in 0..<x.rows {
            var eta = 0.0
            for j in 0..<x.columns { eta += x[i, j] * beta[j] }
            let r = Pass.residual(eta, y[i])
            for j in 0..<x.columns { g[j] += x[i, j] * r }
        }
        return g
    }

    /// 60,000 rows: the old rule stopped with a gradient of 1e-5; one polishing step brings it to rounding.
    @Test func convergesToRounding() throws {
        let n = 60_000
        let uniform = Self.uniformSource(60)
        var x = Matrix(rows: n, columns: 5)
        var y = [Double](repeating: 0, count: n)
        for i in 0..<n {
            x[i, 0] = 1
            x[i, 1] = uniform() * 6 - 3
            x[i, 2] = uniform() < 0.2 ? 1 : 0
            x[i, 3] = log1p(uniform() * 200)
            x[i, 4] = uniform() * uniform() * 10
            let eta = -1.5 + 0.7 * x[i, 1] - 0.9 * x[i, 2] + 0.3 * x[i, 3] + 0.15 * x[i, 4]
            y[i] = uniform() < 1 / (1 + exp(-eta)) ? 1 : 0
        }
        let fit = try LogisticRegression.fit(design: x, labels: y)
        let g = Self.score(x, y, fit.coefficients)
        #expect(g.allSatisfy { abs($0) < 1e-9 }, "score at the estimate: \(g)")
        #expect(fit.saturatedRows == 0 && !fit.separationTested)
    }

    /// Extreme but legitimate covariate values (p within 1e-13 of 1 on a finite fit) are not separation.
    @Test func extremeCovariatesAreNotSeparation() throws {
        let n = 4000
        let uniform = Self.uniformSource(3)
        var x = Matrix(rows: n, columns: 2)
        var y = [Double](repeating: 0, count: n)
        for i in 0..<n {
            x[i, 0] = 1
            // Mostly small values, a few at 99,999 (like Adult's capital gain).
            x[i, 1] = uniform() < 0.02 ? 99_999 : uniform() * 20_000
            let eta = -2 + 0.0004 * x[i, 1]
            y[i] = uniform() < 1 / (1 + exp(-eta)) ? 1 : 0
        }
        // One high row without the event keeps the estimate finite.
        x[0, 1] = 99_999
        y[0] = 0
        let fit = try LogisticRegression.fit(design: x, labels: y)
        #expect(fit.saturatedRows > 0, "some rows are fitted within 1e-10 of 1")
        #expect(fit.separationTested)
        #expect(fit.coefficients.allSatisfy { $0.isFinite })
        #expect(Self.score(x, y, fit.coefficients).allSatisfy { abs($0) < 1e-7 * 99_999 })
    }

    /// A count that is non-zero only where the label is 1: quasi-complete separation by a column that is
    /// not 0/1, which only the linear program sees. The rows it names are the ones with a non-zero count.
    @Test func quasiSeparationByANumericColumnIsNamedWithItsRows() throws {
        let n = 600
        let uniform = Self.uniformSource(11)
        var x = Matrix(rows: n, columns: 3)
        var y = [Double](repeating: 0, count: n)
        for i in 0..<n {
            x[i, 0] = 1
            x[i, 1] = uniform() * 2 - 1
            y[i] = uniform() < 1 / (1 + exp(-0.5 * x[i, 1])) ? 1 : 0
            x[i, 2] = (y[i] == 1 && uniform() < 0.3) ? Double(1 + Int(uniform() * 4)) : 0
        }
        let expectedRows = (0..<n).filter { x[$0, 2] > 0 }
        #expect(throws: LogisticFitError.separation(columns: [2], rows: expectedRows, detail: "\(expectedRows.count) of \(n) rows have their outcome determined by them")) {
            try LogisticRegression.fit(design: x, labels: y)
        }
    }

    /// Complete separation by a combination of two columns: both are named, and (nearly) every row is determined.
    @Test func separationByACombinationNamesBothColumns() throws {
        let n = 300
        let uniform = Self.uniformSource(5)
        var x = Matrix(rows: n, columns: 3)
        var y = [Double](repeating: 0, count: n)
        for i in 0..<n {
            x[i, 0] = 1
            x[i, 1] = uniform() * 2 - 1
            x[i, 2] = uniform() * 2 - 1
            y[i] = x[i, 1] + 2 * x[i, 2] > 0.1 ? 1 : 0
        }
        do {
            _ = try LogisticRegression.fit(design: x, labels: y)
            Issue.record("expected separation")
        } catch {
            guard case .separation(let columns, let rows, _) = error else { Issue.record("got \(error)"); return }
            #expect(columns == [1, 2])
            // The program's vertex may leave a few rows on the separating hyperplane (margin 0).
            #expect(rows.count > n * 9 / 10 && rows.count <= n)
        }
    }

    /// Firth's estimate is finite under complete separation, and its score (the modified one) is zero.
    @Test func firthIsFiniteUnderSeparation() throws {
        var x = Matrix(rows: 40, columns: 2)
        var y = [Double](repeating: 0, count: 40)
        for i in 0..<40 {
            x[i, 0] = 1
            x[i, 1] = Double(i) / 10 - 2
            y[i] = i >= 20 ? 1 : 0
        }
        var options = LogisticFitOptions()
        options.firth = true
        options.profileIntervals = true
        let fit = try LogisticRegression.fit(design: x, labels: y, options: options)
        #expect(fit.coefficients.allSatisfy { $0.isFinite } && fit.coefficients[1] > 0)
        let profile = try #require(fit.profileIntervals)
        let slope = profile[1]
        #expect(try #require(slope.low) < fit.coefficients[1])
        #expect(try #require(slope.low) > 0, "the slope's profile interval excludes 0 under separation")
        #expect(fit.penalisedLogLikelihood != nil)
    }

    /// The simplex on a small program with a known answer.
    @Test func linearProgramSolvesAKnownProblem() {
        // max 3a + 2b  s.t. a + b ≤ 4, a + 3b ≤ 6, a ≤ 3  →  a = 3, b = 1, value 11.
        let outcome = LinearProgram.maximise(c: [3, 2], a: [[1, 1], [1, 3], [1, 0]], b: [4, 6, 3])
        #expect(outcome == .optimal(x: [3, 1], value: 11))
    }
}
