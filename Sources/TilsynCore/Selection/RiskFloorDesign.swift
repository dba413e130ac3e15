/// The risk fill with a floor ⚖: inclusion probabilities that favour high scores but leave no eligible
/// unit at 0, and an ordered pivotal draw that honours them exactly with a fixed number of places.
///
/// Why: a deterministic top-k gives every other unit probability 0, so nothing about them can be
/// estimated from the risk arm (Henderson et al. 2022 on IRS audits; Hino et al. 2018 keep "a minimum
/// probability of inspection for all facilities"). Here each of the `M` candidates of a stratum (eligible,
/// not drawn for the random audit) with `m` risk places gets
///
/// ```
/// π_i = ε + min(1 − ε, max(0, B − (1 − ε)·(r_i − 1)))      B = m − M·ε,  r_i = score rank among the candidates
/// ```
///
/// i.e. every candidate has ε, and the budget `B` left lifts the highest scores to 1 one by one (the
/// last one part-way). `Σ π_i = m` exactly, so the expected list size is the capacity; the ordered
/// pivotal method (Deville & Tillé 1998) then selects exactly `m` units with these first-order
/// probabilities. The probabilities are conditional on the random draw, which happens first and does not
/// depend on scores; the manifest says so.
public enum RiskFloorDesign {
    /// The inclusion probability of each candidate, in the order given (highest score first).
    /// - Throws: ``SelectionError/floorTooHigh(floor:region:candidates:places:)`` when `ε·M > m`.
    public static func probabilities(candidates: Int, places: Int, floor eps: Double, region: String?) throws(SelectionError) -> [Double] {
        guard candidates > 0 else { return [] }
        // A floor that fits only by rounding (ε·M a hair above m) is accepted as fitting.
        guard eps * Double(candidates) <= Double(places) * (1 + 1e-12) else {
            throw .floorTooHigh(floor: eps, region: region, candidates: candidates, places: places)
        }
        if places >= candidates { return [Double](repeating: 1, count: candidates) }
        var budget = max(0, Double(places) - Double(candidates) * eps)
        var pi = [Double](repeating: eps, count: candidates)
        for i in 0..<candidates where budget > 0 {
            let lift = min(1 - eps, budget)
            pi[i] += lift
            budget -= lift
        }
        return pi
    }

    /// Ordered pivotal sampling: which of the units with probabilities `pi` (summing to a whole number `m`)
    /// are drawn; exactly `m` of them, each with probability `pi[i]`.
    ///
    /// Units are met in the order given. One unit at a time carries the undecided probability mass; when
    /// the next undecided unit comes, the two "fight": if their probabilities sum to less than 1 one of them
    /// drops out (0) and the other carries the sum; otherwise one of them is selected (1) and the other
    /// carries the sum minus 1. Each fight keeps both units' expected values, which is why the draw is
    /// exact. Probabilities of 0 and 1 are decided without a fight.
    public static func draw(_ pi: [Double], rng: inout SeededRandom) -> [Bool] {
        var selected = [Bool](repeating: false, count: pi.count)
        let tolerance = 1e-9
        var carrier: Int?
        var carried = 0.0
        for i in pi.indices {
            let p = pi[i]
            if p >= 1 - tolerance { selected[i] = true; continue }
            if p <= tolerance { continue }
            guard let a = carrier else { carrier = i; carried = p; continue }
            let sum = carried + p
            if sum < 1 {
                // a survives with probability carried / sum, else i does.
                if rng.uniform() * sum < carried { carried = sum } else { carrier = i; carried = sum }
            } else {
                // a is selected with probability (1 − p) / (2 − sum), else i is; the other carries sum − 1.
                if rng.uniform() * (2 - sum) < 1 - p { selected[a] = true; carrier = i } else { selected[i] = true }
                carried = sum - 1
            }
            _ = a
        }
        // With a whole-number total the last carrier holds (about) 0 or 1.
        if let a = carrier, carried > 0.5 { selected[a] = true }
        return selected
    }
}
