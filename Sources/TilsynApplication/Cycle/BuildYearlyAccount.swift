import Foundation
import TilsynCore
import TilsynStore

/// Builds the yearly account from the store ⚖: the one home of `tilsyn report --year`.
///
/// Reads the year's lists (by as-of date), their rows, visits and outcomes, the board's decisions, the
/// correction requests received in the year and the audit chain. The visit figures are
/// ``BuildMonitor/report(history:arms:lists:minimumVisits:)`` over the year's lists — the same code as
/// `tilsyn monitor` — so the account and the monitoring page cannot disagree.
public struct BuildYearlyAccount: Sendable {
    public var store: TilsynDatabase
    public var minimumVisits: Int

    public init(store: TilsynDatabase, minimumVisits: Int = 30) {
        self.store = store
        self.minimumVisits = minimumVisits
    }

    /// - Parameters:
    ///   - year: the calendar year (lists by as-of date, decisions and corrections by their date, UTC).
    ///   - storeName: the store file as the account names it.
    ///   - fairness: fairness reports to summarise (the store does not keep them), with their file names.
    ///   - now: when the account is made (the age of unresolved corrections is counted to it).
    public func run(year: Int, storeName: String, fairness: [(file: String, report: FairnessReport)] = [], now: Date) async throws -> YearlyAccount {
        let start = "\(year)-01-01", end = "\(year + 1)-01-01"
        func inYear(_ text: String) -> Bool { text >= start && text < end }
        // Instants of the year, UTC: [start, end).
        let startTime = Date(timeIntervalSince1970: Double(daysFromCivil(year: year, month: 1, day: 1)) * 86_400)
        let endTime = Date(timeIntervalSince1970: Double(daysFromCivil(year: year + 1, month: 1, day: 1)) * 86_400)
        func inYear(_ time: Date) -> Bool { time >= startTime && time < endTime }

        let lists = try await store.lists().filter { inYear($0.asOf) }
        let ids = Set(lists.map(\.id))
        var byChannel: [String: Int] = [:], rows = 0, withoutApproval = 0
        var listed = 0, deferred = 0
        for list in lists {
            let id = list.id
            let listRows = try await store.listRows(id: id)
            rows += listRows.count
            for row in listRows { byChannel[row.channel, default: 0] += 1 }
            if Self.manifestSaysUnapproved(list.manifest) { withoutApproval += 1 }
            // A deferred unit may be decided later; it counts as deferred only while that is its last word.
            var last: [String: VisitStatus] = [:]
            for visit in try await store.visits(listID: id) { last[visit.unit] = visit.status }
            deferred += last.values.filter { $0 == .deferred }.count
            listed += listRows.count
        }

        let history = try await store.visitHistory().filter { ids.contains($0.listID) }
        let arms = try await store.randomArms().filter { ids.contains($0.listID) }
        let monitoring = BuildMonitor.report(history: history, arms: arms, lists: lists.count, minimumVisits: minimumVisits)
        var byReason: [String: Int] = [:]
        for row in history where row.status == .notVisited {
            byReason[row.reason?.rawValue ?? "other", default: 0] += 1
        }
        let visited = history.filter { $0.status == .visited }.count
        let notVisited = history.filter { $0.status == .notVisited }.count
        let manual = history.filter { $0.status == .manual }.count
        let decisions = YearlyAccount.Decisions(
            visited: visited, notVisited: notVisited, deferred: deferred, manual: manual, notVisitedByReason: byReason,
            undecided: max(0, listed - visited - notVisited - deferred))

        // Models: those that made the year's lists, and those the board decided on in the year.
        let allDecisions = try await store.allDecisions()
        var fingerprints: [String] = []
        for f in lists.map(\.fingerprint) + allDecisions.filter({ inYear($0.decidedAt) }).map(\.fingerprint) where !fingerprints.contains(f) {
            fingerprints.append(f)
        }
        var models: [YearlyAccount.ModelUse] = []
        for f in fingerprints {
            let record = try await store.model(fingerprint: f)
            let made = lists.filter { $0.fingerprint == f }
            let decided = allDecisions.filter { $0.fingerprint == f && $0.decidedAt < endTime }
            models.append(YearlyAccount.ModelUse(
                fingerprint: f, name: record?.name, version: record?.version, registeredAt: record.map { ISOTime.text($0.registeredAt) }, lists: made.count,
                firstList: made.map(\.asOf).min(), lastList: made.map(\.asOf).max(), decisions: decided,
                approvedAtYearEnd: decided.last?.approves ?? false))
        }

        // Corrections received in the year: how long each took to be accepted or rejected.
        var requests: [(status: String, days: Double?)] = []
        for c in try await store.corrections(status: nil) where inYear(c.submittedAt) {
            if c.status == .accepted || c.status == .rejected {
                let history = try await store.correctionHistory(id: c.id)
                let at = history.first { $0.status == .accepted || $0.status == .rejected }?.at ?? c.statusAt
                requests.append((c.status.rawValue, at.timeIntervalSince(c.submittedAt) / 86_400))
            } else {
                requests.append((c.status.rawValue, now.timeIntervalSince(c.submittedAt) / 86_400))
            }
        }

        let verification = try await store.verifyAuditChain()
        let last = try await store.lastAuditEntry(before: endTime)
        let audit = YearlyAccount.Audit(
            intact: verification.isIntact, entries: verification.entries, head: verification.head,
            firstBroken: verification.firstBroken?.id, lastOfYear: last.map { .init(id: $0.id, at: $0.at, hash: $0.hash) })

        return YearlyAccount(
            year: year, generatedAt: ISOTime.text(now), store: storeName, models: models,
            lists: .init(count: lists.count, rows: rows, byChannel: byChannel, withoutApproval: withoutApproval),
            decisions: decisions, monitoring: monitoring,
            fairness: YearlyAccount.Fairness(files: fairness, fingerprintsInUse: Set(lists.map(\.fingerprint))),
            corrections: YearlyAccount.Corrections(requests: requests), audit: audit)
    }

    /// Whether a list's manifest records that its model was used without the board's approval.
    static func manifestSaysUnapproved(_ manifest: String) -> Bool {
        guard let object = try? JSONSerialization.jsonObject(with: Data(manifest.utf8)) as? [String: Any] else { return false }
        return object["approval"] is String
    }
}
