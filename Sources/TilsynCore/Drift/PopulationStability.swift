import Foundation

/// The population stability index between two distributions over the same bins.
///
/// ```
/// PSI = Σ_i (r_i − b_i) · ln(r_i / b_i),   b_i, r_i = max(share, floor)
/// ```
/// Each term is non-negative, so PSI is zero only when the shares agree. An empty bin would make the
/// logarithm infinite; the floor (1e-4 by default) turns "a level that never occurred before" into a large
/// but finite term, which is what a reviewer needs to see.
public enum PopulationStability {
    /// The floor for empty bins.
    public static let defaultFloor = 1e-4
    /// Above this the shift is major: the model sees a population it was not fitted on.
    public static let majorThreshold = 0.25
    /// Above this (up to ``majorThreshold``) the shift is moderate and worth a look.
    public static let moderateThreshold = 0.1

    /// How far a feature has moved, by the usual PSI rule of thumb.
    public enum Level: String, Codable, Sendable, Equatable {
        case stable, moderate, major
    }

    /// Shares of each bin; an all-zero count vector gives all-zero shares.
    public static func shares(_ counts: [Int]) -> [Double] {
        let total = counts.reduce(0, +)
        guard total > 0 else { return counts.map { _ in 0 } }
        return counts.map { Double($0) / Double(total) }
    }

    /// The term of one bin, with both shares floored.
    public static func term(baseline: Double, register: Double, floor: Double = defaultFloor) -> Double {
        let b = max(baseline, floor), r = max(register, floor)
        return (r - b) * log(r / b)
    }

    /// PSI of two share vectors of equal length.
    /// - Parameter floor: the smallest share used in the logarithm (> 0).
    public static func index(baseline: [Double], register: [Double], floor: Double = defaultFloor) -> Double {
        precondition(baseline.count == register.count, "PSI needs the same bins on both sides")
        return zip(baseline, register).reduce(0) { $0 + term(baseline: $1.0, register: $1.1, floor: floor) }
    }

    /// The level of a PSI value: above 0.25 major, above 0.1 moderate, otherwise stable.
    public static func level(_ psi: Double) -> Level {
        if psi > majorThreshold { return .major }
        if psi > moderateThreshold { return .moderate }
        return .stable
    }
}
