/// Metric blocks and comparisons write `null` explicitly for what could not be estimated (DESIGN §8),
/// instead of leaving the key out as synthesized `Codable` does, so a reader sees the gap and its reason.
extension MetricBlock {
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(metric, forKey: .metric)
        try c.encode(estimand, forKey: .estimand)
        try c.encode(value, forKey: .value)
        try c.encode(ciLow, forKey: .ciLow)
        try c.encode(ciHigh, forKey: .ciHigh)
        try c.encode(method, forKey: .method)
        try c.encode(reason, forKey: .reason)
        try c.encode(denominator, forKey: .denominator)
        try c.encode(ratio, forKey: .ratio)
        try c.encode(difference, forKey: .difference)
        try c.encode(pValue, forKey: .pValue)
        try c.encode(pAdjusted, forKey: .pAdjusted)
    }
}

extension Comparison {
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(value, forKey: .value)
        try c.encode(ciLow, forKey: .ciLow)
        try c.encode(ciHigh, forKey: .ciHigh)
        try c.encode(reference, forKey: .reference)
        try c.encode(method, forKey: .method)
        try c.encode(reason, forKey: .reason)
        try c.encodeIfPresent(seLog, forKey: .seLog)
    }
}
