import Foundation

/// The smallest change in *advisable* features that takes a unit to its region's cut-off on the list,
/// or a plain statement that none exists.
///
/// The model is linear in its encoded columns, so the effect of changing one feature is exact:
/// ```
/// Δlog_odds(f) = Σ_{j ∈ columns(f)} βⱼ·(x'ⱼ − xⱼ)
/// ```
/// and changes to different features add up. For a numeric feature with declared range `[lo, hi]`
/// (its `clip`) and transform `T` (identity, log1p, sqrt), the value that alone reaches the cut-off `c`
/// from the current log-odds `η` solves `β·(T(v′) − T(v)) = c − η`, i.e. `v′ = T⁻¹(T(v) + (c − η)/β)`,
/// accepted only if it lies inside `[lo, hi]`, moves the risk down and moves the feature the way its
/// advice says improves the working environment. A numeric feature without a declared range is treated
/// as a yes/no flag (values 0 and 1) when its value is 0 or 1, and otherwise left alone: there is no
/// honest "smallest change" to an unbounded number.
///
/// Only features with spec `advice` whose condition holds for the unit are ever suggested. Everything
/// else is listed in ``notSuggested`` with the reason, so the card can say why: a feature the company
/// cannot change, or whose "better" value would mean shedding sick, young or temporary workers, has no
/// advice; advice whose condition (`employees >= 10`) the unit does not meet does not apply. Features that
/// cannot be disclosed are neither suggested nor named.
///
/// When no single feature suffices, a combination is built greedily: levers in order of the largest
/// reduction each can give, each used fully until the remaining gap fits the next one, which is then
/// changed just enough. Greedy is optimal for the number of features changed; it does not minimise any
/// combined distance, which has no natural unit across features.
public struct Counterfactual: Codable, Sendable, Equatable {
    public enum Outcome: String, Codable, Sendable {
        /// The unit is already below the cut-off; nothing needs to change.
        case alreadyBelow = "already_below"
        /// The unit holds the cut-off place itself: any lowering of its score would have left it off.
        case atCutoff = "at_cutoff"
        /// One actionable feature alone reaches the cut-off (see ``options``).
        case single
        /// Only a combination of actionable features reaches it (see ``suggestion``).
        case combination
        /// No change in actionable features within their declared ranges reaches it.
        case none
    }

    public struct Change: Codable, Sendable, Equatable {
        public var feature: String
        public var text: LocalizedText?
        public var unitOfMeasure: LocalizedText?
        /// The current value as shown on the card; `nil` when missing.
        public var from: String?
        /// The new value for display: numbers rounded toward lower risk to two decimals.
        public var to: String
        /// The exact new number (numeric features).
        public var toValue: Double?
        /// The new category (categorical features).
        public var toLevel: String?
        /// The exact change in log-odds (negative).
        public var logOddsChange: Double
        /// Share of the feature's declared range the change uses (1 for a flip or a new category);
        /// orders single-feature options from the smallest change.
        public var shareOfRange: Double

        enum CodingKeys: String, CodingKey {
            case feature, text, from, to
            case unitOfMeasure = "unit_of_measure"
            case toValue = "to_value"
            case toLevel = "to_level"
            case logOddsChange = "log_odds_change"
            case shareOfRange = "share_of_range"
        }
    }

    public var outcome: Outcome
    public var cutoffLogOdds: Double
    public var cutoffProbability: Double
    /// The list capacity the cut-off comes from, when it was set by rank.
    public var cutoffRank: Int?
    public var logOdds: Double
    /// Every actionable feature that alone reaches the cut-off, smallest share of range first.
    public var options: [Change]
    /// The suggested change: the first option, or the greedy combination; empty for `none`/`alreadyBelow`.
    public var suggestion: [Change]
    /// Log-odds after the suggestion (equals the cut-off up to rounding when a suggestion exists).
    public var resultingLogOdds: Double?
    /// The advisable, disclosable features whose advice applies to the unit.
    public var considered: [String]
    /// The disclosable features that were not considered, each with the reason.
    public var notSuggested: [Exclusion] = []

    /// A feature the counterfactual leaves alone, and why.
    public struct Exclusion: Codable, Sendable, Equatable {
        public enum Reason: String, Codable, Sendable {
            /// The spec gives no advice: the company cannot change it, or a lower value would be at the
            /// workers' expense.
            case noAdvice = "no_advice"
            /// The advice's condition does not hold for this unit (e.g. fewer than 10 employees).
            case conditionNotMet = "condition_not_met"
        }
        public var feature: String
        public var reason: Reason
        /// The condition that was not met, as the spec states it.
        public var condition: String?
    }

    enum CodingKeys: String, CodingKey {
        case outcome, options, suggestion, considered
        case notSuggested = "not_suggested"
        case cutoffLogOdds = "cutoff_log_odds"
        case cutoffProbability = "cutoff_probability"
        case cutoffRank = "cutoff_rank"
        case logOdds = "log_odds"
        case resultingLogOdds = "resulting_log_odds"
    }
}

