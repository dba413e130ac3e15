/// The population violation rate from the random arm by inverse-probability weighting ⚖.
///
/// Each stratum `h` is one list's random draw in one region: `N_h` eligible units, `k_h` drawn with
/// probability `π_h = k_h / N_h`, of which `r_h` have an outcome with `y_h` violations. The
/// Horvitz–Thompson estimate weights each visit by `1/π`; with outcomes missing for some drawn units the
/// weight is `N_h / r_h` (missing at random within the stratum), and pooling over lists divides by the
/// total weight (Hájek form; within one list with every outcome in it is exactly Horvitz–Thompson):
///
/// ```
/// p̂ = Σ_h N_h ȳ_h / Σ_h N_h          (strata with r_h ≥ 1)
/// V̂ = Σ_h (N_h/N)² (1 − r_h/N_h) s²_h / r_h,   s²_h = r_h ȳ_h(1 − ȳ_h)/(r_h − 1)
/// ```
/// with a normal 95 % interval clipped to [0, 1]. A stratum with one outcome has no `s²`; it borrows
/// `p̂(1 − p̂)`. Unbiased because the random draw does not depend on scores (checked over 200 simulated
/// seeds in `PopulationRateSimulationTests`), unlike the naive rate among all inspected units.
public struct PopulationRateEstimate: Codable, Sendable, Equatable {
    /// One stratum's design and outcomes.
    public struct Stratum: Sendable, Equatable {
        public var eligible: Double
        public var drawn: Int
        public var withOutcome: Int
        public var violations: Int

        public init(eligible: Double, drawn: Int, withOutcome: Int, violations: Int) {
            self.eligible = eligible
            self.drawn = drawn
            self.withOutcome = withOutcome
            self.violations = violations
        }
    }

    public var value: Double?
    public var ciLow: Double?
    public var ciHigh: Double?
    public var standardError: Double?
    /// Random-arm visits with an outcome, and drawn units without one.
    public var visits: Int
    public var withoutOutcome: Int
    /// Of ``withoutOutcome``, the drawn units in strata with no outcome at all: those strata are not in
    /// the estimate (nothing is assumed about them), so its population is the strata with outcomes.
    public var inStrataWithoutOutcome: Int
    public var strata: Int
    public var method = "Horvitz–Thompson (inverse-probability) weighting of the random arm, per list and region, N_h = k_h / π_h; outcomes missing at random within a stratum"
    /// Why there is no value, when there is none.
    public var reason: String?

    enum CodingKeys: String, CodingKey {
        case value, visits, strata, method, reason
        case ciLow = "ci_low", ciHigh = "ci_high", standardError = "standard_error", withoutOutcome = "without_outcome"
        case inStrataWithoutOutcome = "in_strata_without_outcome"
    }

    public init(strata: [Stratum]) {
        let used = strata.filter { $0.withOutcome > 0 && $0.eligible > 0 }
        visits = used.reduce(0) { $0 + $1.withOutcome }
        withoutOutcome = strata.reduce(0) { $0 + max(0, $1.drawn - $1.withOutcome) }
        inStrataWithoutOutcome = strata.filter { $0.withOutcome == 0 }.reduce(0) { $0 + $1.drawn }
        self.strata = used.count
        let total = used.reduce(0.0) { $0 + $1.eligible }
        guard total > 0 else {
            reason = "no random-arm visit has an outcome yet"
            return
        }
        let p = used.reduce(0.0) { $0 + $1.eligible * Double($1.violations) / Double($1.withOutcome) } / total
        var variance = 0.0
        for h in used {
            let r = Double(h.withOutcome), mean = Double(h.violations) / r
            let s2 = h.withOutcome > 1 ? r * mean * (1 - mean) / (r - 1) : p * (1 - p)
            let share = h.eligible / total
            variance += share * share * max(0, 1 - r / h.eligible) * s2 / r
        }
        let se = variance.squareRoot()
        value = p
        standardError = se
        ciLow = max(0, p - Interval.z * se)
        ciHigh = min(1, p + Interval.z * se)
    }
}
