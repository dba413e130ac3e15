import CLAPACKE

/// Swift-typed wrappers over the few BLAS and LAPACK routines Tilsyn uses.
///
/// This is the only file that imports `CLAPACKE` (the way swift-nio keeps system calls behind one enum).
/// Every routine's `info` becomes a ``LinearAlgebraError``; pointers are used only inside the
/// `withUnsafe…` closure around the one C call, and dimensions travel as `Int32` only here.
public enum LAPACK {
    private static let upper = CChar(UInt8(ascii: "U"))
    private static let norm1 = CChar(UInt8(ascii: "1"))

    // MARK: Environment

    /// Asks OpenBLAS (if it is the BLAS in use) to run single-threaded, because Tilsyn parallelises over
    /// row chunks itself and results must be bit-reproducible.
    /// - Returns: `true` if the BLAS was OpenBLAS and accepted the setting.
    @discardableResult
    public static func useSingleThreadedBLAS() -> Bool {
        tilsyn_blas_set_num_threads(1) != 0
    }

    /// A short description of the BLAS/LAPACK in use, for model cards and benchmark reports.
    public static var libraryDescription: String {
        guard let config = tilsyn_blas_config() else { return "reference BLAS/LAPACK (libblas.so.3, liblapacke)" }
        var text = String(cString: config)
        if let core = tilsyn_blas_corename() { text += " (kernel \(String(cString: core)))" }
        return text
    }

    // MARK: BLAS

    /// `y ← α·op(A)·x + β·y` for a column-major block `A` of `rows × columns` starting at `offset` with
    /// leading dimension `lda` (so a block of rows inside a taller matrix can be used in place).
    public static func gemv(
        transpose: Bool, rows: Int, columns: Int, alpha: Double,
        a: UnsafeBufferPointer<Double>, offset: Int, lda: Int,
        x: UnsafeBufferPointer<Double>, beta: Double, y: UnsafeMutableBufferPointer<Double>
    ) {
        precondition(rows >= 0 && columns >= 0 && lda >= max(1, rows), "gemv: bad dimensions")
        precondition(offset + (columns - 1) * lda + rows <= a.count || rows == 0 || columns == 0, "gemv: A out of range")
        precondition(x.count >= (transpose ? rows : columns) && y.count >= (transpose ? columns : rows), "gemv: vector too short")
        guard rows > 0, columns > 0, let aBase = a.baseAddress, let xBase = x.baseAddress, let yBase = y.baseAddress else { return }
        cblas_dgemv(
            CblasColMajor, transpose ? CblasTrans : CblasNoTrans,
            Int32(rows), Int32(columns), alpha, aBase + offset, Int32(lda), xBase, 1, beta, yBase, 1)
    }

    /// `C ← α·AAᵀ + β·C` on the upper triangle of the `n × n` matrix `C`, where `A` is a column-major
    /// `n × k` block with leading dimension `lda` (a row-major `k × n` chunk seen from LAPACK's side).
    public static func syrk(
        n: Int, k: Int, alpha: Double, a: UnsafeBufferPointer<Double>, lda: Int,
        beta: Double, c: UnsafeMutableBufferPointer<Double>
    ) {
        precondition(c.count >= n * n && a.count >= lda * k && lda >= max(1, n), "syrk: bad dimensions")
        guard n > 0, k > 0, let aBase = a.baseAddress, let cBase = c.baseAddress else { return }
        cblas_dsyrk(CblasColMajor, CblasUpper, CblasNoTrans, Int32(n), Int32(k), alpha, aBase, Int32(lda), beta, cBase, Int32(n))
    }

