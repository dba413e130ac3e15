import Foundation
import Testing
import _TilsynTestSupport

/// A card states how its unit was selected on the issued list it is about, and computes its
/// counterfactual against the unit's own region's cut-off; only advisable features, in the advised
/// direction and where the advice applies, are ever suggested — and the suggestions are complete and
/// minimal, as a brute force over each feature's range confirms.
@Suite struct CardSelectionTests {
    static let tolerance = 1e-9

    struct Setup {
        var fixture: ExplainFixtures.Case
        var explainer: Explainer
        var prepared: DesignEncoder.Prepared
        var scores: Scores
        var region: [String]
        var list: IssuedList
        /// Rows by channel.
        var risk: [Int], random: [Int], off: [Int]
    }

    /// A list drawn as `tilsyn list` draws it: per region, the random places first (uniform over the
    /// region), then the highest scores; in list order (region by region, risk rows then random rows).
    static func setup() throws -> Setup {
        let fixture = try ExplainFixtures.demo.get()
        let explainer = Explainer(model: fixture.model)
        let prepared = try fixture.model.encoder.prepare(fixture.register)
        let scores = try Scorer.score(model: fixture.model, table: fixture.register, threads: 2)
        let regions = try fixture.register.categorical("region")
        let region = regions.codes.map { $0 < 0 ? "" : regions.levels[Int($0)] }
        var rows: [IssuedList.Row] = []
        var risk: [Int] = [], random: [Int] = []
        var generator = SeededRandom(seed: 7)
        for (k, name) in Set(region).sorted().enumerated() {
            let members = scores.order.filter { region[$0] == name }
            let randomCount = 5, riskCount = 40 + 10 * k
            var pool = members
            var drawn: [Int] = []
            for _ in 0..<randomCount { drawn.append(pool.remove(at: generator.below(pool.count))) }
            let chosen = pool.prefix(riskCount)
            for row in chosen {
                rows.append(.init(rank: rows.count + 1, unit: scores.units[row], channel: "risk", probability: scores.probability[row], region: name, inclusionProbability: nil))
            }
            for row in drawn {
                rows.append(.init(rank: rows.count + 1, unit: scores.units[row], channel: "random", probability: scores.probability[row], region: name,
                                  inclusionProbability: Double(randomCount) / Double(members.count)))
            }
            risk += chosen
            random += drawn
        }
        let onList = Set(risk + random)
        let off = scores.order.filter { !onList.contains($0) }.prefix(50)
        let list = IssuedList(id: String(repeating: "b", count: 64), asOf: "2026-02-23", fingerprint: fixture.model.fingerprint, rows: rows)
        return Setup(fixture: fixture, explainer: explainer, prepared: prepared, scores: scores, region: region, list: list,
                     risk: risk, random: random, off: Array(off))
    }

    @Test func riskUnitsCutoffIsTheLastRiskPlaceOfItsRegion() throws {
        let s = try Self.setup()
        for row in s.risk.prefix(200) {
            let card = try s.explainer.card(s.prepared, row: row, scores: s.scores, asOf: s.list.asOf, list: s.list)
            let selection = try #require(card.selection)
            #expect(selection.channel == .risk && selection.region == s.region[row] && selection.inclusionProbability == nil)
            let last = try #require(s.list.rows.last { $0.region == s.region[row] && $0.channel == "risk" })
            #expect(selection.cutoff == .init(rank: last.rank, probability: last.probability))
            // The unit's own region's cut-off, not any other region's.
            let counterfactual = try #require(card.counterfactual)
            #expect(abs(counterfactual.cutoffProbability - last.probability) <= 1e-12)
            #expect(counterfactual.cutoffRank == last.rank)
        }
    }

    @Test func randomUnitIsToldItWasDrawnAndGetsNoCounterfactual() throws {
        let s = try Self.setup()
        for row in s.random {
            let card = try s.explainer.card(s.prepared, row: row, scores: s.scores, asOf: s.list.asOf, list: s.list)
            let selection = try #require(card.selection)
            #expect(selection.channel == .random)
            let expected = try #require(s.list.row(of: s.scores.units[row])?.inclusionProbability)
            #expect(selection.inclusionProbability == expected)
            #expect(card.counterfactual == nil, "the score played no part, so no change would have kept it off")
        }
    }

