/// A dense column-major matrix of `Double`, LAPACK's own layout.
///
/// Element (i, j) lives at `storage[i + j * rows]`. Column-major keeps every column contiguous, which is
/// what both LAPACK and the row-chunked IRLS kernels want.
public struct Matrix: Sendable, Equatable {
    public let rows: Int
    public let columns: Int
    public var storage: [Double]

    /// A matrix filled with `value`.
    public init(rows: Int, columns: Int, repeating value: Double = 0) {
        precondition(rows >= 0 && columns >= 0, "matrix dimensions must be non-negative")
        self.rows = rows
        self.columns = columns
        self.storage = [Double](repeating: value, count: rows * columns)
    }

    /// A matrix over existing column-major storage.
    public init(rows: Int, columns: Int, columnMajor storage: [Double]) {
        precondition(storage.count == rows * columns, "storage has \(storage.count) elements, expected \(rows * columns)")
        self.rows = rows
        self.columns = columns
        self.storage = storage
    }

    public subscript(row: Int, column: Int) -> Double {
        get { storage[row + column * rows] }
        set { storage[row + column * rows] = newValue }
    }

    /// The symmetric matrix whose upper triangle is this one's (LAPACK leaves the lower triangle alone).
    public func symmetrizedFromUpper() -> Matrix {
        precondition(rows == columns, "only a square matrix can be symmetrized")
        var out = self
        for j in 0..<columns {
            for i in (j + 1)..<max(rows, j + 1) where i < rows {
                out[i, j] = self[j, i]
            }
        }
        return out
    }

    /// The identity matrix of order `n`.
    public static func identity(_ n: Int) -> Matrix {
        var m = Matrix(rows: n, columns: n)
        for i in 0..<n { m[i, i] = 1 }
        return m
    }
}
