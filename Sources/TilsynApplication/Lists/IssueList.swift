import Foundation
import TilsynCore
import TilsynIO
import TilsynReports
import TilsynStore

/// Issues a weekly inspection list: the one home of the job `tilsyn list`, the service's list endpoint
/// and `tilsyn demo` all call.
///
/// In order: check the order (``ListOrder/check()``), pass the ``ApprovalGate``, read the capacity
/// quotas, draw the list from the scored register (``ListDraw``), write the files when asked (each
/// atomically, the manifest last because it names the others), and record the list, its rows and its
/// audit entry in the store in one transaction. The manifest is built in one place (``ListManifestBuilder``).
public struct IssueList: Sendable {
    public var register: ScoredRegister
    public var gate: ApprovalGate

    public init(register: ScoredRegister, gate: ApprovalGate) {
        self.register = register
        self.gate = gate
    }

    /// Where a list's files go; `nil` writes none (the service returns the list instead).
    public struct Files: Sendable {
        /// The list CSV; the summaries go beside it as `<stem>.summary.md` and `.html`.
        public var list: String
        /// The manifest; default `<stem>.manifest.json`.
        public var manifest: String?

        public init(list: String, manifest: String? = nil) {
            self.list = list
            self.manifest = manifest
        }

        /// `list.csv` → `list`: the stem of the manifest and summaries.
        public var stem: String { (list as NSString).deletingPathExtension }
        public var manifestPath: String { manifest ?? stem + ".manifest.json" }
        public var markdownPath: String { stem + ".summary.md" }
        public var htmlPath: String { stem + ".summary.html" }
    }

    /// Where the list is put on record.
    public struct Recording: Sendable {
        var open: @Sendable () throws -> TilsynDatabase
        /// Who issued it: the audit log's actor.
        public var issuedBy: String

        public init(store: TilsynDatabase, issuedBy: String) {
            self.open = { store }
            self.issuedBy = issuedBy
        }

        /// Records in the store at `path`, created if needed — but only once the list is written, so a
        /// refused list never leaves an empty store behind.
        public init(creating path: String, issuedBy: String) {
            self.open = { try TilsynDatabase(path: path) }
            self.issuedBy = issuedBy
        }
    }

    /// What was issued.
    public struct Issued: Sendable {
        public var list: WeeklyList
        public var rows: [ListSummary.Row]
        public var approval: ApprovalStatus
        public var manifest: ListManifest
        /// The manifest's JSON text, as written and as recorded.
        public var manifestText: String
        /// SHA-256 of the list CSV.
        public var listSHA256: String
        /// The files written, when any were asked for.
        public var files: Files?
        /// The store's record of the list, when it was recorded.
        public var record: ListRecord?
    }

    /// A step of the job, for progress lines.
    public enum Step: Sendable {
        case drawing(capacity: Int)
        case writing
        case recording
    }