    @Test func unitNotOnTheListHasNullChannelAndNoCutoff() throws {
        let s = try Self.setup()
        for row in s.off.prefix(10) {
            let card = try s.explainer.card(s.prepared, row: row, scores: s.scores, asOf: s.list.asOf, list: s.list)
            let selection = try #require(card.selection)
            #expect(selection.channel == nil && selection.cutoff == nil && selection.region == nil && selection.list == s.list.id)
            #expect(card.counterfactual == nil)
            let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(card)) as? [String: Any]
            let object = try #require(json?["selection"] as? [String: Any])
            #expect(Set(object.keys) == ["channel", "list", "region", "inclusion_probability", "cutoff"])
            #expect(object["channel"] is NSNull && object["cutoff"] is NSNull)
        }
        // Without a list the card is about no list: `selection` is null, and there is no cut-off.
        let alone = try s.explainer.card(s.prepared, row: s.risk[0], scores: s.scores, asOf: "2026-02-23", list: nil)
        #expect(alone.selection == nil && alone.counterfactual == nil)
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(alone)) as? [String: Any]
        #expect(json?["selection"] is NSNull)
    }

    @Test func asOfIsTheListsDateOnEveryLine() throws {
        let s = try Self.setup()
        let card = try s.explainer.card(s.prepared, row: s.risk[0], scores: s.scores, asOf: s.list.asOf, list: s.list)
        #expect(card.asOf == "2026-02-23")
        #expect(card.contributions.allSatisfy { $0.asOf == "2026-02-23" })
    }

    @Test func aSourceWithItsOwnDateIsShownWithIt() throws {
        var s = try Self.setup()
        let k = try #require(s.fixture.model.spec.features.firstIndex { $0.name == "accidents_3y" })
        var model = s.fixture.model
        model.spec.features[k].asOf = "2025-12-31"
        s.explainer = Explainer(model: model)
        let card = try s.explainer.explain(s.prepared, row: s.risk[0], unit: "u", asOf: "2026-02-23")
        for line in card.contributions where line.disclosed {
            #expect(line.asOf == (line.feature == "accidents_3y" ? "2025-12-31" : "2026-02-23"), "\(line.feature)")
        }
    }

    // MARK: Advice

    /// One register row as a table of its own, with numeric cells replaced.
    static func rescore(_ s: Setup, row: Int, set: [String: Double]) throws -> Double {
        var columns: [String: Column] = [:]
        for (name, column) in s.fixture.register.columns {
            switch column {
            case .numeric(let v): columns[name] = .numeric([set[name] ?? v[row]])
            case .categorical(let c): columns[name] = .categorical(CategoricalColumn(codes: [c.codes[row]], levels: c.levels))
            case .string(let v): columns[name] = .string([v[row]])
            }
        }
        let table = DataTable(source: "row", header: s.fixture.register.header, rowCount: 1, columns: columns)
        return try s.explainer.explain(try s.fixture.model.encoder.prepare(table), row: 0, unit: "u").logOdds
    }

    /// Every value a feature may take in its advised direction from `current`: a fine grid over its clip
    /// range (plus the range's end), or the other flag value.
    static func candidates(_ f: FeatureSpec, current: Double?) -> [Double] {
        let way = f.advice?.way
        let all: [Double]
        if let clip = f.clip {
            all = (0...800).map { clip[0] + (clip[1] - clip[0]) * Double($0) / 800 }
        } else {
            all = [0, 1]
        }
        guard let current else { return all }
        return all.filter { way == .decrease ? $0 < current : $0 > current }
    }

    @Test func counterfactualIsCompleteAndMinimalByBruteForce() throws {
        let s = try Self.setup()
        let spec = s.fixture.model.spec
        let advisable = spec.features.filter { $0.advice != nil }
        #expect(Set(advisable.map(\.name)) == ["apv_overdue", "safety_org_registered", "overtime_hours_per_fte"])
        let employees = try s.fixture.register.numeric("employees")
        var outcomes: [Counterfactual.Outcome: Int] = [:]
        var checkedOptions = 0, checkedCombinations = 0
        for row in s.risk.enumerated().filter({ $0.offset % 4 == 0 }).map(\.element) {
            let card = try s.explainer.card(s.prepared, row: row, scores: s.scores, asOf: s.list.asOf, list: s.list)
            let c = try #require(card.counterfactual)
            outcomes[c.outcome, default: 0] += 1
            let cutoff = c.cutoffLogOdds
            guard c.outcome != .alreadyBelow, c.outcome != .atCutoff else { continue }
            // Brute force, feature by feature: does any single change in the advised direction reach the cut-off?
            var reaching: Set<String> = []
            for f in advisable {
                if let condition = f.advice?.parsedCondition, !condition.holds(for: employees[row].isNaN ? nil : employees[row]) {
                    #expect(!(c.options + c.suggestion).contains { $0.feature == f.name }, "advice against its condition: \(f.name)")
                    #expect(c.notSuggested.contains { $0.feature == f.name && $0.reason == .conditionNotMet })
                    continue
                }
                let values = try s.fixture.register.numeric(f.name)
                let current = values[row].isNaN ? nil : values[row]
                let hits = try Self.candidates(f, current: current).filter { try Self.rescore(s, row: row, set: [f.name: $0]) <= cutoff + Self.tolerance }
                if !hits.isEmpty { reaching.insert(f.name) }
                guard let option = c.options.first(where: { $0.feature == f.name }) else { continue }
                checkedOptions += 1
                let value = try #require(option.toValue)
                let after = try Self.rescore(s, row: row, set: [f.name: value])
                #expect(after <= cutoff + Self.tolerance, "\(f.name) reaches the cut-off")
                if f.clip != nil, let current {
                    // Lands at the cut-off, not past it: no grid value nearer the current one reaches it.
                    #expect(abs(after - cutoff) <= Self.tolerance, "\(f.name) stops at the cut-off")
                    let nearer = hits.filter { abs($0 - current) < abs(value - current) - 1e-9 * max(1, abs(value)) }
                    #expect(nearer.isEmpty, "\(f.name): \(nearer.prefix(3)) reach the cut-off with a smaller change than \(value)")
                    #expect(f.advice?.way == .decrease ? value < current : value > current, "the advised direction")
                }
            }
            // Every single change that reaches the cut-off is listed, and nothing else.
            #expect(Set(c.options.map(\.feature)) == reaching, "row \(row): options \(c.options.map(\.feature)) vs brute force \(reaching)")
            // A combination only when no single change suffices; it reaches the cut-off, and no fewer
            // features, each moved to the end of its advised range, would.
            if c.outcome == .combination {
                #expect(reaching.isEmpty)
                checkedCombinations += 1
                var set: [String: Double] = [:]
                for change in c.suggestion { set[change.feature] = change.toValue }
                let after = try Self.rescore(s, row: row, set: set)
                #expect(after <= cutoff + Self.tolerance, "row \(row): the combination reaches the cut-off")
                if let last = c.suggestion.last, spec.features.first(where: { $0.name == last.feature })?.clip != nil {
                    #expect(abs(after - cutoff) <= Self.tolerance, "row \(row): the combination stops at the cut-off")
                }
                let applicable = advisable.filter { f in
                    f.advice?.parsedCondition.map { $0.holds(for: employees[row].isNaN ? nil : employees[row]) } ?? true
                }
                for mask in 0..<(1 << applicable.count) where mask.nonzeroBitCount < c.suggestion.count {
                    var extreme: [String: Double] = [:]
                    for (k, f) in applicable.enumerated() where mask & (1 << k) != 0 {
                        let range = f.clip ?? [0, 1]
                        extreme[f.name] = f.advice?.way == .decrease ? range[0] : range[1]
                    }
                    let best = try Self.rescore(s, row: row, set: extreme)
                    #expect(best > cutoff + Self.tolerance, "row \(row): \(extreme.keys.sorted()) would reach the cut-off with fewer changes")
                }
            }
            if c.outcome == .single { #expect(!reaching.isEmpty) }
            for change in c.options + c.suggestion { #expect(advisable.contains { $0.name == change.feature }) }
        }
        #expect(checkedOptions > 10 && (outcomes[.single] ?? 0) > 0, "\(outcomes), \(checkedOptions) options checked")
        #expect(checkedCombinations > 0, "\(outcomes): no combination was checked")
    }

    @Test func noAdviceForSickYoungOrTemporaryWorkers() throws {
        let spec = try ExplainFixtures.demo.get().model.spec
        for name in ["long_term_sick_leave_rate", "share_young_workers", "share_temporary_workers", "part_time_share", "turnover_rate"] {
            #expect(spec.features.first { $0.name == name }?.advice == nil, "\(name) must never be suggested")
        }
        let safety = try #require(spec.features.first { $0.name == "safety_org_registered" }?.advice)
        #expect(safety.condition == "employees >= 10" && safety.way == .increase)
    }

    @Test(arguments: [
        (#"{"text":{"da":"a","en":"b"},"direction":"lower"}"#,
         #"spec.json, field 'features[0].advice.direction': must be "increase" or "decrease" (the way that improves the working environment), not "lower"."#),
        (#"{"text":{"da":"a","en":"b"},"direction":"decrease","condition":"employees => 10"}"#,
         #"spec.json, field 'features[0].advice.condition': must read "feature op number" with op one of >= <= > < == !=, e.g. "employees >= 10", not "employees => 10"."#),
        (#"{"text":{"da":"a","en":"b"},"direction":"decrease","condition":"staff >= 10"}"#,
         #"spec.json, field 'features[0].advice.condition': 'staff' is not a numeric feature of this spec."#),
        (#"{"text":{"da":"a"},"direction":"decrease"}"#,
         #"spec.json, field 'features[0].advice.text': needs both "da" and "en"."#),
    ])
    func badAdviceIsRefusedNamingTheField(advice: String, sentence: String) throws {
        let json = #"{"name":"m","version":"1","unit":"id","label":"y","features":[{"name":"x","type":"numeric","advice":"# + advice + "}]}"
        let error = #expect(throws: SpecError.self) { try ModelSpec.decode(Data(json.utf8), file: "spec.json") }
        #expect(error?.description == sentence)
    }
}
