import TilsynCore
import TilsynStore

/// Builds the monitoring report from the store ⚖: the one home of `tilsyn monitor`, the board's
/// monitoring page and the demo's cycle.
public struct BuildMonitor: Sendable {
    public var store: TilsynDatabase
    /// Below this many visits with an outcome a group's rate is `insufficient` (no rate, no interval).
    public var minimumVisits: Int

    public init(store: TilsynDatabase, minimumVisits: Int = 30) {
        self.store = store
        self.minimumVisits = minimumVisits
    }

    public func run() async throws -> MonitorReport {
        let history = try await store.visitHistory()
        let arms = try await store.randomArms()
        return Self.report(history: history, arms: arms, lists: try await store.lists().count, minimumVisits: minimumVisits)
    }

    /// The report from rows already read (also used by the tests' simulations).
    public static func report(history: [VisitHistoryRow], arms: [RandomArmStratum], lists: Int, minimumVisits: Int) -> MonitorReport {
        let withOutcome = history.filter { $0.violationFound != nil }
        func rate(_ group: String, _ rows: [VisitHistoryRow]) -> MonitorReport.Rate {
            .init(group: group, visits: rows.count, violations: rows.filter { $0.violationFound == true }.count, minimum: minimumVisits)
        }
        func grouped(_ key: (VisitHistoryRow) -> String) -> [MonitorReport.Rate] {
            Dictionary(grouping: withOutcome, by: key).sorted { $0.key < $1.key }.map { rate($0.key, $0.value) }
        }
        let channels = ["risk", "random", "manual"].map { c in rate(c, withOutcome.filter { $0.channel == c }) }

        // The random arm, stratum by stratum (list × region).
        struct Key: Hashable { var list: Int64; var region: String? }
        var outcomes: [Key: (n: Int, y: Int)] = [:]
        for row in withOutcome where row.channel == "random" {
            let key = Key(list: row.listID, region: row.region)
            outcomes[key, default: (0, 0)].n += 1
            if row.violationFound == true { outcomes[key, default: (0, 0)].y += 1 }
        }
        let strata = arms.map { arm -> PopulationRateEstimate.Stratum in
            let o = outcomes[Key(list: arm.listID, region: arm.region)] ?? (0, 0)
            return .init(eligible: Double(arm.drawn) / arm.inclusionProbability, drawn: arm.drawn, withOutcome: o.n, violations: o.y)
        }

        // Calibration among risk picks, in bands of the score at selection.
        let edges = [0.0, 0.2, 0.4, 0.6, 0.8, 1.0000001]
        var calibration: [MonitorReport.CalibrationBand] = []
        let risk = withOutcome.filter { $0.channel == "risk" && $0.scoreAtSelection != nil }
        for b in 0..<(edges.count - 1) {
            let rows = risk.filter { ($0.scoreAtSelection ?? -1) >= edges[b] && ($0.scoreAtSelection ?? -1) < edges[b + 1] }
            let label = "[\(ReportNumberText.short(edges[b])), \(b == edges.count - 2 ? "1]" : ReportNumberText.short(edges[b + 1]) + ")")"
            let mean = rows.isEmpty ? nil : rows.reduce(0.0) { $0 + ($1.scoreAtSelection ?? 0) } / Double(rows.count)
            calibration.append(.init(band: label, meanPredicted: mean, found: rate(label, rows)))
        }

        // Overrides and non-visits per ISO week of the decision.
        var weeks: [String: MonitorReport.Week] = [:]
        var manualReasons: [String: Int] = [:], otherReasons: [String: Int] = [:]
        for row in history {
            guard let day = parseISODate(row.date) else { continue }
            let w = MonitorReport.isoWeek(day: day)
            weeks[w, default: .init(week: w, decisions: 0, manual: 0, notVisited: [:])].decisions += 1
            if row.status == .manual {
                weeks[w]?.manual += 1
                manualReasons[row.reasonText, default: 0] += 1
            }
            if row.status == .notVisited, let reason = row.reason {
                weeks[w]?.notVisited[reason.rawValue, default: 0] += 1
                if reason == .other { otherReasons[row.reasonText, default: 0] += 1 }
            }
        }
        return MonitorReport(
            lists: lists, visits: withOutcome.count, minimumVisits: minimumVisits, channels: channels,
            naiveInspectedRate: rate("all inspected", withOutcome), populationRate: PopulationRateEstimate(strata: strata),
            calibration: calibration, byRegion: grouped { $0.region ?? "(none)" }, byInspector: grouped { $0.outcomeInspector ?? $0.inspector },
            weeks: weeks.values.sorted { $0.week < $1.week }, manualReasons: manualReasons, otherReasons: otherReasons)
    }
}
