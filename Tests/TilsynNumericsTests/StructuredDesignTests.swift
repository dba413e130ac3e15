import Foundation
import Testing
import TilsynNumerics

/// The structured design (dense columns plus one-hot blocks as codes, neighbouring blocks merged in the
/// pass) fits the same model as the plain dense matrix.
@Suite struct StructuredDesignTests {
    /// Intercept, two numeric columns and three categorical features of 30, 20 and 4 non-reference
    /// levels: the first alone fills a merged group, the other two share one, so the pass uses merged
    /// levels, pairs inside a group and pairs across groups.
    static func data(n: Int) -> (matrix: Matrix, blocks: [[Int]], labels: [Double]) {
        var state: UInt64 = 11
        func uniform() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
        let sizes = [30, 20, 4]
        var first = 3
        var blocks: [[Int]] = []
        for size in sizes {
            blocks.append(Array(first..<(first + size)))
            first += size
        }
        var x = Matrix(rows: n, columns: first)
        var y = [Double](repeating: 0, count: n)
        for i in 0..<n {
            x[i, 0] = 1
            x[i, 1] = uniform() * 2 - 1
            x[i, 2] = uniform() < 0.4 ? 1 : 0
            var eta = -0.3 + 0.7 * x[i, 1] - 0.5 * x[i, 2]
            for (b, size) in sizes.enumerated() {
                let level = Int(uniform() * Double(size + 1)) - 1  // −1: the reference level
                if level >= 0 {
                    x[i, blocks[b][level]] = 1
                    eta += 0.05 * Double(level % 7) - 0.1 * Double(b)
                }
            }
            y[i] = uniform() < 1 / (1 + exp(-eta)) ? 1 : 0
        }
        return (x, blocks, y)
    }

    @Test func mergedBlocksFitTheSameModelAsTheDenseMatrix() throws {
        let (x, blocks, y) = Self.data(n: 30_000)
        let dense = try LogisticRegression.fit(design: x, labels: y)
        var options = LogisticFitOptions()
        options.oneHotBlocks = blocks
        let structured = try LogisticRegression.fit(design: x, labels: y, options: options)
        #expect(structured.iterations == dense.iterations)
        for j in 0..<x.columns {
            let a = dense.coefficients[j], b = structured.coefficients[j]
            #expect(abs(a - b) <= 1e-10 * max(1, abs(a)), "coefficient \(j): \(a) vs \(b)")
            let sa = dense.covariance[j, j], sb = structured.covariance[j, j]
            #expect(abs(sa - sb) <= 1e-9 * sa, "variance \(j): \(sa) vs \(sb)")
        }
        #expect(abs(dense.deviance - structured.deviance) <= 1e-9 * dense.deviance)
    }

    @Test func designAnswersLikeTheMatrix() {
        let (x, blocks, _) = Self.data(n: 500)
        let design = Design(x, oneHotBlocks: blocks)
        #expect(design.blocks.count == 3 && design.dense == [0, 1, 2])
        for j in 0..<x.columns {
            let column = design.column(j)
            for i in 0..<x.rows where column[i] != x[i, j] || design[i, j] != x[i, j] {
                Issue.record("(\(i), \(j)): \(column[i]) vs \(x[i, j])")
                return
            }
        }
        // A claimed block that is not one-hot stays dense.
        let notOneHot = Design(x, oneHotBlocks: [[1, 2]])
        #expect(notOneHot.blocks.isEmpty && notOneHot.dense.count == x.columns)
    }
}
