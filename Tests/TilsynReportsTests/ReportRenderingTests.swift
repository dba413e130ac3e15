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
        // Given options are said in words, not by the CLI's option names.
        #expect(lift.topFractionSource == "set for this validation" && report.capacitySource == "set for this validation")
        #expect(md.contains("A larger top fraction gives a firmer number. Top fraction: set for this validation.") && md.contains("Capacity per week: 25 (set for this validation)."))
        #expect(da.contains("En større øverste andel giver et sikrere tal. Øverste andel: angivet for denne validering.") && da.contains("Kapacitet pr. uge: 25 (angivet for denne validering)."))
        for option in ["--top-fraction", "--capacity-per-week", "--register-units"] { #expect(!md.contains(option) && !da.contains(option)) }
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
        // Counts carry the language's thousands separator: 6366 rows are 6.366 on a Danish page, 6,366 on an English one.
        #expect(report.data.rows == 6366)
        #expect(da.contains("6.366 tilsyn") && !da.contains("6366") && html.contains("6,366 inspections") && !html.contains("6366"))
        // The in-sample first line (the model's own training data: both SHA-256s are empty here) says in
        // words what an out-of-sample report is, without the CLI's options.
        #expect(report.sample == "in_sample")
        #expect(da.contains("<p class=\"sample in\">Målt på modellens egne træningsdata: rapporten måler modellen på de data, den er estimeret på, så den kan se mere retfærdig og træfsikker ud, end modellen vil være på nye tilsyn. En rapport på nye data estimerer modellen igen på tilsynene før en skæringsdato og vurderer den på tilsynene fra datoen, eller vurderer den på en fil med tilsyn, som den ikke er estimeret på.</p>"))
        #expect(html.contains("<p class=\"sample in\">In sample: this report measures the model on the data it was fitted on, so it can look fairer and more accurate than the model will be on new inspections; an out-of-sample report refits the model on the inspections before a split date and judges it on those from that date on, or judges it on a file of inspections it was not fitted on.</p>"))
        // Rows that are not shown to be the training data, made without a split date or an evaluation file.
        let unknown = try FairnessReport.build(model: model, table: data, by: ["occupation"], options: options,
                                               representative: true, dataFile: "fair.csv", dataSHA256: "not the training data")
        #expect(unknown.sampleDescription == "In sample: this report was made neither with a split date nor on a file of new inspections, so nothing shows that the rows are new to the model; they may include its training data.")
        #expect(try unknown.html(language: "da").contains("<p class=\"sample in\">Hverken lavet med en skæringsdato eller på en fil med nye tilsyn: intet viser, at rækkerne er nye for modellen; de kan omfatte dens træningsdata.</p>"))
        for option in ["--split-date", "--evaluate", "--representative"] { #expect(!da.contains(option) && !html.contains(option) && !md.contains(option)) }
    }
}

/// Counts are written as each language writes them.
@Suite struct ReportCountTests {
    @Test func danishGroupsWithAPointAndEnglishWithAComma() throws {
        let da = try ReportLocale(language: "da", file: "fairness"), en = try ReportLocale(language: "en", file: "fairness")
        #expect([0, 7, 999, 1370, 11712, 300000, 1234567].map(da.count) == ["0", "7", "999", "1.370", "11.712", "300.000", "1.234.567"])
        #expect([0, 999, 1370, 11712, 1234567].map(en.count) == ["0", "999", "1,370", "11,712", "1,234,567"])
        #expect(da.number(0.85, 2) == "0,85" && en.number(0.85, 2) == "0.85")
    }

    @Test func largeFiguresGroupTheirWholePartAndKeepTheirDecimals() throws {
        let da = try ReportLocale(language: "da", file: "fairness"), en = try ReportLocale(language: "en", file: "fairness")
        #expect([58683.372, 999.5, -73609.849, 1234567.0, 0.004].map { da.large($0, 2) } == ["58.683,37", "999,50", "-73.609,85", "1.234.567,00", "0,00"])
        #expect([58683.372, -73609.849, 1234567.0].map { en.large($0, 2) } == ["58,683.37", "-73,609.85", "1,234,567.00"])
        #expect(da.large(nil, 2) == "–" && da.large(.nan, 2) == ReportNumber.fixed(.nan, 2) && da.large(58683.4, 0) == "58.683")
    }

    /// A Dane writes 16.11.2026, not 2026-11-16; an instant gets "kl." and the time with a point. Text that
    /// is not an ISO date or instant is shown as it is, never half-converted.
    @Test func danishPagesWriteDatesTheDanishWay() throws {
        let da = try ReportLocale(language: "da", file: "fairness"), en = try ReportLocale(language: "en", file: "fairness")
        #expect(da.date("2026-11-16") == "16.11.2026" && da.date("2025-01-01") == "01.01.2025" && en.date("2026-11-16") == "2026-11-16")
        #expect(da.date("2026-11-16T08:05:00Z") == "16.11.2026 kl. 08.05 UTC" && en.date("2026-11-16T08:05:00Z") == "2026-11-16 08:05 UTC")
        #expect(da.date("2026-11-16T08:05Z") == "16.11.2026 kl. 08.05 UTC")
        for text in ["–", "", "2026-11", "2026-1-16", "16.11.2026", "2026-11-16T08:05:00+01:00", "2026-11-16 08:05", "20261116", "abcd-ef-gh"] {
            #expect(da.date(text) == text && en.date(text) == text, "\(text)")
        }
        #expect(da.date(nil) == "–" && da.period("2021-11-16", nil) == "16.11.2021 – –" && da.period("2021-11-16", "2026-11-13") == "16.11.2021 – 13.11.2026")
    }
}

/// A group without hits has the score interval [0, U]: its plot line runs to the left edge and ends in
/// an arrow, its estimate of 0 is an open square, and the note under the axis says why.
@Suite struct ForestPlotZeroTests {
    @Test func anIntervalReachingZeroIsDrawnToTheEdgeWithItsNote() {
        let plot = ForestPlot(title: "t", rows: [.init(label: "A", n: 11712, value: 0, low: 0, high: 0.7, flagged: false),
                                                 .init(label: "B", n: 1370, value: 1.1, low: 0.9, high: 1.3, flagged: false)],
                              band: (0.8, 1.25), countLabel: "Enheder", axisLabel: "forhold", emptyText: "–",
                              number: { x, d in ReportNumber.fixed(x, d).replacingOccurrences(of: ".", with: ",") },
                              count: { ReportNumber.grouped($0, separator: ".") }, zeroNote: "◀ når ned til 0")
        let svg = plot.svg()
        #expect(svg.contains("<line x1=\"170.0\"") && svg.contains("<path d=\"M170.0 "), "the line starts at the left edge, with an arrow")
        #expect(svg.contains("fill=\"#fff\" stroke=\"#1f4e99\""), "the estimate 0 is an open square")
        #expect(svg.contains(">◀ når ned til 0</text>") && svg.contains(">11.712</text>") && svg.contains(">1.370</text>"))
        #expect(!svg.contains("nan") && !svg.contains("inf"))
        let plain = ForestPlot(title: "t", rows: [.init(label: "B", n: 5, value: 1.1, low: 0.9, high: 1.3, flagged: false)], band: (0.8, 1.25),
                               countLabel: "n", axisLabel: "x", emptyText: "–", number: { x, d in ReportNumber.fixed(x, d) }, zeroNote: "◀ zero")
        #expect(!plain.svg().contains("◀ zero") && !plain.svg().contains("<path"))
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
