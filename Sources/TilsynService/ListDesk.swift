import Foundation
import Hummingbird
import TilsynCore
import TilsynIO
import TilsynReports
import TilsynStore

/// Draws and records inspection lists for inspectors, with the same selection as `tilsyn list`.
///
/// The register was scored at start-up; a request only re-ranks for its seed and hands the rest to
/// ``ListDraw``, so a list drawn here has the rows — and the CSV bytes, whose SHA-256 the manifest records —
/// that `tilsyn list` gives for the same register, model and options.
struct ListDesk: Sendable {
    let served: ServedModel
    let store: StoreGateway
    let clock: ServiceClock
    let allowUnapproved: Bool

    /// The list the request describes, recorded in the store, with its rows and manifest.
    func issue(_ request: ListRequest, by caller: Caller) async throws -> ListDetailBody {
        let (policy, plan, useRegion) = try validate(request)
        let excludeIf = request.excludeIf ?? []
        let language = ListReasons.Language(rawValue: request.language ?? "en") ?? .en
        let approval = try await ApprovalCheck.require(served: served, store: store, allowUnapproved: allowUnapproved)

        let scores = served.scores.ranked(seed: request.seed)
        let flags = excludeIf.compactMap { name in served.flags.first { $0.name == name } }
        let candidates = SelectionCandidates(scores: scores, lastInspection: served.lastInspection, flags: flags,
                                             region: useRegion ? served.region : nil)
        let drawn: (list: WeeklyList, rows: [ListSummary.Row])
        do {
            drawn = try ListDraw.draw(candidates, policy: policy, explainer: served.explainer, prepared: served.prepared, language: language)
        } catch let error as SelectionError {
            throw HTTPError(.badRequest, message: "The list cannot be drawn: \(error)")
        }
        let model = served.model
        let csv = ListFile.csv(rows: drawn.rows, entries: drawn.list.entries, unitColumn: model.spec.unit, withRegion: useRegion)
        let sha = FileDigest.sha256(csv)
        let at = clock.timestamp()
        let manifest = ListManifest(
            created: at, inputs: [served.modelFile, served.registerFile],
            model: .init(name: model.name, version: model.version, fingerprint: model.fingerprint), approval: approval,
            parameters: .init(
                asOf: request.asOf, capacity: plan.total, capacityFile: nil,
                regionCapacities: { if case .perRegion(let r) = plan { return r } else { return nil } }(),
                randomShare: request.randomShare, seed: request.seed, excludeDays: request.excludeDays, excludeIf: excludeIf,
                lastInspectionColumn: served.listColumns.lastInspection, regionColumn: useRegion ? served.listColumns.region : nil,
                language: language.rawValue),
            counts: drawn.list.total, regions: drawn.list.regions, warnings: drawn.list.warnings,
            outputs: [.init(role: "list", file: "list.csv", sha256: sha)])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        let manifestText = String(decoding: try encoder.encode(manifest), as: UTF8.self)
        let draft = ListDraft(
            manifest: manifestText, listSHA256: sha, fingerprint: model.fingerprint, asOf: request.asOf, issuedBy: caller.name,
            rows: drawn.rows.map { ListDraft.Row(rank: $0.rank, unit: $0.unit, channel: $0.channel, probability: $0.probability, region: $0.region) })
        let record = try await store.run { try $0.recordList(draft, at: at) }
        return ListDetailBody(
            list: Self.summary(record),
            rows: drawn.rows.map { ListRowBody(rank: $0.rank, unit: $0.unit, probability: $0.probability, channel: $0.channel, region: $0.region, topReasons: $0.reasons) },
            manifest: JSONValue.parse(manifestText) ?? .null)
    }

    static func summary(_ record: ListRecord) -> ListSummaryBody {
        ListSummaryBody(id: record.id ?? 0, asOf: record.asOf, issuedBy: record.issuedBy, issuedAt: record.issuedAt,
                        fingerprint: record.fingerprint, sha256: record.listSHA256, rows: record.rowCount)
    }

    /// The largest capacity accepted. A capacity beyond the register only leaves places empty (the list
    /// says so), as with `tilsyn list`; the bound keeps `random_share × capacity` far from `Int`'s limits.
    static let maxCapacity = 1_000_000_000

    /// The request as a selection policy, or 400 naming the field.
    func validate(_ r: ListRequest) throws -> (SelectionPolicy, Capacity, useRegion: Bool) {
        func bad(_ sentence: String) -> HTTPError { HTTPError(.badRequest, message: sentence) }
        guard let day = parseISODate(r.asOf) else { throw bad("as_of must be a calendar date YYYY-MM-DD.") }
        guard r.randomShare.isFinite, (0...1).contains(r.randomShare) else { throw bad("random_share must be a number from 0 to 1.") }
        guard r.excludeDays >= 0, r.excludeDays <= 36_500 else { throw bad("exclude_days must be a whole number of days from 0 to 36500.") }
        if let language = r.language, ListReasons.Language(rawValue: language) == nil { throw bad("language must be da or en.") }
        let excludeIf = r.excludeIf ?? []
        for name in excludeIf where !served.listColumns.flags.contains(name) {
            let known = served.listColumns.flags
            throw bad(known.isEmpty
                ? "exclude_if names a flag, but the service was started without flag columns."
                : "exclude_if may name only the flag columns the service loaded: \(known.joined(separator: ", ")).")
        }
        if Set(excludeIf).count != excludeIf.count { throw bad("exclude_if names a flag twice.") }

        let plan: Capacity
        switch (r.capacity, r.capacityPerRegion) {
        case (nil, nil):
            throw bad("Give the list's size as capacity or as capacity_per_region.")
        case (let total?, nil):
            guard (0...Self.maxCapacity).contains(total) else { throw bad("capacity must be a whole number from 0 to \(Self.maxCapacity).") }
            plan = .total(total)
        case (let total, let quotas?):
            guard served.region != nil else { throw bad("capacity_per_region needs the register's '\(served.listColumns.region)' column, which it does not have.") }
            guard !quotas.isEmpty else { throw bad("capacity_per_region lists no regions.") }
            var seen = Set<String>()
            for q in quotas {
                guard served.regions.contains(q.region) else { throw bad("capacity_per_region names a region that is not in the register.") }
                guard seen.insert(q.region).inserted else { throw bad("capacity_per_region lists region '\(q.region)' twice.") }
                guard (0...Self.maxCapacity).contains(q.capacity) else { throw bad("capacity_per_region: capacity of '\(q.region)' must be a whole number from 0 to \(Self.maxCapacity).") }
            }
            plan = .perRegion(quotas.map { RegionCapacity(region: $0.region, capacity: $0.capacity) })
            if let total, total != plan.total { throw bad("capacity \(total) does not match the \(plan.total) of capacity_per_region; give one or make them agree.") }
        }
        let policy = SelectionPolicy(asOf: day, excludeDays: r.excludeDays, randomShare: r.randomShare, seed: r.seed, capacity: plan)
        return (policy, plan, r.capacityPerRegion != nil)
    }
}
