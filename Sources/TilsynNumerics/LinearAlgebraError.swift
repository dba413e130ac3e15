/// A failure reported by LAPACK, turned into a Swift value at the C boundary.
///
/// Every `info` a LAPACK routine returns is mapped to one of these cases; nothing is asserted away,
/// because assertions vanish in release builds.
public enum LinearAlgebraError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The leading minor of this order (1-based) is not positive definite, so Cholesky stopped there.
    case notPositiveDefinite(minor: Int)
    /// The matrix is singular: the factor's diagonal element at this 1-based index is exactly zero.
    case singular(index: Int)
    /// An argument to the named routine was illegal; a programming error reported, not trapped.
    case illegalArgument(routine: String, position: Int)

    public var description: String {
        switch self {
        case .notPositiveDefinite(let minor):
            "the matrix is not positive definite (leading minor \(minor) fails)"
        case .singular(let index):
            "the matrix is singular (zero pivot at position \(index))"
        case .illegalArgument(let routine, let position):
            "LAPACK routine \(routine) rejected argument \(position)"
        }
    }
}
