import Foundation
import Testing
import _TilsynTestSupport

/// Invariants and edge cases of the fairness analysis: intervals contain their estimates, small groups
/// are kept and marked insufficient, degenerate groups give nulls with reasons instead of crashes.
@Suite struct FairnessTests {
    /// Every non-null value lies inside its interval; every null value has a reason.
    static func checkBlocks(_ group: GroupResult, _ context: String) {
        for b in group.metrics + [group.selectionShare] {
            if let v = b.value {
                if let lo = b.ciLow { #expect(lo <= v + 1e-15, "\(context) \(b.metric) \(b.estimand): ci_low \(lo) > value \(v)") }
                if let hi = b.ciHigh { #expect(v <= hi + 1e-15, "\(context) \(b.metric) \(b.estimand): value \(v) > ci_high \(hi)") }
            } else {
                #expect(b.reason != nil, "\(context) \(b.metric) \(b.estimand): null without a reason")
            }
            for c in [b.ratio, b.difference].compactMap({ $0 }) {
                if let v = c.value, let lo = c.ciLow, let hi = c.ciHigh { #expect(lo <= v && v <= hi, "\(context) \(b.metric) comparison") }
            }
            if let p = b.pValue, let q = b.pAdjusted { #expect(q >= p && q <= 1) }
        }
        #expect(["pass", "flag", "insufficient", "reference"].contains(group.verdict))
        #expect(!group.reasons.isEmpty, "\(context): verdict without reasons")
    }

    static func check(_ overall: GroupResult, _ groupings: [FairnessReport.Grouping]) {
        checkBlocks(overall, "overall")
        for g in groupings { for group in g.groups { checkBlocks(group, "\(g.name) \(group.group)") } }
    }

    /// Four groups: A large and balanced, B with no violations, C with no random-audit rows, D tiny.
    static func edgeInput() -> FairnessInput {
        var p: [Double] = [], y: [Double] = [], group: [String] = [], size: [String] = [], random: [Bool] = []
        var rng = SeededRandom(seed: 7)
        func add(_ g: String, _ n: Int, rate: Double, randomShare: Double) {
            for _ in 0..<n {
                let prob = rng.uniform()
                p.append(prob)
                y.append(rng.uniform() < rate * (0.5 + prob) ? 1 : 0)
                group.append(g)
                size.append(rng.uniform() < 0.5 ? "small" : "large")
                random.append(rng.uniform() < randomShare)
            }
        }
        add("A", 2000, rate: 0.3, randomShare: 0.3)
        add("B", 200, rate: 0, randomShare: 0.3)
        add("C", 300, rate: 0.3, randomShare: 0)
        add("D", 8, rate: 0.5, randomShare: 0.5)
        let order = p.indices.sorted { p[$0] > p[$1] }
        return FairnessInput(probability: p, labels: y, selected: FairnessSelection.selected(order: order, rule: .topFraction(0.2)),
                             groupings: GroupingColumn.make([("group", group), ("size", size)]), populationRows: random, populationSource: "channel = random")
    }

    @Test func edgeCasesGiveNullsAndVerdictsNotCrashes() throws {
        var options = FairnessOptions(rule: .topFraction(0.2))
        options.bootstrap = 50
        let (overall, groupings) = FairnessAnalysis.run(Self.edgeInput(), options: options)
        Self.check(overall, groupings)
        #expect(groupings.map(\.name) == ["group", "size", "group × size"])
        let byGroup = try #require(groupings.first)
        func group(_ name: String) throws -> GroupResult { try #require(byGroup.groups.first { $0.group == name }) }
        // B: no positives → recall and AUC null with reasons, verdict insufficient (0 events).
        let b = try group("B")
        #expect(b.positives == 0 && b.verdict == "insufficient")
        #expect(b.block("recall", "among_inspected")?.value == nil && b.block("recall", "among_inspected")?.reason != nil)
        #expect(b.block("auc", "population")?.value == nil && (b.block("auc", "population")?.reason ?? "").contains("no units with a violation"))
        // C: empty after filtering to random-audit rows → population blocks null, verdict insufficient, still present.
        let c = try group("C")
        #expect(c.block("base_rate", "population")?.denominator == 0 && c.block("base_rate", "population")?.value == nil)
        #expect(c.block("calibration_gap", "population")?.value == nil)
        #expect(c.verdict == "insufficient" && c.block("precision", "among_inspected")?.value != nil)
        // D: below the minimum units → insufficient, shown, with a minimum detectable ratio far from 1 or none.
        let d = try group("D")
        #expect(d.verdict == "insufficient" && d.n == 8)
        // A: large enough to be judged; its rest (B, C, D) has almost no random-audit violations, so A's
        // interval is wide or its ratio not estimable, and the verdict says the data cannot tell.
        let a = try group("A")
        #expect(a.verdict == "insufficient" && !(a.reasons.first ?? "").hasPrefix("Too small"))
        // The intersection is present with labels `A | small`.
        #expect(groupings[2].groups.contains { $0.group == "A | small" })
        #expect(groupings[2].groups.count == 8)
    }

    @Test func singleGroupEqualsOverall() throws {
        var input = Self.edgeInput()
        input.groupings = GroupingColumn.make([("one", Array(repeating: "all units", count: input.probability.count))])
        var options = FairnessOptions(rule: .topFraction(0.2))
        options.bootstrap = 20
        let (overall, groupings) = FairnessAnalysis.run(input, options: options)
        Self.check(overall, groupings)
        let g = try #require(groupings.first?.groups.first)
        #expect(groupings.count == 1 && groupings[0].groups.count == 1)
        #expect(g.n == overall.n && g.block("recall", "population")?.value == overall.block("recall", "population")?.value)
        // One group is the whole population: there is no rest to compare it with.
        #expect(g.block("recall", "population")?.ratio?.value == nil)
        #expect((g.block("recall", "population")?.ratio?.reason ?? "").contains("rest of the population has no"))
        #expect(g.verdict == "insufficient" && g.verdictInterval == nil)
    }

    /// Six size bands with known recall: the verdicts are the ones the band and the adjusted intervals
    /// give, the groups keep their natural order, and the family is the five bands large enough to judge.
    @Test func verdictsFollowFromTheAdjustedIntervalAndTheBand() throws {
        // (label, positives, of which selected, negatives)
        let design: [(String, Int, Int, Int)] = [
            ("250+", 3, 1, 7), ("10-19", 4000, 2000, 4000), ("5-9", 4000, 1200, 4000), ("1-4", 4000, 2000, 4000),
            ("50-99", 40, 14, 40), ("20-49", 4000, 2000, 4000),
        ]
        var p: [Double] = [], y: [Double] = [], selected: [Bool] = [], band: [String] = []
        for (label, positives, hits, negatives) in design {
            for i in 0..<(positives + negatives) {
                let positive = i < positives
                p.append(positive ? 0.6 : 0.3)
                y.append(positive ? 1 : 0)
                selected.append(positive ? i < hits : i < negatives / 10 + positives)
                band.append(label)
            }
        }
        let input = FairnessInput(probability: p, labels: y, selected: selected, groupings: GroupingColumn.make([("size_band", band)]),
                                  populationRows: Array(repeating: true, count: p.count), populationSource: "representative")
        var options = FairnessOptions(rule: .topK(0))
        options.bootstrap = 0
        let (_, groupings) = FairnessAnalysis.run(input, options: options)
        let groups = try #require(groupings.first).groups
        #expect(groups.map(\.group) == ["1-4", "5-9", "10-19", "20-49", "50-99", "250+"])
        #expect(groupings.first?.ordered == true)
        #expect(groups.map(\.verdict) == ["pass", "flag", "pass", "pass", "insufficient", "insufficient"])
        #expect(groups.compactMap(\.verdictInterval).allSatisfy { $0.familySize == 5 && abs($0.level - (1 - 0.05 / 5)) < 1e-15 })
        #expect(groups[5].verdictInterval == nil && (groups[5].reasons.first ?? "").hasPrefix("Too small"))
        let straddling = try #require(groups[4].verdictInterval)
        #expect(straddling.ciLow < 0.8 && straddling.ciHigh > 0.8)
        // The adjusted interval is the score interval at α = 0.05/5 of the band's recall (1200 of 4000
        // found) against the rest's (2000·3 + 1 + 14 of 4000·3 + 3 + 40), around the same ratio.
        let flag = try #require(groups[1].verdictInterval)
        let score = try #require(Interval.riskRatio(a: 1200, n1: 4000, c: 6015, n2: 12043, alpha: 0.05 / 5))
        #expect(abs(flag.ciLow - score.low) < 1e-12 && abs(flag.ciHigh - (score.high ?? 0)) < 1e-12 && flag.ciHigh < 0.8)
        #expect(abs(flag.value - (1200.0 / 4000) / (6015.0 / 12043)) < 1e-12)
        #expect(groups[1].block("recall", "population")?.ratio?.seLog == nil, "a score interval has no single standard error")
        #expect(abs((flag.pAdjusted ?? 0) - min(1, 5 * (groups[1].block("recall", "population")?.pValue ?? 0))) < 1e-15)
        // Secondary metrics are not adjusted.
        #expect(groups[1].block("precision", "population")?.pAdjusted == nil)
    }

    /// Groups at the boundaries of the ratio: "none" whose 40 violations the model finds none of (recall
    /// 0/40), "all" whose 6 it finds every one of, and "one" with a single violation, found. Each gets a
    /// finite score interval — [0, U] for none — and its verdict follows from that interval and the band.
    @Test func boundaryGroupsGetHonestIntervalsAndMechanicalVerdicts() throws {
        // (label, positives, of which selected, negatives)
        let design: [(String, Int, Int, Int)] = [("none", 40, 0, 60), ("all", 6, 6, 30), ("one", 1, 1, 40), ("rest", 3000, 1500, 3000)]
        var p: [Double] = [], y: [Double] = [], selected: [Bool] = [], group: [String] = []
        for (label, positives, hits, negatives) in design {
            for i in 0..<(positives + negatives) {
                p.append(i < positives ? 0.6 : 0.3)
                y.append(i < positives ? 1 : 0)
                selected.append(i < positives ? i < hits : i < negatives / 10)
                group.append(label)
            }
        }
        let input = FairnessInput(probability: p, labels: y, selected: selected, groupings: GroupingColumn.make([("g", group)]),
                                  populationRows: Array(repeating: true, count: p.count), populationSource: "representative")
        var options = FairnessOptions(rule: .topK(0))
        options.bootstrap = 0
        let (overall, groupings) = FairnessAnalysis.run(input, options: options)
        Self.check(overall, groupings)
        let groups = try #require(groupings.first).groups
        func result(_ label: String) throws -> GroupResult { try #require(groups.first { $0.group == label }) }
        let none = try result("none"), all = try result("all"), one = try result("one")
        // No hit in the group: ratio 0 with a finite interval from exactly 0, not a dash.
        let noneRatio = try #require(none.block("recall", "population")?.ratio)
        #expect(noneRatio.value == 0 && noneRatio.ciLow == 0 && (noneRatio.ciHigh ?? .infinity) < 0.2 && noneRatio.reason == nil)
        #expect(noneRatio.method.hasPrefix("Miettinen–Nurminen score interval"))
        let noneVerdict = try #require(none.verdictInterval)
        #expect(noneVerdict.ciLow == 0 && noneVerdict.ciHigh < 0.8 && none.verdict == "flag", "[0, U] wholly below the band is a flag")
        // Every violation found (6 of 6): a finite interval that reaches well below the estimate, unlike Katz's
        // zero-width log variance; the verdict is what that interval and the band give.
        let allVerdict = try #require(all.verdictInterval)
        #expect(allVerdict.value > 1.9 && allVerdict.ciLow < 1.25 && allVerdict.ciHigh > allVerdict.value && all.verdict == "insufficient")
        // One violation: too small to judge, but its unadjusted interval is wide and honest.
        let oneRatio = try #require(one.block("recall", "population")?.ratio)
        #expect(one.verdict == "insufficient" && one.verdictInterval == nil && (oneRatio.ciLow ?? 1) < 0.6 && (oneRatio.ciHigh ?? 0) > oneRatio.value ?? 0)
        // The family is the three groups large enough to judge; every verdict follows from its interval.
        #expect(groups.compactMap(\.verdictInterval).allSatisfy { $0.familySize == 3 })
        for g in groups {
            guard let v = g.verdictInterval else { continue }
            let expected = v.ciLow >= 0.8 && v.ciHigh <= 1.25 ? "pass" : (v.ciHigh < 0.8 || v.ciLow > 1.25 ? "flag" : "insufficient")
            #expect(g.verdict == expected, "\(g.group): \(g.verdict) for [\(v.ciLow), \(v.ciHigh)]")
        }
    }

    @Test func labelsWithNumbersSortByTheirNumber() {
        let labels = ["IG02 | 10-19", "(missing)", "IG01 | 250+", "IG01 | 5-9", "[10,20)", "[2,5)", "IG01 | (missing)", "IG01 | 1-4"]
        #expect(labels.sorted(by: GroupingColumn.precedes) == ["[2,5)", "[10,20)", "IG01 | 1-4", "IG01 | 5-9", "IG01 | 250+", "IG01 | (missing)", "IG02 | 10-19", "(missing)"])
        #expect(GroupingColumn(name: "s", columns: ["s"], labels: ["1-4", "10-19", "(missing)", "250+"]).ordered)
        #expect(!GroupingColumn(name: "i", columns: ["i"], labels: ["IG01", "IG02"]).ordered)
    }

    @Test func noPopulationRowsMeansNoPopulationBlocks() throws {
        var input = Self.edgeInput()
        input.populationRows = nil
        let (overall, groupings) = FairnessAnalysis.run(input, options: FairnessOptions(rule: .topK(100)))
        Self.check(overall, groupings)
        #expect(overall.metrics.allSatisfy { $0.estimand != "population" })
        #expect(overall.selected == input.selected.filter { $0 }.count)
    }

    @Test func bootstrapAUCMatchesDeLongPointAndHandlesTies() throws {
        let p: [Double] = [0.1, 0.4, 0.35, 0.8, 0.4, 0.4, 0.9, 0.2]
        let y: [Double] = [0, 0, 1, 1, 1, 0, 1, 0]
        let r = try #require(GroupAUC.bootstrap(probability: p, labels: y, rows: Array(p.indices), resamples: 100, seed: 1))
        let delong = try #require(RankMetrics.auc(scores: p, labels: y))
        #expect(abs(r.auc - delong.auc) < 1e-15)
        #expect(r.low < r.high)
        #expect(GroupAUC.bootstrap(probability: p, labels: y, rows: [0, 1, 5], resamples: 10, seed: 1) == nil)
    }

    @Test func holmAdjustsStepDown() {
        // p = (0.01, 0.04, 0.03, 0.005), m = 4 → sorted 0.005·4, 0.01·3, 0.03·2, 0.04·1 with running max.
        let adjusted = MultipleTesting.holm([0.01, 0.04, 0.03, 0.005])
        let expected = [0.03, 0.06, 0.06, 0.02]
        for (a, e) in zip(adjusted, expected) { #expect(abs(a - e) < 1e-15) }
    }

    @Test func intervalsForComparisons() throws {
        let d = try #require(Interval.newcombeDifference(a: 56, n1: 70, c: 48, n2: 80))
        // Newcombe (1998) Table II example (56/70 − 48/80): 0.2 [0.0524, 0.3339].
        #expect(abs(d.difference - 0.2) < 1e-12 && abs(d.low - 0.0524) < 5e-4 && abs(d.high - 0.3339) < 5e-4)
        let mdr = try #require(Interval.minimumDetectableRatio(overall: 0.5, groupDenominator: 100, overallDenominator: 1_000_000))
        #expect(abs(mdr - exp(2.8015852185 * (0.01 + 1e-6).squareRoot())) < 1e-8)
        #expect(SelectionRule.topFraction(0.2).count(of: 4667) == 933)
    }

    /// The whole pipeline on a real dataset: model fitted on fair.csv, grouped by occupation and religion.
    @Test func buildFromModelAndErrors() throws {
        let spec = try Fixtures.spec("fair")
        let table = try Fixtures.table("fair", spec: spec)
        let model = try ModelFitter.fit(spec: spec, table: table, trainingFile: nil, trainingSHA256: "", created: "", threads: 2)
        let data = try CSVReader.read(path: Fixtures.path("fair.csv"), columns: FairnessReport.columnRequests(for: model, by: ["occupation", "religious"]), threads: 2)
        var options = FairnessOptions(rule: .topFraction(0.25))
        options.bootstrap = 20
        let report = try FairnessReport.build(model: model, table: data, by: ["occupation", "religious"], options: options, representative: true, dataFile: "fair.csv", dataSHA256: "")
        Self.check(report.overall, report.groupings)
        #expect(report.population.estimable && report.population.source == "representative")
        #expect(report.groupings.map(\.name) == ["occupation", "religious", "occupation × religious"])
        #expect(report.overall.feedback != nil)
        let missing = try CSVReader.read(path: Fixtures.path("fair.csv"), columns: FairnessReport.columnRequests(for: model, by: ["sector"]), threads: 2)
        #expect(throws: FairnessError.byColumnMissing(file: missing.source, column: "sector", available: missing.header)) {
            _ = try FairnessReport.build(model: model, table: missing, by: ["sector"], options: options, representative: false, dataFile: "fair.csv", dataSHA256: "")
        }
        let noChannel = try FairnessReport.build(model: model, table: data, by: ["occupation"], options: options, representative: false, dataFile: "fair.csv", dataSHA256: "")
        #expect(!noChannel.population.estimable && noChannel.population.reason != nil)
    }
}
