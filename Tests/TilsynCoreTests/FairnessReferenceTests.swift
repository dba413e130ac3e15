import Foundation
import Testing
import _TilsynTestSupport

/// Per-group selection rate, precision, recall, FPR and base rate against fairlearn's `MetricFrame` on the
/// same scores and selection (Fixtures/reference/fairness_reference.py writes the numbers): the demo
/// history and the real Fair (1978) data.
@Suite struct FairnessReferenceTests {
    struct Reference: Decodable {
        struct Case: Decodable {
            var name: String
            var csv: String
            var by: [String]
            var overall: [String: Double?]
            var groupings: [String: [String: [String: Double?]]]
        }
        var tool: String
        var cases: [Case]
    }

    static func reference() throws -> Reference {
        try JSONDecoder().decode(Reference.self, from: Data(contentsOf: URL(fileURLWithPath: Fixtures.path("fairness.reference.json"))))
    }

    /// The fixture's fixed scores, outcomes and selection as analysis input.
    static func input(_ c: Reference.Case) throws -> FairnessInput {
        let table = try CSVReader.read(
            path: Fixtures.path(c.csv),
            columns: [ColumnRequest("probability", .numeric), ColumnRequest("label", .numeric), ColumnRequest("selected", .numeric),
                      ColumnRequest("channel", .categorical, required: false)] + c.by.map { ColumnRequest($0, .categorical) },
            threads: 2)
        let channel = table.columns["channel"] != nil ? try table.strings("channel").map { $0 == "random" } : nil
        return FairnessInput(probability: try table.numeric("probability"), labels: try table.numeric("label"),
                             selected: try table.numeric("selected").map { $0 == 1 },
                             groupings: GroupingColumn.make(try c.by.map { ($0, try table.strings($0)) }),
                             populationRows: channel, populationSource: channel == nil ? "none" : "channel = random")
    }

    @Test(arguments: ["demo", "fair"]) func agreesWithFairlearnMetricFrame(name: String) throws {
        let reference = try Self.reference()
        #expect(reference.tool.hasPrefix("fairlearn "))
        let c = try #require(reference.cases.first { $0.name == name })
        var options = FairnessOptions(rule: .topK(0))
        options.bootstrap = 10
        let (overall, groupings) = FairnessAnalysis.run(try Self.input(c), options: options)
        let metrics = [("selection_rate", "selection"), ("precision", "among_inspected"), ("recall", "among_inspected"),
                       ("fpr", "among_inspected"), ("base_rate", "among_inspected")]
        var zeroDivisions = 0
        func compare(_ ours: GroupResult, _ theirs: [String: Double?], _ what: String) {
            #expect(Double(ours.n) == theirs["count"] ?? nil, "\(what): count")
            for (metric, estimand) in metrics {
                let mine = ours.block(metric, estimand)?.value
                guard let expected = theirs[metric] ?? nil else {
                    #expect(mine == nil, "\(what) \(metric): fairlearn has no value, ours is \(mine ?? .nan)")
                    continue
                }
                // fairlearn's recall and FPR return 0 for 0/0 (a group with no positives or no negatives);
                // we return null with a reason instead, since nothing was measured.
                if mine == nil, expected == 0, ours.block(metric, estimand)?.denominator == 0, metric == "recall" || metric == "fpr" {
                    zeroDivisions += 1
                    continue
                }
                #expect(abs((mine ?? .nan) - expected) <= 1e-12, "\(what) \(metric): \(mine ?? .nan) vs fairlearn \(expected)")
            }
        }
        compare(overall, c.overall, "\(name) overall")
        #expect(Set(groupings.map(\.name)) == Set(c.groupings.keys), "groupings, including the intersection")
        var compared = 0
        for grouping in groupings {
            let theirs = try #require(c.groupings[grouping.name], "grouping \(grouping.name) missing in the reference")
            #expect(grouping.groups.count == theirs.count, "\(grouping.name): group count")
            for group in grouping.groups {
                let t = try #require(theirs[group.group], "\(grouping.name) group \(group.group) missing in the reference")
                compare(group, t, "\(name) \(grouping.name) \(group.group)")
                compared += 1
            }
        }
        #expect(compared > 10)
        #expect(zeroDivisions < compared)
    }
}