    /// `C ← α·AᵀA + β·C` on the upper triangle of the `n × n` matrix `C`, where `A` is a contiguous
    /// column-major `k × n` block.
    public static func syrkTransposed(
        n: Int, k: Int, alpha: Double, a: UnsafeBufferPointer<Double>, lda: Int,
        beta: Double, c: UnsafeMutableBufferPointer<Double>
    ) {
        precondition(c.count >= n * n && a.count >= lda * n && lda >= max(1, k), "syrk: bad dimensions")
        guard n > 0, k > 0, let aBase = a.baseAddress, let cBase = c.baseAddress else { return }
        cblas_dsyrk(CblasColMajor, CblasUpper, CblasTrans, Int32(n), Int32(k), alpha, aBase, Int32(lda), beta, cBase, Int32(n))
    }

    /// `C ← α·op(A)·B + β·C` for column-major blocks: `op(A)` is `m × k` (`A` read at `offsetA` with
    /// leading dimension `lda`, transposed when `transposeA`), `B` is `k × n` (`ldb`), `C` is `m × n` (`ldc`).
    public static func gemm(
        transposeA: Bool, m: Int, n: Int, k: Int, alpha: Double,
        a: UnsafeBufferPointer<Double>, offsetA: Int, lda: Int,
        b: UnsafeBufferPointer<Double>, ldb: Int,
        beta: Double, c: UnsafeMutableBufferPointer<Double>, ldc: Int
    ) {
        precondition(m >= 0 && n >= 0 && k >= 0 && ldb >= max(1, k) && ldc >= max(1, m), "gemm: bad dimensions")
        precondition(c.count >= ldc * n && b.count >= ldb * n, "gemm: B or C too short")
        guard m > 0, n > 0, k > 0, let aBase = a.baseAddress, let bBase = b.baseAddress, let cBase = c.baseAddress else { return }
        cblas_dgemm(
            CblasColMajor, transposeA ? CblasTrans : CblasNoTrans, CblasNoTrans,
            Int32(m), Int32(n), Int32(k), alpha, aBase + offsetA, Int32(lda), bBase, Int32(ldb), beta, cBase, Int32(ldc))
    }

    // MARK: LAPACK

    /// Cholesky factorisation `A = UᵀU` of a symmetric positive definite matrix (upper triangle used).
    /// - Throws: ``LinearAlgebraError/notPositiveDefinite(minor:)`` when a leading minor is not positive.
    public static func choleskyFactor(_ a: inout Matrix) throws(LinearAlgebraError) {
        precondition(a.rows == a.columns, "Cholesky needs a square matrix")
        let n = Int32(a.rows)
        let info = a.storage.withUnsafeMutableBufferPointer { buffer -> Int32 in
            guard let base = buffer.baseAddress else { return 0 }
            return LAPACKE_dpotrf(LAPACK_COL_MAJOR, upper, n, base, n)
        }
        try check(info, routine: "dpotrf") { .notPositiveDefinite(minor: $0) }
    }

    /// Solves `A·X = B` given the Cholesky factor from ``choleskyFactor(_:)``; `B` is overwritten by `X`.
    public static func choleskySolve(factor: Matrix, _ b: inout [Double]) throws(LinearAlgebraError) {
        precondition(factor.rows == factor.columns && b.count == factor.rows, "choleskySolve: bad dimensions")
        let n = Int32(factor.rows)
        let info = factor.storage.withUnsafeBufferPointer { f -> Int32 in
            b.withUnsafeMutableBufferPointer { x -> Int32 in
                guard let fBase = f.baseAddress, let xBase = x.baseAddress else { return 0 }
                return LAPACKE_dpotrs(LAPACK_COL_MAJOR, upper, n, 1, fBase, n, xBase, n)
            }
        }
        try check(info, routine: "dpotrs") { .singular(index: $0) }
    }

    /// The inverse of a symmetric positive definite matrix from its Cholesky factor, full (both triangles).
    public static func choleskyInverse(factor: Matrix) throws(LinearAlgebraError) -> Matrix {
        var inverse = factor
        let n = Int32(factor.rows)
        let info = inverse.storage.withUnsafeMutableBufferPointer { buffer -> Int32 in
            guard let base = buffer.baseAddress else { return 0 }
            return LAPACKE_dpotri(LAPACK_COL_MAJOR, upper, n, base, n)
        }
        try check(info, routine: "dpotri") { .singular(index: $0) }
        return inverse.symmetrizedFromUpper()
    }

