import Foundation
import TilsynCore
import TilsynIO
import TilsynReports

/// The demo's fairness step: the report by industry, size band and their intersection at the top 20 %.
enum DemoFairness {
    static let topFraction = 0.2

    /// Writes `fairness.{json,md,html}` into `out` and returns lines for the demo's summary.
    /// Out of sample: the spec is refitted on the history before the validation's split date and judged on
    /// the inspections after it, as `tilsyn fairness --split-date` does.
    static func write(out: String, asOf: Int, seed: UInt64, threads: Int, progress: Progress) throws -> [String] {
        func path(_ name: String) -> String { (out as NSString).appendingPathComponent(name) }
        var options = FairnessOptions(rule: .topFraction(topFraction))
        options.seed = seed
        options.threads = threads
        let report = try FairnessJob.run(modelPath: path("model.json"), dataPath: path("history.csv"), by: ["industry", "size_band"],
                                         options: options, representative: false,
                                         sample: .splitDate(DemoList.splitDay(asOf: asOf)), progress: progress)
        for format in ReportFormat.allCases {
            try AtomicFile.write(FairnessJob.render(report, format: format), to: path("fairness.\(format.rawValue)"))
        }
        for format in [ReportFormat.md, .html] {
            try AtomicFile.write(FairnessJob.render(report, format: format, language: "da"), to: path("fairness.da.\(format.rawValue)"))
        }
        // The board's one-page summary, with the validation's lift beside the verdicts.
        let validation = try? JSONDecoder().decode(ValidationReport.self, from: Data(contentsOf: URL(fileURLWithPath: path("validation.json"))))
        for language in ["da", "en"] {
            let summary = BoardSummary(fairness: report, validation: validation,
                                       links: language == "da" ? ["fairness.da.html", "validation.da.html", "modelcard.da.html"] : ["fairness.html", "validation.html", "modelcard.en.html"])
            try AtomicFile.write(Array(try summary.markdown(language: language).utf8), to: path("board-summary.\(language).md"))
            try AtomicFile.write(Array(try summary.html(language: language).utf8), to: path("board-summary.\(language).html"))
        }
        let counts = report.groupings.map { g in
            "\(g.name): \(g.groups.filter { $0.verdict == "pass" }.count) pass, \(g.groups.filter { $0.verdict == "flag" }.count) flag, \(g.groups.filter { $0.verdict == "insufficient" }.count) insufficient"
        }
        return ["", "Fairness at the top \(Int(topFraction * 100)) %, out of sample (inspections from \(report.data.fromDate ?? "–"), refit before; primary: \(report.criterion.primary) parity, \(report.criterion.estimand), band [\(report.criterion.band.map { String($0) }.joined(separator: ", "))], Bonferroni within each grouping) — " + counts.joined(separator: "; ") + "; fairness.{json,md,html}"]
    }
}
