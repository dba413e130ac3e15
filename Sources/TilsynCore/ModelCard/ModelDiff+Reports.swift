extension ModelDiff {
    /// One validation metric in both versions; `overlap` is false when the two 95% intervals are disjoint,
    /// the same bar the coefficients are held to.
    public struct MetricChange: Codable, Sendable {
        public var metric: String
        public var from: Estimate?
        public var to: Estimate?
        public var overlap: Bool?
    }

    /// A grouping's fairness verdicts in both versions.
    public struct VerdictChange: Codable, Sendable {
        public var grouping: String
        public var from: ModelCard.GroupingVerdicts?
        public var to: ModelCard.GroupingVerdicts?
    }

    /// Adds the headline validation metrics of the two versions' `tilsyn validate` reports.
    public mutating func compare(validation old: ValidationReport, _ new: ValidationReport) {
        func change(_ name: String, _ a: Estimate?, _ b: Estimate?) -> MetricChange {
            var overlap: Bool?
            if let al = a?.ciLow, let ah = a?.ciHigh, let bl = b?.ciLow, let bh = b?.ciHigh { overlap = al <= bh && bl <= ah }
            return MetricChange(metric: name, from: a, to: b, overlap: overlap)
        }
        validation = [
            change("auc", old.auc, new.auc), change("brier", old.brier, new.brier),
            change("calibration_slope", old.calibrationSlope, new.calibrationSlope),
            change("calibration_in_the_large", old.calibrationInTheLarge, new.calibrationInTheLarge),
            change("model_lift", old.modelLift.asEstimate, new.modelLift.asEstimate),
            change("historical_channel_lift", old.channels?.historicalChannelLift, new.channels?.historicalChannelLift),
        ]
    }

    /// Adds the fairness verdict counts per grouping of the two versions' `tilsyn fairness` reports.
    public mutating func compare(fairness old: FairnessReport, _ new: FairnessReport) {
        let a = ModelCard.fairnessSummary(old).groupings, b = ModelCard.fairnessSummary(new).groupings
        let names = b.map(\.name) + a.map(\.name).filter { n in !b.contains { $0.name == n } }
        fairness = names.map { n in VerdictChange(grouping: n, from: a.first { $0.name == n }, to: b.first { $0.name == n }) }
    }
}
