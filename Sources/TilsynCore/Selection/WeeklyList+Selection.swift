extension WeeklyList {
    /// Salt that separates the random-audit draw from the score tie-break, which uses the same seed:
    /// without it the units that win ties would also be the units most likely to be drawn.
    static let drawSalt: UInt64 = 0x7374_696b_7072_6f65  // "stikproe"
    /// Salt of the pivotal risk draw with a floor, so it is independent of the random audit's keys.
    static let pivotSalt: UInt64 = 0x7069_766f_7461_6c21  // "pivotal!"

    /// The key that orders eligible units for the random draw: the smallest keys are drawn.
    ///
    /// `key = SplitMix64(seed ⊕ salt ⊕ FNV-1a(unit))` (see ``TieBreak``). For a fixed unit set, keys are
    /// pseudo-random and independent of input order, so taking the `k` smallest is a simple random sample
    /// without replacement: every eligible unit of the stratum is drawn with probability `k / N`.
    public static func drawKey(seed: UInt64, unit: String) -> UInt64 {
        TieBreak.key(seed: seed ^ drawSalt, unit: unit)
    }

    /// The `k` first elements of `items` under the strict total order `before`, in that order: what
    /// `items.sorted(by: before).prefix(k)` gives, without sorting a stratum of 90,000 units to draw 20
    /// of them. Each element is compared with the largest kept so far and only the few that beat it are
    /// inserted; a large `k` (a quarter of the items or more, or beyond 1,024) simply sorts.
    static func smallest<T>(_ k: Int, of items: [T], by before: (T, T) -> Bool) -> [T] {
        guard k > 0 else { return [] }
        if k > 1024 || k * 4 >= items.count { return Array(items.sorted(by: before).prefix(k)) }
        var kept: [T] = []
        kept.reserveCapacity(k + 1)
        for item in items {
            if kept.count == k {
                guard let last = kept.last, before(item, last) else { continue }
                kept.removeLast()
            }
            var position = kept.count
            while position > 0 && before(item, kept[position - 1]) { position -= 1 }
            kept.insert(item, at: position)
        }
        return kept
    }

    /// Draws the week's list ⚖ (DESIGN §7).
    ///
    /// 1. Eligible = not inspected within `excludeDays` before `asOf` (last inspection on a day after
    ///    `asOf − excludeDays`; never inspected is eligible) and not excluded by any flag.
    /// 2. Per stratum (a region with a capacity file, else the whole register) with capacity `C` and `N`
    ///    eligible units: the random audit is drawn **first**, `k = min(round(F·C), N)` units with the
    ///    smallest ``drawKey(seed:unit:)``, each with inclusion probability `k / N`.
    /// 3. The remaining `min(C − k, N − k)` places go to the not-drawn eligible units of the stratum with the
    ///    highest scores, ties broken by the seeded ``TieBreak`` key (the order of ``Scores/order``).
    ///
    /// Drawing the random share first and from *all* eligible units (high scorers included) is what makes
    /// the random arm an unbiased sample of the population, so its hit rate can be compared with the risk
    /// arm's. When fewer units are eligible than the capacity, every eligible unit is listed and a warning
    /// says how many places stay empty.
    /// - Throws: ``SelectionError`` for a policy outside its valid ranges.
    public static func select(_ c: SelectionCandidates, policy: SelectionPolicy) throws(SelectionError) -> WeeklyList {
        try policy.validate()
        let n = c.count
        let units = c.scores.units

        // 1. Eligibility.
        var eligible = [Bool](repeating: true, count: n)
        var recent = [Bool](repeating: false, count: n)
        let cutoff = Double(policy.asOf - policy.excludeDays)
        for i in 0..<n {
            let day = c.lastInspection[i]
            if !day.isNaN && day > cutoff {
                recent[i] = true
                eligible[i] = false
            }
        }
        for flag in c.flags {
            for i in 0..<n where flag.excludes[i] { eligible[i] = false }
        }

        // Regions as small integers, so the per-row work is array indexing.
        var regionNames: [String] = []
        var regionOf: [Int] = []
        if let region = c.region {
            var index: [String: Int] = [:]
            if case .perRegion(let plan) = policy.capacity {
                for r in plan { index[r.region] = regionNames.count; regionNames.append(r.region) }
            }
            let planned = regionNames.count
            regionOf.reserveCapacity(n)
            for name in region {
                if let k = index[name] {
                    regionOf.append(k)
                } else {
                    index[name] = regionNames.count
                    regionOf.append(regionNames.count)
                    regionNames.append(name)
                }
            }
            // Regions met only in the register: sorted by name, so the order does not follow the file.
            let extra = regionNames[planned...].sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            if extra != Array(regionNames[planned...]) {
                var remap = Array(0..<regionNames.count)
                for (offset, name) in extra.enumerated() { remap[index[name] ?? 0] = planned + offset }
                for i in 0..<n { regionOf[i] = remap[regionOf[i]] }
                regionNames = Array(regionNames[..<planned]) + extra
            }
        }

        // Strata: one per planned region, or a single national one. Stratum −1 = no quota.
        let capacities: [Int]
        let stratumOf: (Int) -> Int
        switch policy.capacity {
        case .total(let total):
            capacities = [total]
            stratumOf = { _ in 0 }
        case .perRegion(let plan):
            precondition(c.region != nil, "a per-region capacity needs the region of every unit")
            capacities = plan.map(\.capacity)
            let planned = plan.count
            let regionOfRow = regionOf
            stratumOf = { row in regionOfRow[row] < planned ? regionOfRow[row] : -1 }
        }
        let strata = capacities.count
        var eligibleRows = [[Int]](repeating: [], count: strata)
        for i in 0..<n where eligible[i] {
            let s = stratumOf(i)
            if s >= 0 { eligibleRows[s].append(i) }
        }

        // 2. The random audit, first.
        var drawn = [Bool](repeating: false, count: n)
        var randomRows = [[Int]](repeating: [], count: strata)
        var randomProbability = [Double?](repeating: nil, count: strata)
        var riskQuota = [Int](repeating: 0, count: strata)
        for s in 0..<strata {
            let pool = eligibleRows[s]
            let k = min(policy.randomPlaces(capacity: capacities[s]), pool.count)
            let keyed = pool.map { (key: drawKey(seed: policy.seed, unit: units[$0]), row: $0) }
            randomRows[s] = smallest(k, of: keyed) { a, b in
                a.key != b.key ? a.key < b.key : units[a.row].utf8.lexicographicallyPrecedes(units[b.row].utf8)
            }.map(\.row)
            for row in randomRows[s] { drawn[row] = true }
            if !pool.isEmpty { randomProbability[s] = Double(k) / Double(pool.count) }
            riskQuota[s] = min(capacities[s] - k, pool.count - k)
        }

        // 3. Risk rank fills the rest: the top scores (π = 1), or with a floor an ordered pivotal draw in
        //    score order (``RiskFloorDesign``).
        var riskRows = [[Int]](repeating: [], count: strata)
        var riskProbability = [Double](repeating: 0, count: n)
        if let eps = policy.floorProbability {
            var candidates = [[Int]](repeating: [], count: strata)
            for row in c.scores.order where eligible[row] && !drawn[row] {
                let s = stratumOf(row)
                if s >= 0 { candidates[s].append(row) }
            }
            for s in 0..<strata {
                let name: String? = if case .perRegion(let plan) = policy.capacity { plan[s].region } else { nil }
                let pi = try RiskFloorDesign.probabilities(candidates: candidates[s].count, places: riskQuota[s], floor: eps, region: name)
                var rng = SeededRandom(seed: policy.seed ^ Self.pivotSalt, stream: UInt64(s))
                let chosen = RiskFloorDesign.draw(pi, rng: &rng)
                for (i, row) in candidates[s].enumerated() {
                    riskProbability[row] = pi[i]
                    if chosen[i] { riskRows[s].append(row) }
                }
            }
        } else {
            var open = riskQuota.reduce(0, +)
            for row in c.scores.order where open > 0 {
                guard eligible[row], !drawn[row] else { continue }
                let s = stratumOf(row)
                guard s >= 0, riskRows[s].count < riskQuota[s] else { continue }
                riskRows[s].append(row)
                riskProbability[row] = 1
                open -= 1
            }
        }
        var randomDesign = [Double](repeating: 0, count: n)
        for s in 0..<strata { for row in eligibleRows[s] { randomDesign[row] = randomProbability[s] ?? 0 } }

        var entries: [Entry] = []
        // Never more rows than units: a capacity far beyond the register must not reserve memory for it.
        entries.reserveCapacity(min(capacities.reduce(0, +), n))
        func regionName(_ row: Int) -> String? { c.region == nil ? nil : regionNames[regionOf[row]] }
        for s in 0..<strata {
            for row in riskRows[s] {
                entries.append(Entry(row: row, channel: .risk, region: regionName(row), inclusionProbability: riskProbability[row], scoreRank: c.scores.rank[row]))
            }
            for row in randomRows[s] {
                entries.append(Entry(row: row, channel: .random, region: regionName(row), inclusionProbability: randomProbability[s], scoreRank: c.scores.rank[row]))
            }
        }

        // Counts.
        func counts(region: String?, rows: (Int) -> Bool) -> StratumCounts {
            var result = StratumCounts(
                region: region, capacity: nil, units: 0, excludedRecent: 0,
                excludedByFlag: Dictionary(uniqueKeysWithValues: c.flags.map { ($0.name, 0) }),
                eligible: 0, random: 0, risk: 0, shortfall: nil, randomInclusionProbability: nil)
            for i in 0..<n where rows(i) {
                result.units += 1
                if recent[i] { result.excludedRecent += 1 }
                if eligible[i] { result.eligible += 1 }
            }
            for flag in c.flags {
                var count = 0
                for i in 0..<n where flag.excludes[i] && rows(i) { count += 1 }
                result.excludedByFlag[flag.name] = count
            }
            return result
        }
        var total = counts(region: nil) { _ in true }
        total.random = randomRows.reduce(0) { $0 + $1.count }
        total.risk = riskRows.reduce(0) { $0 + $1.count }
        var warnings: [String] = []
        if case .total(let capacity) = policy.capacity {
            total.capacity = capacity
            total.shortfall = capacity - total.random - total.risk
            total.randomInclusionProbability = randomProbability[0]
            if let short = total.shortfall, short > 0 {
                warnings.append("The capacity of \(capacity) is larger than the \(total.eligible) eligible units, so the list has \(total.eligible) rows and \(short) places stay empty.")
            }
        } else {
            total.capacity = policy.capacity.total
            total.shortfall = policy.capacity.total - total.random - total.risk
        }

        var regions: [StratumCounts] = []
        if c.region != nil {
            var perRegion = regionNames.map { name in
                StratumCounts(region: name, capacity: nil, units: 0, excludedRecent: 0,
                              excludedByFlag: Dictionary(uniqueKeysWithValues: c.flags.map { ($0.name, 0) }),
                              eligible: 0, random: 0, risk: 0, shortfall: nil, randomInclusionProbability: nil)
            }
            for i in 0..<n {
                let r = regionOf[i]
                perRegion[r].units += 1
                if recent[i] { perRegion[r].excludedRecent += 1 }
                if eligible[i] { perRegion[r].eligible += 1 }
            }
            for flag in c.flags {
                for i in 0..<n where flag.excludes[i] { perRegion[regionOf[i]].excludedByFlag[flag.name, default: 0] += 1 }
            }
            for entry in entries {
                let r = regionOf[entry.row]
                if entry.channel == .risk { perRegion[r].risk += 1 } else { perRegion[r].random += 1 }
            }
            if case .perRegion(let plan) = policy.capacity {
                for (s, quota) in plan.enumerated() {
                    perRegion[s].capacity = quota.capacity
                    perRegion[s].shortfall = quota.capacity - perRegion[s].random - perRegion[s].risk
                    perRegion[s].randomInclusionProbability = randomProbability[s]
                    if let short = perRegion[s].shortfall, short > 0 {
                        warnings.append("Region '\(quota.region)' has a capacity of \(quota.capacity) but only \(perRegion[s].eligible) eligible units, so its list has \(perRegion[s].eligible) rows and \(short) places stay empty.")
                    }
                }
                for r in perRegion[plan.count...] where r.eligible > 0 {
                    warnings.append("Region '\(r.region ?? "")' has \(r.eligible) eligible units but no capacity in the capacity file, so none of them is on the list.")
                }
            }
            regions = perRegion
        }
        return WeeklyList(policy: policy, entries: entries, total: total, regions: regions, warnings: warnings,
                          design: InclusionDesign(random: randomDesign, risk: riskProbability))
    }
}
