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
        // A: enough data for a verdict.
        #expect(try group("A").verdict != "insufficient")
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
        #expect(abs((g.block("recall", "population")?.ratio?.value ?? 0) - 1) < 1e-12)
        #expect(g.verdict == "pass")
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
        #expect(r.low <= r.auc && r.auc <= r.high)
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
