import Testing
import TilsynNumerics

@Suite struct LAPACKTests {
    /// A = [[4, 2], [2, 3]]: Cholesky solve of A x = [2, 1] gives x = [0.5, 0].
    @Test func choleskySolvesSymmetricPositiveDefiniteSystem() throws {
        var a = Matrix(rows: 2, columns: 2, columnMajor: [4, 2, 2, 3])
        try LAPACK.choleskyFactor(&a)
        var b = [2.0, 1.0]
        try LAPACK.choleskySolve(factor: a, &b)
        #expect(abs(b[0] - 0.5) < 1e-15)
        #expect(abs(b[1]) < 1e-15)
        let inverse = try LAPACK.choleskyInverse(factor: a)
        // inv(A) = 1/8 · [[3, −2], [−2, 4]]
        #expect(abs(inverse[0, 0] - 0.375) < 1e-15 && abs(inverse[1, 0] + 0.25) < 1e-15 && abs(inverse[1, 1] - 0.5) < 1e-15)
    }

    @Test func indefiniteMatrixIsATypedError() {
        var a = Matrix(rows: 2, columns: 2, columnMajor: [1, 2, 2, 1])
        #expect(throws: LinearAlgebraError.notPositiveDefinite(minor: 2)) { try LAPACK.choleskyFactor(&a) }
    }

    @Test func pivotedCholeskyRevealsRank() throws {
        // Columns: x, y, x + y → Gram matrix of rank 2.
        let x = [1.0, 2, 3, 4], y = [0.0, 1, 0, 2]
        let cols = [x, y, zip(x, y).map(+)]
        var gram = Matrix(rows: 3, columns: 3)
        for i in 0..<3 { for j in 0..<3 { gram[i, j] = zip(cols[i], cols[j]).reduce(0) { $0 + $1.0 * $1.1 } } }
        let result = try LAPACK.pivotedCholeskyRank(gram, tolerance: 1e-12)
        #expect(result.rank == 2)
        #expect(Set(result.pivots) == [0, 1, 2])
    }

    @Test func symmetricSolveHandlesIndefiniteSystems() throws {
        let a = Matrix(rows: 2, columns: 2, columnMajor: [1, 2, 2, 1])
        var b = [3.0, 3.0]
        try LAPACK.symmetricSolve(a, &b)
        #expect(abs(b[0] - 1) < 1e-14 && abs(b[1] - 1) < 1e-14)
    }

    @Test func libraryIsDescribed() {
        #expect(!LAPACK.libraryDescription.isEmpty)
    }
}