    /// Estimated reciprocal 1-norm condition number of a symmetric positive definite matrix from its
    /// Cholesky factor; `norm1` is the 1-norm of the original matrix.
    public static func choleskyReciprocalCondition(factor: Matrix, norm1 anorm: Double) throws(LinearAlgebraError) -> Double {
        let n = Int32(factor.rows)
        var rcond = 0.0
        let info = factor.storage.withUnsafeBufferPointer { f -> Int32 in
            guard let base = f.baseAddress else { return 0 }
            return LAPACKE_dpocon(LAPACK_COL_MAJOR, upper, n, base, n, anorm, &rcond)
        }
        try check(info, routine: "dpocon") { .singular(index: $0) }
        return rcond
    }

    /// Cholesky factorisation with complete pivoting of a positive semidefinite matrix, which reveals
    /// its numerical rank and which columns are linear combinations of the others.
    /// - Parameter tolerance: pivots below this (relative to the largest) end the factorisation; negative
    ///   asks LAPACK for its default `n·ε·max(diag)`.
    /// - Returns: the rank and the 0-based pivot order (the first `rank` entries are independent columns).
    public static func pivotedCholeskyRank(_ a: Matrix, tolerance: Double = -1) throws(LinearAlgebraError) -> (rank: Int, pivots: [Int]) {
        precondition(a.rows == a.columns, "pivoted Cholesky needs a square matrix")
        var work = a
        let n = Int32(a.rows)
        var piv = [Int32](repeating: 0, count: a.rows)
        var rank: Int32 = 0
        let info = work.storage.withUnsafeMutableBufferPointer { buffer -> Int32 in
            piv.withUnsafeMutableBufferPointer { p -> Int32 in
                guard let base = buffer.baseAddress, let pBase = p.baseAddress else { return 0 }
                return LAPACKE_dpstrf(LAPACK_COL_MAJOR, upper, n, base, n, pBase, &rank, tolerance)
            }
        }
        // dpstrf's info = 1 means "rank deficient", which is the answer we are asking for, not a failure.
        if info < 0 { throw .illegalArgument(routine: "dpstrf", position: Int(-info)) }
        return (Int(rank), piv.map { Int($0) - 1 })
    }

    /// Solves the symmetric indefinite system `A·x = b` by Bunch–Kaufman LDLᵀ: the fallback when
    /// Cholesky rejects a Newton system that is numerically, but not structurally, near-singular.
    public static func symmetricSolve(_ a: Matrix, _ b: inout [Double]) throws(LinearAlgebraError) {
        precondition(a.rows == a.columns && b.count == a.rows, "symmetricSolve: bad dimensions")
        var work = a
        let n = Int32(a.rows)
        var ipiv = [Int32](repeating: 0, count: a.rows)
        let info = work.storage.withUnsafeMutableBufferPointer { buffer -> Int32 in
            ipiv.withUnsafeMutableBufferPointer { p -> Int32 in
                b.withUnsafeMutableBufferPointer { x -> Int32 in
                    guard let base = buffer.baseAddress, let pBase = p.baseAddress, let xBase = x.baseAddress else { return 0 }
                    return LAPACKE_dsysv(LAPACK_COL_MAJOR, upper, n, 1, base, n, pBase, xBase, n)
                }
            }
        }
        try check(info, routine: "dsysv") { .singular(index: $0) }
    }

    private static func check(
        _ info: Int32, routine: String, positive: (Int) -> LinearAlgebraError
    ) throws(LinearAlgebraError) {
        if info < 0 { throw .illegalArgument(routine: routine, position: Int(-info)) }
        if info > 0 { throw positive(Int(info)) }
    }
}
