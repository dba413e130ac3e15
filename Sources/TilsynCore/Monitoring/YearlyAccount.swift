/// The yearly account ⚖ (`tilsyn report --year`): once a year the political level reviews the data
/// project, so the store answers for one calendar year what it did and how well.
///
/// A list belongs to the year of its as-of date; its visits and outcomes go with it (a January visit on a
/// December list counts in December's year), so the Horvitz–Thompson strata stay whole. Board decisions
/// and corrections belong to the year they were made or received in. The hit rates, the population
/// estimate, the rates by region and inspector and the reasons for overrides and non-visits are
/// ``MonitorReport``'s, computed by the same code as `tilsyn monitor` over the year's lists.
public struct YearlyAccount: Codable, Sendable {
    public static let formatIdentifier = "tilsyn.yearly/1"

    public var format: String = formatIdentifier
    public var year: Int
    /// When the account was made (ISO 8601), and from which store file.
    public var generatedAt: String
    public var store: String
    public var models: [ModelUse]
    public var lists: Lists
    public var decisions: Decisions
    /// The year's lists' visits and outcomes, as `tilsyn monitor` reports them.
    public var monitoring: MonitorReport
    public var fairness: Fairness
    public var corrections: Corrections
    public var audit: Audit

    enum CodingKeys: String, CodingKey {
        case format, year, store, models, lists, decisions, monitoring, fairness, corrections, audit
        case generatedAt = "generated_at"
    }

    public init(year: Int, generatedAt: String, store: String, models: [ModelUse], lists: Lists, decisions: Decisions,
                monitoring: MonitorReport, fairness: Fairness, corrections: Corrections, audit: Audit) {
        self.year = year
        self.generatedAt = generatedAt
        self.store = store
        self.models = models
        self.lists = lists
        self.decisions = decisions
        self.monitoring = monitoring
        self.fairness = fairness
        self.corrections = corrections
        self.audit = audit
    }

    /// A model that made lists in the year or on which the board decided in the year.
    public struct ModelUse: Codable, Sendable, Equatable {
        public var fingerprint: String
        public var name: String?
        public var version: String?
        public var registeredAt: String?
        /// Lists of the year it made, and the as-of dates of the first and the last.
        public var lists: Int
        public var firstList: String?
        public var lastList: String?
        /// Every decision on it up to the end of the year, oldest first.
        public var decisions: [BoardDecision]
        /// Whether the latest of those decisions approves it: its standing at the end of the year.
        public var approvedAtYearEnd: Bool

        enum CodingKeys: String, CodingKey {
            case fingerprint, name, version, lists, decisions
            case registeredAt = "registered_at", firstList = "first_list", lastList = "last_list"
            case approvedAtYearEnd = "approved_at_year_end"
        }

        public init(fingerprint: String, name: String?, version: String?, registeredAt: String?, lists: Int, firstList: String?,
                    lastList: String?, decisions: [BoardDecision], approvedAtYearEnd: Bool) {
            self.fingerprint = fingerprint
            self.name = name
            self.version = version
            self.registeredAt = registeredAt
            self.lists = lists
            self.firstList = firstList
            self.lastList = lastList
            self.decisions = decisions
            self.approvedAtYearEnd = approvedAtYearEnd
        }
    }

    /// The lists of the year and how their places were filled.
    public struct Lists: Codable, Sendable, Equatable {
        public var count: Int
        /// Listed units, and how many each channel (`risk`, `random`) filled.
        public var rows: Int
        public var byChannel: [String: Int]
        /// Lists a model without the board's approval made (explicitly allowed, demos and trials).
        public var withoutApproval: Int

        enum CodingKeys: String, CodingKey {
            case count, rows
            case byChannel = "by_channel", withoutApproval = "without_approval"
        }

        public init(count: Int, rows: Int, byChannel: [String: Int], withoutApproval: Int) {
            self.count = count
            self.rows = rows
            self.byChannel = byChannel
            self.withoutApproval = withoutApproval
        }

        /// A channel's share of the listed units, or `nil` without rows.
        public func share(_ channel: String) -> Double? {
            rows > 0 ? Double(byChannel[channel] ?? 0) / Double(rows) : nil
        }
    }

    /// What the inspectors decided on the year's lists.
    public struct Decisions: Codable, Sendable, Equatable {
        public var visited: Int
        public var notVisited: Int
        public var deferred: Int
        /// Units added by hand (swaps and additions on suspicion), each with its reason.
        public var manual: Int
        /// Non-visits per reason (`closed`, `moved`, `not_found`, `capacity`, `other`).
        public var notVisitedByReason: [String: Int]
        /// Listed units with no decision recorded.
        public var undecided: Int

        enum CodingKeys: String, CodingKey {
            case visited, deferred, manual, undecided
            case notVisited = "not_visited", notVisitedByReason = "not_visited_by_reason"
        }