extension Counterfactual {
    /// Log-odds within this of the cut-off are the cut-off itself.
    public static let atCutoffTolerance = 1e-9

    /// Computes the counterfactual for one row.
    /// - Parameters:
    ///   - cutoffLogOdds: the log-odds of the last unit on the list (rank = capacity).
    ///   - cutoffRank: the capacity the cut-off came from, recorded for the card.
    /// - Throws: ``DataError`` when the row cannot be encoded.
    public static func compute(
        explainer: Explainer, prepared: DesignEncoder.Prepared, row: Int, cutoffLogOdds: Double, cutoffRank: Int? = nil
    ) throws(DataError) -> Counterfactual {
        let x = try explainer.encodedRow(prepared, row: row)
        let beta = explainer.beta
        var eta = beta[0]
        for j in 1..<beta.count { eta += beta[j] * x[j] }
        let spec = explainer.model.spec
        let layout = explainer.encoder.layout
        var levers: [Lever] = []
        var considered: [String] = []
        var excluded: [Exclusion] = []
        for (index, offset) in layout.featureOffsets.enumerated() {
            let f = spec.features[index]
            guard f.isDisclosed else { continue }
            guard let advice = f.advice, let way = advice.way else {
                excluded.append(.init(feature: f.name, reason: .noAdvice))
                continue
            }
            if let condition = advice.parsedCondition {
                let value = spec.features.firstIndex { $0.name == condition.feature }
                    .flatMap { if case .number(let v) = explainer.rawValue(prepared, feature: $0, row: row) { v } else { nil } }
                guard condition.holds(for: value) else {
                    excluded.append(.init(feature: f.name, reason: .conditionNotMet, condition: condition.description))
                    continue
                }
            }
            considered.append(f.name)
            let raw = explainer.rawValue(prepared, feature: index, row: row)
            if let lever = Lever.make(feature: f, encoding: layout.features[index], offset: offset, x: x, beta: beta, raw: raw, way: way) {
                levers.append(lever)
            }
        }
        var result = Counterfactual(
            outcome: .alreadyBelow, cutoffLogOdds: cutoffLogOdds, cutoffProbability: Scorer.logistic(cutoffLogOdds),
            cutoffRank: cutoffRank, logOdds: eta, options: [], suggestion: [], resultingLogOdds: nil, considered: considered,
            notSuggested: excluded)
        let need = eta - cutoffLogOdds
        // The cut-off is read back from a probability, so the last unit on the list meets it only to rounding.
        guard need > Self.atCutoffTolerance else {
            if abs(need) <= Self.atCutoffTolerance { result.outcome = .atCutoff }
            return result
        }

        result.options = levers.filter { $0.maxReduction >= need }.map { $0.change(reducing: need) }
            .sorted { $0.shareOfRange != $1.shareOfRange ? $0.shareOfRange < $1.shareOfRange : $0.feature < $1.feature }
        if let first = result.options.first {
            result.outcome = .single
            result.suggestion = [first]
        } else if levers.reduce(0, { $0 + $1.maxReduction }) >= need {
            result.outcome = .combination
            var remaining = need
            // Stop once the gap is below rounding: a further "change" would leave the value as it is.
            for lever in levers.sorted(by: { $0.maxReduction > $1.maxReduction }) where remaining > 1e-12 {
                let change = lever.change(reducing: remaining)
                guard change.logOddsChange < 0 else { continue }
                result.suggestion.append(change)
                remaining += change.logOddsChange
            }
        } else {
            result.outcome = .none
        }
        if !result.suggestion.isEmpty {
            result.resultingLogOdds = eta + result.suggestion.reduce(0) { $0 + $1.logOddsChange }
        }
        return result
    }
}

/// One actionable feature and the changes to it that lower the risk.
struct Lever {
    enum Kind {
        /// A numeric feature moved along its declared range; `t` values are transformed.
        case continuous(current: Double, best: Double, beta: Double, indicatorDelta: Double, transform: FeatureSpec.Transform, low: Double, high: Double, from: Double?)
        /// A finite set of alternatives (a 0/1 flip, other categories) with their exact effects.
        case discrete([(to: String, value: Double?, level: String?, delta: Double)])
    }

    var feature: FeatureSpec
    var from: String?
    var kind: Kind
    /// The largest log-odds reduction this feature alone can give (positive).
    var maxReduction: Double