    /// Issues the list.
    /// - Parameters:
    ///   - files: where to write the list, its summaries and manifest; `nil` for none.
    ///   - recording: the store to record the list in; `nil` records nothing.
    ///   - at: the time of issue (the manifest's `created` and the record's).
    ///   - progress: told as each step begins.
    /// - Throws: ``JobError``, ``SelectionError``, ``DataError``; ``ListNotRecorded`` when the files were
    ///   written but the store did not take the record.
    public func run(_ order: ListOrder, files: Files?, recording: Recording?, at: Date,
                    progress: @Sendable (Step) -> Void = { _ in }) async throws -> Issued {
        try order.check()
        let (policy, capacityFile) = try policy(for: order)
        for flag in order.excludeIf where !register.columns.flags.contains(flag) {
            throw JobError.unknown(.excludeIf, value: flag, among: "the flag columns loaded", known: register.columns.flags)
        }
        let approval = try await gate.check(register.model)
        progress(.drawing(capacity: policy.capacity.total))
        let useRegion = order.quotas != nil || (register.columns.required && register.columns.region != nil)
        let candidates = SelectionCandidates(
            scores: register.scores.ranked(seed: order.seed), lastInspection: register.lastInspection,
            flags: order.excludeIf.compactMap { name in register.flags.first { $0.name == name } },
            region: useRegion ? register.region : nil)
        let (list, rows) = try ListDraw.draw(candidates, policy: policy, explainer: register.explainer,
                                             prepared: register.prepared, language: order.language)
        let model = register.model
        let csv = ListFile.csv(rows: rows, entries: list.entries, unitColumn: model.spec.unit, withRegion: useRegion)
        let listSHA256 = FileDigest.sha256(csv)

        var builder = ListManifestBuilder(register: register, order: order, policy: policy, approval: approval, list: list,
                                          useRegion: useRegion, capacityFile: capacityFile, created: ISOTime.text(at))
        if let files {
            progress(.writing)
            try AtomicFile.write(csv, to: files.list)
            builder.output(role: "list", file: files.list, bytes: csv)
            let summary = ListSummary(
                title: (files.list as NSString).lastPathComponent,
                model: .init(name: model.name, version: model.version, fingerprint: model.fingerprint),
                approval: approval, list: list, unitColumn: model.spec.unit, excludeIf: order.excludeIf, rows: rows,
                inputs: builder.inputs.map { (name: ($0.file as NSString).lastPathComponent, sha256: $0.sha256) })
            // The summary in the language of the list's reasons.
            let summaryLanguage = order.language == .da ? "da" : "en"
            let markdown = Array(try summary.markdown(language: summaryLanguage).utf8), html = Array(try summary.html(language: summaryLanguage).utf8)
            try AtomicFile.write(markdown, to: files.markdownPath)
            builder.output(role: "summary_markdown", file: files.markdownPath, bytes: markdown)
            try AtomicFile.write(html, to: files.htmlPath)
            builder.output(role: "summary_html", file: files.htmlPath, bytes: html)
        } else {
            builder.output(role: "list", file: "list.csv", bytes: csv)
        }
        let manifest = builder.manifest
        let manifestBytes = try JSONText.encode(manifest)
        if let files { try AtomicFile.write(manifestBytes, to: files.manifestPath) }
        let manifestText = String(decoding: manifestBytes, as: UTF8.self)

        var record: ListRecord?
        if let recording {
            progress(.recording)
            let draft = ListDraft(
                manifest: manifestText, listSHA256: listSHA256, fingerprint: model.fingerprint, asOf: isoDate(policy.asOf),
                issuedBy: recording.issuedBy,
                rows: rows.map { .init(rank: $0.rank, unit: $0.unit, channel: $0.channel, probability: $0.probability, region: $0.region) },
                selections: ListSelections.make(register: register, list: list))
            do {
                record = try await recording.open().recordList(draft, at: at)
            } catch {
                guard let files else { throw error }
                throw ListNotRecorded(list: files.list, reason: StoreError.reason(of: error))
            }
        }
        return Issued(list: list, rows: rows, approval: approval, manifest: manifest, manifestText: manifestText,
                      listSHA256: listSHA256, files: files, record: record)
    }

    /// The order as a selection policy over this register, and the capacity file it read (if any).
    func policy(for order: ListOrder) throws -> (SelectionPolicy, InputFile?) {
        let plan: Capacity
        var capacityFile: InputFile?
        switch order.quotas {
        case nil:
            plan = .total(order.capacity ?? 0)
        case .file(let file)?:
            guard let columnName = register.columns.region, register.region != nil else {
                throw JobError.columnMissing(.capacityPerRegion, column: register.columns.region ?? "region")
            }
            let table = try CSVReader.read(bytes: Array(file.bytes), source: file.path,
                                           columns: [ColumnRequest("region", .string), ColumnRequest("capacity", .string)], threads: 1)
            plan = .perRegion(try RegionCapacity.parse(table, registerRegions: register.regions, register: register.registerFile.file,
                                                       regionColumn: columnName))
            if let capacity = order.capacity, capacity != plan.total {
                throw SelectionError.capacityMismatch(given: capacity, file: file.path, total: plan.total)
            }
            capacityFile = file
        case .given(let quotas)?:
            guard register.region != nil else {
                throw JobError.columnMissing(.capacityPerRegion, column: register.columns.region ?? "region")
            }
            var seen = Set<String>()
            for q in quotas {
                guard register.regions.contains(q.region) else {
                    throw JobError.unknown(.capacityPerRegion, value: q.region, among: "the register's regions", known: register.regions.sorted())
                }
                guard seen.insert(q.region).inserted else { throw JobError.repeated(.capacityPerRegion, value: q.region) }
            }
            plan = .perRegion(quotas)
            if let capacity = order.capacity, capacity != plan.total {
                throw JobError.mismatch(.capacity, value: capacity, other: .capacityPerRegion, total: plan.total)
            }
        }
        let policy = SelectionPolicy(asOf: try order.asOfDay(), excludeDays: order.excludeDays, randomShare: order.randomShare,
                                     seed: order.seed, capacity: plan, floorProbability: order.floorProbability)
        try policy.validate()
        return (policy, capacityFile)
    }
}

/// The list files were written but the store did not take the record.
public struct ListNotRecorded: Error, Sendable, Equatable {
    /// The list file written.
    public var list: String
    /// Why the store refused, as a phrase.
    public var reason: String
}