        public init(visited: Int, notVisited: Int, deferred: Int, manual: Int, notVisitedByReason: [String: Int], undecided: Int) {
            self.visited = visited
            self.notVisited = notVisited
            self.deferred = deferred
            self.manual = manual
            self.notVisitedByReason = notVisitedByReason
            self.undecided = undecided
        }
    }

    /// Fairness verdicts: the store does not keep fairness reports, so they come from the report files
    /// given, each with the model it judged.
    public struct Fairness: Codable, Sendable {
        public var reports: [Report]
        /// Why there is nothing, when there is nothing.
        public var reason: String?

        public struct Report: Codable, Sendable {
            public var file: String
            public var fingerprint: String?
            /// Whether that model made lists in the year.
            public var modelInUse: Bool
            /// The report's selection rule (`top_k`, `top_fraction`) and its value, for rendering in each language.
            public var selectionRule: String
            public var selectionValue: Double
            public var summary: ModelCard.FairnessSummary

            enum CodingKeys: String, CodingKey {
                case file, fingerprint, summary
                case modelInUse = "model_in_use", selectionRule = "selection_rule", selectionValue = "selection_value"
            }
        }

        public init(reports: [Report], reason: String?) {
            self.reports = reports
            self.reason = reason
        }

        /// The summaries of fairness reports, each marked by whether its model made lists in the year.
        public init(files: [(file: String, report: FairnessReport)], fingerprintsInUse: Set<String>) {
            reports = files.map { f in
                Report(file: f.file, fingerprint: f.report.model?.fingerprint,
                       modelInUse: f.report.model.map { fingerprintsInUse.contains($0.fingerprint) } ?? false,
                       selectionRule: f.report.selection.rule, selectionValue: f.report.selection.value,
                       summary: ModelCard.fairnessSummary(f.report))
            }
            reason = files.isEmpty ? "no fairness report was given; the store does not record them (tilsyn fairness writes them to files)" : nil
        }
    }

    /// Correction requests received in the year and what became of them.
    public struct Corrections: Codable, Sendable, Equatable {
        public var received: Int
        /// Per current status (`open`, `in_review`, `accepted`, `rejected`).
        public var byStatus: [String: Int]
        /// Accepted or rejected, and the days from receipt to that decision.
        public var resolved: Int
        public var medianDaysToResolve: Double?
        public var longestDaysToResolve: Double?
        /// Still open or in review when the account was made, and the oldest one's age in days.
        public var unresolved: Int
        public var oldestUnresolvedDays: Double?

        enum CodingKeys: String, CodingKey {
            case received, resolved, unresolved
            case byStatus = "by_status", medianDaysToResolve = "median_days_to_resolve"
            case longestDaysToResolve = "longest_days_to_resolve", oldestUnresolvedDays = "oldest_unresolved_days"
        }

        /// - Parameters:
        ///   - requests: per request received in the year, its status and, when resolved, the days it took
        ///     (else its age in days when the account was made).
        public init(requests: [(status: String, days: Double?)]) {
            received = requests.count
            byStatus = Dictionary(grouping: requests, by: \.status).mapValues(\.count)
            let done = requests.filter { $0.status == "accepted" || $0.status == "rejected" }.compactMap(\.days).sorted()
            resolved = requests.filter { $0.status == "accepted" || $0.status == "rejected" }.count
            medianDaysToResolve = done.isEmpty ? nil : (done.count % 2 == 1 ? done[done.count / 2] : (done[done.count / 2 - 1] + done[done.count / 2]) / 2)
            longestDaysToResolve = done.last
            let open = requests.filter { $0.status != "accepted" && $0.status != "rejected" }
            unresolved = open.count
            oldestUnresolvedDays = open.compactMap(\.days).max()
        }
    }

    /// The audit chain when the account was made: verified, its length and head, and the last entry of
    /// the year (which a later check can find again).
    public struct Audit: Codable, Sendable, Equatable {
        public var intact: Bool
        public var entries: Int
        public var head: String?
        /// The first entry that breaks the chain, when it is broken.
        public var firstBroken: Int64?
        public var lastOfYear: Entry?

        public struct Entry: Codable, Sendable, Equatable {
            public var id: Int64
            public var at: String
            public var hash: String

            public init(id: Int64, at: String, hash: String) {
                self.id = id
                self.at = at
                self.hash = hash
            }
        }

        enum CodingKeys: String, CodingKey {
            case intact, entries, head
            case firstBroken = "first_broken", lastOfYear = "last_of_year"
        }

        public init(intact: Bool, entries: Int, head: String?, firstBroken: Int64?, lastOfYear: Entry?) {
            self.intact = intact
            self.entries = entries
            self.head = head
            self.firstBroken = firstBroken
            self.lastOfYear = lastOfYear
        }
    }
}