    /// - Parameter way: the direction the advice allows; a change the other way is never offered.
    static func make(
        feature f: FeatureSpec, encoding: FeatureEncoding, offset: Int, x: [Double], beta: [Double], raw: RawValue, way: FeatureSpec.Advice.Way
    ) -> Lever? {
        let width = encoding.columns.count
        let indicator = encoding.hasMissingIndicator ? offset + width - 1 : nil
        switch f.type {
        case .numeric:
            let j = offset
            // Reporting any value removes the missing indicator.
            let indicatorDelta = indicator.map { beta[$0] * (0 - x[$0]) } ?? 0
            if let clip = f.clip, clip.count == 2, clip[0] < clip[1] {
                let transform = f.effectiveTransform
                guard let low = transformed(clip[0], transform), let high = transformed(clip[1], transform) else { return nil }
                let best = beta[j] > 0 ? low : high
                // Lowering the risk must move the feature the advised way (from a missing value, any way).
                if case .number = raw, (best < x[j]) != (way == .decrease) { return nil }
                let maxDelta = beta[j] * (best - x[j]) + indicatorDelta
                guard maxDelta < 0 else { return nil }
                var fromValue: Double?
                if case .number(let v) = raw { fromValue = min(max(v, clip[0]), clip[1]) }
                return Lever(
                    feature: f, from: raw.display,
                    kind: .continuous(current: x[j], best: best, beta: beta[j], indicatorDelta: indicatorDelta, transform: transform, low: clip[0], high: clip[1], from: fromValue),
                    maxReduction: -maxDelta)
            }
            // No declared range: only a yes/no flag can be changed honestly.
            var candidates: [Double] = []
            switch raw {
            case .number(let v) where v == 0 || v == 1:
                guard (1 - v > v) == (way == .increase) else { return nil }
                candidates = [1 - v]
            case .missing: candidates = [0, 1]
            default: return nil
            }
            let options = candidates.map { v in
                (to: FeatureEncoding.formatNumber(v), value: Optional(v), level: String?.none, delta: beta[j] * (v - x[j]) + indicatorDelta)
            }.filter { $0.delta < 0 }
            guard let most = options.map(\.delta).min() else { return nil }
            return Lever(feature: f, from: raw.display, kind: .discrete(options), maxReduction: -most)
        case .categorical:
            let levels = [encoding.reference ?? ""] + (encoding.levels ?? [])
            var options: [(to: String, value: Double?, level: String?, delta: Double)] = []
            for (k, level) in levels.enumerated() where level != raw.display {
                var delta = 0.0
                for c in 0..<width {
                    let target: Double = (k > 0 && c == k - 1) ? 1 : 0
                    delta += beta[offset + c] * (target - x[offset + c])
                }
                if delta < 0 { options.append((to: level, value: nil, level: level, delta: delta)) }
            }
            guard let most = options.map(\.delta).min() else { return nil }
            return Lever(feature: f, from: raw.display, kind: .discrete(options), maxReduction: -most)
        case .binned:
            return nil
        }
    }

    /// The smallest change to this feature that lowers the log-odds by `need`, or its largest change when
    /// it cannot.
    func change(reducing need: Double) -> Counterfactual.Change {
        switch kind {
        case .continuous(let current, let best, let beta, let indicatorDelta, let transform, let low, let high, let from):
            var t: Double
            if need >= maxReduction {
                t = best
            } else {
                t = current + (-need - indicatorDelta) / beta
                // Only when a missing value is reported can the target lie on the other side of the fill.
                t = min(max(t, min(best, current, transformedOrSelf(low, transform))), max(best, current, transformedOrSelf(high, transform)))
            }
            var value = inverse(t, transform)
            value = min(max(value, low), high)
            let delta = beta * ((Lever.transformed(value, transform) ?? t) - current) + indicatorDelta
            let share = from.map { abs(value - $0) / (high - low) } ?? 1
            return .init(
                feature: feature.name, text: feature.text, unitOfMeasure: feature.unitOfMeasure, from: self.from,
                to: Self.display(value, towardLower: beta > 0), toValue: value, toLevel: nil, logOddsChange: delta, shareOfRange: share)
        case .discrete(let options):
            // Smallest sufficient effect, else the largest available.
            let sufficient = options.filter { -$0.delta >= need }.max { $0.delta < $1.delta }
            let chosen = sufficient ?? options.min { $0.delta < $1.delta }
            let option = chosen ?? (to: "", value: nil, level: nil, delta: 0)
            return .init(
                feature: feature.name, text: feature.text, unitOfMeasure: feature.unitOfMeasure, from: from,
                to: option.to, toValue: option.value, toLevel: option.level, logOddsChange: option.delta, shareOfRange: 1)
        }
    }

    static func transformed(_ v: Double, _ transform: FeatureSpec.Transform) -> Double? {
        switch transform {
        case .identity: return v
        case .log1p: return v > -1 ? log1p(v) : nil
        case .sqrt: return v >= 0 ? v.squareRoot() : nil
        }
    }

    private func transformedOrSelf(_ v: Double, _ transform: FeatureSpec.Transform) -> Double {
        Self.transformed(v, transform) ?? v
    }

    private func inverse(_ t: Double, _ transform: FeatureSpec.Transform) -> Double {
        switch transform {
        case .identity: t
        case .log1p: expm1(t)
        case .sqrt: t * t
        }
    }

    /// Two decimals, rounded in the direction that lowers the risk further, so the shown value is safe.
    static func display(_ v: Double, towardLower increasing: Bool) -> String {
        let scaled = v * 100
        let rounded = (increasing ? scaled.rounded(.down) : scaled.rounded(.up)) / 100
        return FeatureEncoding.formatNumber(rounded)
    }
}
