import Foundation
import Testing
import TilsynNumerics

/// Properties of the IRLS fit that hold whatever the data: the score is zero at the optimum, threading
/// does not change the bits, and failure modes are typed. Agreement with statsmodels is tested on the
/// reference fixtures in TilsynCoreTests.
@Suite struct LogisticRegressionTests {
    /// A small deterministic design: intercept, two numeric columns, labels from a logistic model.
    static func data(n: Int, seed: UInt64 = 7) -> (Matrix, [Double]) {
        var state = seed
        func uniform() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
        var x = Matrix(rows: n, columns: 3)
        var y = [Double](repeating: 0, count: n)
        for i in 0..<n {
            x[i, 0] = 1
            x[i, 1] = uniform() * 4 - 2
            x[i, 2] = uniform() < 0.3 ? 1 : 0
            let eta = -0.5 + 0.8 * x[i, 1] - 1.2 * x[i, 2]
            y[i] = uniform() < 1 / (1 + exp(-eta)) ? 1 : 0
        }
        return (x, y)
    }

    @Test func scoreIsZeroAtTheEstimate() throws {
        let (x, y) = Self.data(n: 5000)
        let fit = try LogisticRegression.fit(design: x, labels: y)
        #expect(fit.converged)
        for j in 0..<3 {
            var g = 0.0
            for i in 0..<x.rows {
                let eta = (0..<3).reduce(0.0) { $0 + x[i, $1] * fit.coefficients[$1] }
                g += x[i, j] * (y[i] - 1 / (1 + exp(-eta)))
            }
            #expect(abs(g) < 1e-8, "score component \(j) is \(g)")
        }
        #expect(fit.deviance <= fit.nullDeviance)
        #expect(abs(fit.logLikelihood + fit.deviance / 2) < 1e-9)
    }

    @Test(arguments: [1, 2, 3])
    func threadsDoNotChangeTheResultBeyondRoundOff(threads: Int) throws {
        let (x, y) = Self.data(n: 20_000)
        var one = LogisticFitOptions()
        one.threads = 1
        var many = LogisticFitOptions()
        many.threads = threads
        let a = try LogisticRegression.fit(design: x, labels: y, options: one)
        let b = try LogisticRegression.fit(design: x, labels: y, options: many)
        for j in 0..<3 {
            #expect(abs(a.coefficients[j] - b.coefficients[j]) <= 1e-12 * max(1, abs(a.coefficients[j])))
        }
        // Same thread count twice gives identical bits.
        let c = try LogisticRegression.fit(design: x, labels: y, options: many)
        #expect(b.coefficients == c.coefficients)
    }

    @Test func constantLabelIsRejected() {
        let (x, _) = Self.data(n: 100)
        #expect(throws: LogisticFitError.constantLabel(value: 0)) {
            try LogisticRegression.fit(design: x, labels: [Double](repeating: 0, count: 100))
        }
    }

    @Test func collinearColumnIsNamedWithItsPartners() {
        let (base, y) = Self.data(n: 500)
        var x = Matrix(rows: 500, columns: 4)
        for i in 0..<500 {
            for j in 0..<3 { x[i, j] = base[i, j] }
            x[i, 3] = 2 * base[i, 1] - base[i, 2]
        }
        #expect(throws: LogisticFitError.collinear(column: 3, of: [1, 2])) {
            try LogisticRegression.fit(design: x, labels: y)
        }
    }

    @Test func completeSeparationIsDetected() throws {
        var x = Matrix(rows: 200, columns: 2)
        var y = [Double](repeating: 0, count: 200)
        for i in 0..<200 {
            x[i, 0] = 1
            x[i, 1] = Double(i) / 10
            y[i] = i >= 100 ? 1 : 0
        }
        do {
            _ = try LogisticRegression.fit(design: x, labels: y)
            Issue.record("expected separation")
        } catch {
            guard case .separation(let columns, _, _) = error else { Issue.record("got \(error)"); return }
            #expect(columns == [1])
        }
    }

    @Test func ridgePenaltyGivesAFiniteEstimateUnderSeparation() throws {
        var x = Matrix(rows: 200, columns: 2)
        var y = [Double](repeating: 0, count: 200)
        for i in 0..<200 {
            x[i, 0] = 1
            x[i, 1] = Double(i) / 100 - 1
            y[i] = i >= 100 ? 1 : 0
        }
        var options = LogisticFitOptions()
        options.l2 = 1
        let fit = try LogisticRegression.fit(design: x, labels: y, options: options)
        #expect(fit.coefficients[1] > 0 && fit.coefficients[1].isFinite)
    }

    @Test func signConstraintHoldsAndBinds() throws {
        let (x, y) = Self.data(n: 5000)
        var options = LogisticFitOptions()
        // The true effect of column 2 is negative; require it to be ≥ 0.
        options.lowerBounds = [-.infinity, -.infinity, 0]
        let fit = try LogisticRegression.fit(design: x, labels: y, options: options)
        #expect(fit.coefficients[2] == 0)
        #expect(fit.boundAtConstraint == [2])
        #expect(fit.standardError(2) == nil)
        #expect(fit.standardError(1) != nil)
    }

    /// The structured kernel (one-hot blocks as codes) computes the same fit as the dense one.
    @Test func oneHotBlocksGiveTheSameFitAsDenseColumns() throws {
        let n = 30_000
        let (base, y) = Self.data(n: n)
        // Columns: intercept, x1, x2, a 4-level block (levels 1..3, level 0 = reference), a 3-level block.
        var x = Matrix(rows: n, columns: 8)
        var state: UInt64 = 99
        for i in 0..<n {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let a = Int(state >> 60) % 4, b = Int(state >> 40) % 3
            x[i, 0] = 1; x[i, 1] = base[i, 1]; x[i, 2] = base[i, 2]
            if a > 0 { x[i, 2 + a] = 1 }
            if b > 0 { x[i, 5 + b] = 1 }
        }
        var dense = LogisticFitOptions()
        dense.threads = 2
        var structured = dense
        structured.oneHotBlocks = [[3, 4, 5], [6, 7]]
        let d = try LogisticRegression.fit(design: x, labels: y, options: dense)
        let s = try LogisticRegression.fit(design: x, labels: y, options: structured)
        for j in 0..<8 {
            #expect(abs(d.coefficients[j] - s.coefficients[j]) <= 1e-10 * max(1, abs(d.coefficients[j])), "coefficient \(j)")
            #expect(abs(d.covariance[j, j] - s.covariance[j, j]) <= 1e-9 * d.covariance[j, j], "variance \(j)")
        }
        #expect(abs(d.deviance - s.deviance) <= 1e-9 * d.deviance)
        // A claimed block that is not one-hot (x1 is not 0/1) is handled densely, with the same result.
        var wrong = dense
        wrong.oneHotBlocks = [[1, 3]]
        let w = try LogisticRegression.fit(design: x, labels: y, options: wrong)
        for j in 0..<8 { #expect(abs(d.coefficients[j] - w.coefficients[j]) <= 1e-10 * max(1, abs(d.coefficients[j]))) }
    }
}
