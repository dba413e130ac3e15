import Foundation
import TilsynCore

/// The printable summary of a weekly list (`<list>.summary.md` / `.html`): how it was drawn, counts per
/// region and channel, and every row with its reasons.
public struct ListSummary: Sendable {
    /// One list row as written to the CSV.
    public struct Row: Sendable {
        public var rank: Int
        public var unit: String
        public var probability: Double
        public var channel: String
        public var region: String?
        public var reasons: String
        public init(rank: Int, unit: String, probability: Double, channel: String, region: String?, reasons: String) {
            self.rank = rank
            self.unit = unit
            self.probability = probability
            self.channel = channel
            self.region = region
            self.reasons = reasons
        }
    }

    /// The model a list was drawn with.
    public struct Model: Sendable, Encodable {
        public var name: String
        public var version: String
        public var fingerprint: String
        public init(name: String, version: String, fingerprint: String) {
            self.name = name
            self.version = version
            self.fingerprint = fingerprint
        }
    }

    public var title: String
    public var model: Model
    public var approval: ApprovalStatus
    public var list: WeeklyList
    public var unitColumn: String
    public var excludeIf: [String]
    public var rows: [Row]
    /// Input file names and their SHA-256, in manifest order.
    public var inputs: [(name: String, sha256: String)]

    public init(title: String, model: Model, approval: ApprovalStatus, list: WeeklyList, unitColumn: String,
                excludeIf: [String], rows: [Row], inputs: [(name: String, sha256: String)]) {
        self.title = title
        self.model = model
        self.approval = approval
        self.list = list
        self.unitColumn = unitColumn
        self.excludeIf = excludeIf
        self.rows = rows
        self.inputs = inputs
    }

    public func markdown() throws -> String {
        try ReportTemplates.render("list-summary.md.mustache", context(cell: Self.markdownCell))
    }

    public func html() throws -> String {
        try ReportTemplates.render("list-summary.html.mustache", context(cell: { $0 }))
    }

    /// A table cell for Markdown: pipes escaped, line breaks flattened, so data cannot break the table.
    static func markdownCell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\r", with: " ")
    }

    func context(cell: (String) -> String) -> [String: Any] {
        let policy = list.policy
        let perRegion: Bool
        if case .perRegion = policy.capacity { perRegion = true } else { perRegion = false }
        func counts(_ c: WeeklyList.StratumCounts, name: String) -> [String: Any] {
            [
                "name": cell(name), "units": String(c.units), "recent": String(c.excludedRecent),
                "flagged": excludeIf.map { "\(cell($0)) \(c.excludedByFlag[$0] ?? 0)" }.joined(separator: ", ").nonEmpty ?? "–",
                "eligible": String(c.eligible), "capacity": c.capacity.map(String.init) ?? "–",
                "risk": String(c.risk), "random": String(c.random),
                "inclusion": ReportNumber.fixed(c.randomInclusionProbability, 6),
            ]
        }
        var countRows = list.regions.map { counts($0, name: $0.region ?? "") }
        countRows.append(counts(list.total, name: "all"))
        let hasRegion = rows.contains { $0.region != nil }
        var unapproved = false
        if case .unapprovedAllowed = approval { unapproved = true }
        return [
            "title": cell(title),
            "asOf": isoDate(policy.asOf),
            "modelName": cell(model.name), "modelVersion": cell(model.version),
            "fingerprintShort": String(model.fingerprint.prefix(16)),
            "approval": cell(approval.summary),
            "unapproved": unapproved,
            "warnings": list.warnings.map(cell),
            "excludeDays": String(policy.excludeDays),
            "excludeIf": excludeIf.map(cell),
            "randomSharePercent": ReportNumber.fixed(policy.randomShare * 100, 1),
            "stratum": perRegion ? "region" : "list",
            "stratumHeader": list.regions.isEmpty ? "" : "region",
            "seed": String(policy.seed),
            "counts": countRows,
            "unitColumn": cell(unitColumn),
            "hasRegion": hasRegion,
            "rows": rows.map { r -> [String: Any] in
                ["rank": String(r.rank), "unit": cell(r.unit), "probability": ReportNumber.fixed(r.probability, 4),
                 "channel": r.channel, "region": cell(r.region ?? ""), "reasons": cell(r.reasons)]
            },
            "inputs": inputs.enumerated().map { i, input -> [String: Any] in
                ["name": cell(input.name), "sha256Short": String(input.sha256.prefix(16)), "last": i == inputs.count - 1]
            },
        ]
    }
}

extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}
