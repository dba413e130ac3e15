import Foundation
import TilsynCore
import TilsynIO
import TilsynNumerics
import TilsynReports

/// The weekly list job shared by `tilsyn list` and `tilsyn demo`: read, gate, score, select, explain,
/// write the CSV, the summaries and the manifest.
struct ListJob {
    var modelPath: String
    var dataPath: String
    var asOf: String
    var capacity: Int?
    var capacityFile: String?
    var randomShare: Double
    var seed: UInt64
    var excludeDays: Int
    var excludeIf: [String]
    var out: String
    var manifestPath: String?
    var lastInspectionColumn: String
    var regionColumn: String?
    var language: ListReasons.Language
    var allowUnapproved: Bool
    var approvals: any ApprovalLookup = NoApprovalStore()
    var threads: Int

    /// What was written, for the caller's summary line.
    struct Result {
        var list: WeeklyList
        var manifest: String
        var markdown: String
        var html: String
        var approval: ApprovalStatus
        /// The rows as written to the CSV, for the store's record.
        var rows: [ListSummary.Row]
        /// The manifest's bytes as written.
        var manifestBytes: Data
        /// SHA-256 of the list CSV as written.
        var listSHA256: String
        var fingerprint: String
        /// The as-of date, YYYY-MM-DD.
        var asOf: String
    }

    /// `list.csv` → `list` (the path without its extension), the stem of the manifest and summaries.
    static func stem(_ path: String) -> String { (path as NSString).deletingPathExtension }

    func run(progress: Progress) throws -> Result {
        guard let asOfDay = parseISODate(asOf) else {
            throw ListOptionError("--as-of must be a calendar date YYYY-MM-DD, not '\(asOf)'.")
        }
        guard capacity != nil || capacityFile != nil else {
            throw ListOptionError("give the list's size with --capacity N or per region with --capacity-file CSV.")
        }
        let model = try Inputs.model(modelPath)
        let approval = try ApprovalGate.check(model: model, lookup: approvals, allowUnapproved: allowUnapproved)

        // Columns: the model's, the last inspection date, the flags and the region, each read once.
        let useRegion = capacityFile != nil || regionColumn != nil
        let regionName = regionColumn ?? "region"
        let requests = ListDraw.columnRequests(model: model, lastInspectionColumn: lastInspectionColumn, excludeIf: excludeIf,
                                               regionColumn: useRegion ? regionName : nil)

        progress.step("reading \(dataPath)")
        let table = try CSVReader.read(path: dataPath, columns: requests, threads: threads)
        progress.step("scoring \(table.rowCount) units")
        let scores = try Scorer.score(model: model, table: table, seed: seed, threads: threads)
        let candidates = try ListDraw.candidates(table: table, scores: scores, lastInspectionColumn: lastInspectionColumn,
                                                 excludeIf: excludeIf, regionColumn: useRegion ? regionName : nil)
        let region = candidates.region

        var plan: Capacity
        var capacitySHA: String?
        if let capacityFile {
            let file = try CSVReader.read(path: capacityFile, columns: [ColumnRequest("region", .string), ColumnRequest("capacity", .string)], threads: 1)
            let regions = try RegionCapacity.parse(file, registerRegions: Set(region ?? []), register: dataPath, regionColumn: regionName)
            plan = .perRegion(regions)
            if let capacity, capacity != plan.total {
                throw SelectionError.capacityMismatch(given: capacity, file: capacityFile, total: plan.total)
            }
            capacitySHA = try FileDigest.sha256(path: capacityFile)
        } else {
            plan = .total(capacity ?? 0)
        }
        let policy = SelectionPolicy(asOf: asOfDay, excludeDays: excludeDays, randomShare: randomShare, seed: seed, capacity: plan)
        progress.step("selecting \(plan.total) units and explaining them")
        let (list, rows) = try ListDraw.draw(candidates, policy: policy, explainer: Explainer(model: model),
                                             prepared: try model.encoder.prepare(table), language: language)

        // Outputs: the list, the summaries, and last the manifest that names them all.
        let stem = Self.stem(out)
        let manifest = manifestPath ?? stem + ".manifest.json"
        let markdownPath = stem + ".summary.md", htmlPath = stem + ".summary.html"
        let csv = ListFile.csv(rows: rows, entries: list.entries, unitColumn: model.spec.unit, withRegion: useRegion)
        try AtomicFile.write(csv, to: out)

        var inputs: [(role: String, file: String, sha256: String)] = [
            ("model", modelPath, try FileDigest.sha256(path: modelPath)),
            ("register", dataPath, try FileDigest.sha256(path: dataPath)),
        ]
        if let capacityFile, let capacitySHA { inputs.append(("capacity_file", capacityFile, capacitySHA)) }
        let summary = ListSummary(
            title: (out as NSString).lastPathComponent,
            model: .init(name: model.name, version: model.version, fingerprint: model.fingerprint),
            approval: approval, list: list, unitColumn: model.spec.unit, excludeIf: excludeIf, rows: rows,
            inputs: inputs.map { (name: ($0.file as NSString).lastPathComponent, sha256: $0.sha256) })
        // The summary in the language of the list's reasons.
        let summaryLanguage = language == .da ? "da" : "en"
        let markdown = Array(try summary.markdown(language: summaryLanguage).utf8), html = Array(try summary.html(language: summaryLanguage).utf8)
        try AtomicFile.write(markdown, to: markdownPath)
        try AtomicFile.write(html, to: htmlPath)

        let record = ListManifest(
            created: nowISO8601(),
            inputs: inputs.map { .init(role: $0.role, file: $0.file, sha256: $0.sha256) },
            model: .init(name: model.name, version: model.version, fingerprint: model.fingerprint),
            approval: approval,
            parameters: .init(
                asOf: isoDate(asOfDay), capacity: plan.total, capacityFile: capacityFile, regionCapacities: {
                    if case .perRegion(let r) = plan { return r } else { return nil }
                }(),
                randomShare: randomShare, seed: seed, excludeDays: excludeDays, excludeIf: excludeIf,
                lastInspectionColumn: lastInspectionColumn, regionColumn: useRegion ? regionName : nil, language: language.rawValue),
            counts: list.total, regions: list.regions, warnings: list.warnings,
            outputs: [
                .init(role: "list", file: out, sha256: FileDigest.sha256(csv)),
                .init(role: "summary_markdown", file: markdownPath, sha256: FileDigest.sha256(markdown)),
                .init(role: "summary_html", file: htmlPath, sha256: FileDigest.sha256(html)),
            ])
        let manifestBytes = try JSONOutput.encode(record)
        try AtomicFile.write(manifestBytes, to: manifest)
        return Result(list: list, manifest: manifest, markdown: markdownPath, html: htmlPath, approval: approval,
                      rows: rows, manifestBytes: manifestBytes, listSHA256: FileDigest.sha256(csv), fingerprint: model.fingerprint,
                      asOf: isoDate(asOfDay))
    }
}

/// A list option that is missing or malformed, in one sentence.
struct ListOptionError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
