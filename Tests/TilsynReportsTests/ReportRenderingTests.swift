import Foundation
import Testing
@testable import TilsynReports
import _TilsynTestSupport

@Suite struct ReportRenderingTests {
    @Test func validationReportRendersMarkdownAndSelfContainedHTML() throws {
        let spec = try Fixtures.spec("synthetic")
        let table = try CSVReader.read(path: Fixtures.path("synthetic.csv"), columns: TimeSplitValidation.columnRequests(for: spec), threads: 2)
        let report = try TimeSplitValidation.run(spec: spec, table: table, splitDay: daysFromCivil(year: 2025, month: 1, day: 1),
                                                 capacityPerWeek: 25, dataFile: "synthetic.csv", dataSHA256: "")
        let html = try report.html()
        #expect(html.contains("<svg") && html.contains("</html>"))
        #expect(!html.contains("<script") && !html.contains("<link"), "self-contained")
        let md = try report.markdown()
        #expect(md.contains("| AUC |") && md.contains("| Model lift (random-audit arm) |") && md.contains("| Historical channel lift (earlier selection) |"))
        #expect(md.contains("What the earlier selection achieved"))
        // Danish: decimal commas, Danish names, no English headings.
        let da = try report.markdown(language: "da")
        #expect(da.contains("| Modellens løft (stikprøvetilsyn) |") && da.contains("Historisk kanalløft"))
        #expect(da.contains("0,") && !da.contains("Precision") && !da.contains("Model lift"))
        let daHTML = try report.html(language: "da")
        #expect(daHTML.contains("<html lang=\"da\">") && daHTML.contains("@page { size: A4"))
    }

    /// A model lift over fewer than 30 random audits is printed as insufficient with its count, never as a figure.
    @Test func anInsufficientModelLiftShowsItsCountAndNoFigure() throws {
        let spec = try Fixtures.spec("synthetic")
        let table = try CSVReader.read(path: Fixtures.path("synthetic.csv"), columns: TimeSplitValidation.columnRequests(for: spec), threads: 2)
        let report = try TimeSplitValidation.run(spec: spec, table: table, splitDay: daysFromCivil(year: 2025, month: 1, day: 1),
                                                 capacityPerWeek: 25, dataFile: "synthetic.csv", dataSHA256: "",
                                                 lift: LiftOptions(topFraction: 0.05, resamples: 200))
        let lift = report.modelLift
        try #require(lift.status == "insufficient" && lift.k == 18)
        #expect(lift.value != nil, "the ratio stays in the JSON for checking")
        let md = try report.markdown()
        #expect(md.contains("| Model lift (random-audit arm) | insufficient (18 of 364 random-audit inspections) |"), "\(md)")
        #expect(md.contains("Among the 364 random-audit inspections of the evaluation period (\(lift.randomArmEvents) with a violation), only 18 fall in this model's top 5.0 % (\(lift.hits) with a violation). That is fewer than the 30 the model lift needs, so it is reported as insufficient, without an interval"))
        let da = try report.markdown(language: "da")
        #expect(da.contains("| Modellens løft (stikprøvetilsyn) | utilstrækkeligt (18 af 364 stikprøvetilsyn) |"), "\(da)")
        #expect(da.contains("ligger kun 18 i modellens øverste 5,0 %"))
    }
}

/// The fairness report renders every grouping, with forest plots in HTML and escaped group labels.
@Suite struct FairnessRenderingTests {
    @Test func markdownAndHTMLShowEveryGroupAndPlot() throws {
        let spec = try Fixtures.spec("fair")
        let model = try ModelFitter.fit(spec: spec, table: try Fixtures.table("fair", spec: spec), trainingFile: nil, trainingSHA256: "", created: "", threads: 2)
        let data = try CSVReader.read(path: Fixtures.path("fair.csv"), columns: FairnessReport.columnRequests(for: model, by: ["occupation", "religious"]), threads: 2)
        var options = FairnessOptions(rule: .topFraction(0.2))
        options.bootstrap = 10
        let report = try FairnessReport.build(model: model, table: data, by: ["occupation", "religious"], options: options,
                                              representative: true, dataFile: "fair.csv", dataSHA256: "")
        let html = try report.html()
        #expect(html.components(separatedBy: "<svg").count - 1 == 9)
        #expect(html.contains("By occupation × religious") && html.contains("<td class=\"group\">2 | 3</td>"))
        let md = try report.markdown()
        #expect(md.contains("## By occupation × religious") && md.contains("| 2 \\| 3 |"))
        #expect(md.contains("recall parity, judged in the population") && md.contains("Bonferroni-adjusted interval"))
        let da = try report.html(language: "da")
        #expect(da.contains("Efter occupation × religious") && da.contains("Vurderingsinterval (justeret)") && !da.contains("Verdict"))
    }
}

/// Forest-plot ticks below 0.1 are the exact fractions they are, not long decimals.
@Suite struct ForestPlotTickTests {
    @Test func smallPowersOfTwoReadAsFractions() {
        let plot = ForestPlot(title: "t", rows: [], band: (0.8, 1.25), countLabel: "n", axisLabel: "x", emptyText: "–",
                              number: { x, d in String(format: "%.\(d)f", x).replacingOccurrences(of: ".", with: ",") })
        #expect(plot.tickText(0.015625) == "1/64")
        #expect(plot.tickText(0.00390625) == "1/256")
        #expect(plot.tickText(0.0625) == "1/16")
        #expect(plot.tickText(0.125) == "0,125")
        #expect(plot.tickText(0.8) == "0,8")
        #expect(plot.tickText(16) == "16")
    }
}
