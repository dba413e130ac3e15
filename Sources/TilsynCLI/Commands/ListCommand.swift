import ArgumentParser
import Foundation
import TilsynApplication
import TilsynCore
import TilsynIO
import TilsynNumerics
import TilsynStore

extension ListReasons.Language: ExpressibleByArgument {}

struct ListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "Draw the week's inspection list: a random audit first, then the highest risk, per region.",
        discussion: """
            Eligible units were not inspected in the --exclude-days days before --as-of (column \
            last_inspection_date unless --last-inspection-column names another; empty = never inspected) \
            and are not flagged by any --exclude-if column (1 or true excludes). The random audit is drawn \
            first: round(F × capacity) units, half away from zero, uniformly from all eligible units of each \
            region (or of the register without a capacity file), each with inclusion probability k/N. The \
            remaining places go to the eligible units with the highest scores, ties broken by a seeded key.

            Writes the list CSV (rank, unit, probability, channel, region, top_reasons, \
            inclusion_probability), <list>.summary.md and .html for printing, and a JSON manifest (default \
            <list>.manifest.json) with the SHA-256 of every input, the model fingerprint, the parameters \
            and the counts per channel and region. Same inputs and seed give byte-identical files; only \
            the manifest's `created` differs. A model the board has not approved is refused unless \
            --allow-unapproved is given: the model is approved when the latest decision on its fingerprint \
            in the store (--db, default tilsyn.sqlite in the working directory; see `tilsyn approve`) is \
            `approved`. Without a store file no model is approved; the manifest names the approval.

            When the store file exists (or --record is given, which creates it), the list is recorded in it \
            after the files are written: the manifest, the list's SHA-256, the model fingerprint and every \
            row, with an audit entry, in one transaction, so the store holds every list issued and never \
            half of one. If recording fails the command fails: the files are on disk but the list is not \
            on record. Without a store and without --record nothing is recorded.

            Example:
              tilsyn list --model model.json --data register.csv --as-of 2026-11-16 \\
                --capacity-file regions.csv --random-share 0.2 --seed 7 --exclude-days 365 \\
                --exclude-if certified --exclude-if private_household --out list.csv --allow-unapproved
            """)

    @Option(help: "The fitted model (model.json).") var model: String
    @Option(help: "The register to select from (CSV).") var data: String
    @Option(help: "The list's as-of date (YYYY-MM-DD).") var asOf: String
    @Option(help: "Inspections on the list (with --capacity-file: optional, must equal the file's total).") var capacity: Int?
    @Option(help: "Capacity per region: a CSV with columns region,capacity.") var capacityFile: String?
    @Option(help: "Share of capacity for the random audit, 0 to 1.") var randomShare: Double
    @Option(help: "Seed for the random draw and the tie-break.") var seed: UInt64
    @Option(help: "Give every eligible unit at least this probability of a risk place (0 < EPS < 1): the risk places are then drawn by pivotal sampling, highest scores most likely, the expected size kept; default: the top scores fill them.") var floorProbability: Double?
    @Option(help: "Units inspected within this many days before --as-of are not eligible.") var excludeDays: Int
    @Option(help: "A 0/1 column whose 1 (or true) excludes the unit; repeatable.") var excludeIf: [String] = []
    @Option(help: "Where to write the list (CSV).") var out: String
    @Option(help: "Where to write the manifest (default: <list>.manifest.json).") var manifest: String?
    @Option(help: "The register's last-inspection date column.") var lastInspectionColumn = "last_inspection_date"
    @Option(help: "The register's region column (default: region, used with --capacity-file).") var regionColumn: String?
    @Option(help: "Language of top_reasons: da or en.") var lang: ListReasons.Language = .en
    @Flag(help: "Produce a list even though the model has not been approved by the board.") var allowUnapproved = false
    @Option(help: "The store holding the board's decisions, where the list is recorded (SQLite file).") var db: String = TilsynDatabase.defaultPath
    @Flag(help: "Record the list in the store even if the store file does not exist yet (it is created).") var record = false
    @Option(help: "Worker threads (default: all cores).") var threads: Int?
    @Flag(help: "No progress lines on standard error.") var quiet = false

    func run() async throws {
        let progress = Progress(quiet: quiet)
        let order = ListOrder(
            asOf: asOf, capacity: capacity, quotas: try capacityFile.map { .file(try InputFile.read($0)) },
            randomShare: randomShare, seed: seed, excludeDays: excludeDays, excludeIf: excludeIf, language: lang,
            floorProbability: floorProbability)
        try order.check()
        // An existing store gives the approvals; a missing one is created only with --record, and only
        // once the list is written, so a refused list never leaves an empty registry behind.
        let existing = FileManager.default.fileExists(atPath: db) ? try TilsynDatabase(path: db) : nil
        let gate = ApprovalGate(store: existing, allowUnapproved: allowUnapproved)
        let model = try ModelInput.read(self.model)
        try await gate.check(model.model)

        progress.step("reading and scoring \(data)")
        let useRegion = capacityFile != nil || regionColumn != nil
        let register = try ScoredRegister.load(
            model: model, register: data,
            columns: ListColumns(lastInspection: lastInspectionColumn, region: useRegion ? (regionColumn ?? "region") : nil,
                                 flags: excludeIf, required: true),
            seed: seed, threads: threads ?? defaultThreadCount)
        let recording: IssueList.Recording? = if let existing { .init(store: existing, issuedBy: CLIActor.current) }
            else if record { .init(creating: db, issuedBy: CLIActor.current) } else { nil }
        let issued: IssueList.Issued
        do {
            issued = try await IssueList(register: register, gate: gate).run(
                order, files: .init(list: out, manifest: manifest),
                recording: recording, at: Date()) { step in
                    switch step {
                    case .drawing(let capacity): progress.step("selecting \(capacity) units and explaining them")
                    case .writing: progress.step("writing \(out), its summaries and manifest")
                    case .recording: progress.step("recording the list in \(db)")
                    }
                }
        } catch let error as ListNotRecorded {
            throw CLIError("\(error.list) was written but could not be recorded in the store \(db) (\(error.reason)); it is not on record, so do not use it until a rerun records it.")
        }
        for warning in issued.list.warnings { FileHandle.standardError.write(Data("warning: \(warning)\n".utf8)) }
        var summary = Self.describe(issued, out: out)
        if let record = issued.record {
            summary += "\nRecorded in \(db) as list \(record.id) (\(record.rowCount) rows), with its audit entry."
        }
        print(summary)
    }

    /// The lines printed after a list is written.
    static func describe(_ issued: IssueList.Issued, out: String) -> String {
        let t = issued.list.total
        var lines = ["Wrote \(out): \(t.risk + t.random) units (\(t.risk) risk, \(t.random) random) from \(t.eligible) eligible of \(t.units) (\(t.excludedRecent) inspected recently)."]
        for r in issued.list.regions {
            lines.append("  \(r.region ?? ""): \(r.risk) risk + \(r.random) random" + (r.capacity.map { " of capacity \($0)" } ?? "") + ", \(r.eligible) eligible")
        }
        switch issued.approval {
        case .unapprovedAllowed:
            lines.append("The model has not been approved by the board; this list was produced with --allow-unapproved.")
        case .approved:
            lines.append("The model was \(issued.approval.summary).")
        }
        if let files = issued.files {
            lines.append("Manifest \(files.manifestPath); summary \(files.markdownPath) and \(files.htmlPath).")
        }
        return lines.joined(separator: "\n")
    }
}
