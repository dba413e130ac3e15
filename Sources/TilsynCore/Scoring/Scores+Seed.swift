extension Scores {
    /// The same scores ranked with another tie-break seed.
    ///
    /// The seed only orders units with exactly equal log-odds, so a service that scored the register once
    /// can rank it for any list's seed without scoring again, and get the order `Scorer.score` would give.
    public func ranked(seed: UInt64) -> Scores {
        guard seed != self.seed else { return self }
        let order = Scorer.rankOrder(logOdds: logOdds, units: units, seed: seed)
        var rank = [Int](repeating: 0, count: order.count)
        for (position, row) in order.enumerated() { rank[row] = position + 1 }
        return Scores(units: units, logOdds: logOdds, probability: probability, order: order, rank: rank, seed: seed)
    }
}
