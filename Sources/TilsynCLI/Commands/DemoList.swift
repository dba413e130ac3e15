import Foundation
import TilsynApplication
import TilsynCore
import TilsynIO
import TilsynStore
import TilsynSynthetic

/// The demo's weekly-list and validation step: next week's list over the demo register and the
/// time-based validation of the default spec.
enum DemoList {
    /// Weekly capacity of the demo, split over the five regions by their share of units.
    static let capacity = 300
    static let randomShare = 0.2
    static let excludeDays = 365

    /// Writes `regions.csv`, `list.csv` with its manifest and summaries, and `validation.{json,md,html}`
    /// into `out`, and returns lines for the demo's summary.
    ///
    /// The list goes through the same approval gate as `tilsyn list` and is recorded in the same way:
    /// `store` is the demo's, in which the demo's synthetic board has approved the model (see ``DemoBoard``).
    static func write(out: String, asOf: Int, seed: UInt64, store: TilsynDatabase, threads: Int, progress: Progress) async throws -> [String] {
        func path(_ name: String) -> String { (out as NSString).appendingPathComponent(name) }
        // The synthetic population's regional shares (SyntheticCatalog.regionShares), in regionLevels order.
        let shares = [0.32, 0.14, 0.21, 0.23, 0.10]
        var quotas = shares.map { Int((Double(capacity) * $0).rounded(.down)) }
        // Largest remainders get the places rounding left over, so the quotas add up to the capacity.
        let order = shares.indices.sorted { Double(capacity) * shares[$0] - Double(quotas[$0]) > Double(capacity) * shares[$1] - Double(quotas[$1]) }
        for i in order.prefix(capacity - quotas.reduce(0, +)) { quotas[i] += 1 }
        var csv = CSVWriter(header: ["region", "capacity"])
        for (region, quota) in zip(SyntheticGenerator.regionLevels, quotas) { csv.append(region); csv.append(quota); csv.endRow() }
        try AtomicFile.write(csv.bytes, to: path("regions.csv"))

        // The list `tilsyn list` would issue with these options: the same job, the same gate, recorded the same way.
        let flags = ["certified", "private_household"]
        progress.step("reading and scoring register.csv for next week's list")
        let register = try ScoredRegister.load(
            model: try ModelInput.read(path("model.json")), register: path("register.csv"),
            columns: ListColumns(region: "region", flags: flags, required: true), seed: seed, threads: threads)
        let listOrder = ListOrder(asOf: isoDate(asOf), capacity: capacity, quotas: .file(try InputFile.read(path("regions.csv"))),
                              randomShare: randomShare, seed: seed, excludeDays: excludeDays, excludeIf: flags, language: .en)
        let result = try await IssueList(register: register, gate: ApprovalGate(store: store, allowUnapproved: false))
            .run(listOrder, files: .init(list: path("list.csv")), recording: .init(store: store, issuedBy: CLIActor.current), at: Date())
        let recorded = result.record

        let splitDate = isoDate(splitDay(asOf: asOf))
        // The model lift at the list's weekly share of the register, as `tilsyn validate --register-units` takes it.
        let registerUnits = result.list.total.units
        let lift = LiftOptions(registerUnits: registerUnits, listCapacity: capacity)
        let report = try ValidateJob.run(specPath: path("spec.json"), dataPath: path("history.csv"), splitDate: splitDate,
                                         capacityPerWeek: nil, lift: lift, seed: seed, threads: threads, progress: progress)
        for format in ReportFormat.allCases {
            try AtomicFile.write(ValidateJob.render(report, format: format), to: path("validation.\(format.rawValue)"))
        }
        for format in [ReportFormat.md, .html] {
            try AtomicFile.write(ValidateJob.render(report, format: format, language: "da"), to: path("validation.da.\(format.rawValue)"))
        }
        var lines = ["", "Next week's list (as of \(isoDate(asOf)), capacity \(capacity) over five regions, random share \(randomShare), exclude \(excludeDays) days, certified and private households):"]
        lines.append(ListCommand.describe(result, out: path("list.csv")))
        if let recorded {
            lines.append("Recorded in \(path(DemoBoard.storeName)) as list \(recorded.id) (\(recorded.rowCount) rows), with its audit entry.")
        }
        lines.append("")
        lines.append("Validation (fit before \(splitDate), evaluate after): AUC \(fmt(report.auc)), Brier \(fmt(report.brier, 4)), calibration slope \(fmt(report.calibrationSlope))"
                     + ", model lift on the random arm (top \(fixed(100 * report.modelLift.topFraction, 2)) %) \(fmtLift(report.modelLift))"
                     + (report.channels?.historicalChannelLift.map { ", historical channel lift (earlier selection, risk/random) \(fmt($0, 2))" } ?? "")
                     + "; validation.{json,md,html}")
        return lines
    }

    /// The demo's split date: a year before the as-of date (fit before, evaluate after), shared by the
    /// validation and the out-of-sample fairness report.
    static func splitDay(asOf: Int) -> Int {
        let split = civilFromDays(asOf)
        return daysFromCivil(year: split.year - 1, month: split.month, day: min(split.day, 28))
    }

    static func fmtLift(_ l: ValidationReport.ModelLiftEstimate) -> String {
        guard let v = l.value else { return "not estimable (\(l.reason ?? "no random-audit rows"))" }
        return "\(fixed(v, 2)) [\(fixed(l.ciLow ?? .nan, 2)), \(fixed(l.ciHigh ?? .nan, 2))] (\(l.hits) of \(l.k))"
    }

    static func fmt(_ e: Estimate?, _ digits: Int = 3) -> String {
        guard let e, let v = e.value else { return "–" }
        return "\(fixed(v, digits)) [\(fixed(e.ciLow ?? .nan, digits)), \(fixed(e.ciHigh ?? .nan, digits))]"
    }
}
