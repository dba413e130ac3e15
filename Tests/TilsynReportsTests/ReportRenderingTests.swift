import Foundation
import Testing
import TilsynReports
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
        #expect(md.contains("| AUC |") && md.contains("| lift, risk over random (hit-rate ratio) |"))
    }
}
