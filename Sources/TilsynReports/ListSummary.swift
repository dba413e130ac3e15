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

    /// The summary in `language` ("en" or "da"; the reasons in the rows are as the list wrote them).
    public func markdown(language: String = "en") throws -> String {
        try ReportTemplates.render("list-summary.md.mustache", context(locale: ReportLocale(language: language, file: "list-summary"), cell: Self.markdownCell))
    }

    public func html(language: String = "en") throws -> String {
        try ReportTemplates.render("list-summary.html.mustache", context(locale: ReportLocale(language: language, file: "list-summary"), cell: { $0 }))
    }

    /// A table cell for Markdown: pipes escaped, line breaks flattened, so data cannot break the table.
    static func markdownCell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\r", with: " ")
    }

    func context(locale l: ReportLocale, cell: (String) -> String) -> [String: Any] {
        let policy = list.policy
        let perRegion: Bool
        if case .perRegion = policy.capacity { perRegion = true } else { perRegion = false }
        func counts(_ c: WeeklyList.StratumCounts, name: String) -> [String: Any] {
            [
                "name": cell(name), "units": String(c.units), "recent": String(c.excludedRecent),
                "flagged": excludeIf.map { "\(cell($0)) \(c.excludedByFlag[$0] ?? 0)" }.joined(separator: ", ").nonEmpty ?? "–",
                "eligible": String(c.eligible), "capacity": c.capacity.map(String.init) ?? "–",
                "risk": String(c.risk), "random": String(c.random),
                "inclusion": l.number(c.randomInclusionProbability, 6),
            ]
        }
        var countRows = list.regions.map { counts($0, name: $0.region ?? "") }
        countRows.append(counts(list.total, name: l.text("all")))
        let hasRegion = rows.contains { $0.region != nil }
        var unapproved = false
        if case .unapprovedAllowed = approval { unapproved = true }
        let approvalText: String
        switch approval {
        case .approved(let d): approvalText = l.text("approved", ["by": d.decidedBy, "date": ISOTime.text(d.decidedAt), "reference": d.note.isEmpty ? "" : " (\(d.note))"])
        case .unapprovedAllowed: approvalText = l.text("unapproved_short")
        }
        let flags = excludeIf.map { l.text("not_flagged", ["flag": $0]) }.joined()
        return [
            "lang": l.language, "l": l.labels(),
            "eligibleSentence": cell(l.text("eligible", ["days": String(policy.excludeDays), "asOf": isoDate(policy.asOf), "flags": flags])),
            "randomSentence": cell(l.text("random", ["percent": l.number(policy.randomShare * 100, 1),
                                                     "stratum": l.text(perRegion ? "stratum_region" : "stratum_list"), "seed": String(policy.seed)])),
            "title": cell(title),
            "asOf": isoDate(policy.asOf),
            "modelName": cell(model.name), "modelVersion": cell(model.version),
            "fingerprintShort": String(model.fingerprint.prefix(16)),
            "approval": cell(approvalText),
            "unapproved": unapproved,
            "warnings": list.warnings.map(cell),
            "excludeDays": String(policy.excludeDays),
            "excludeIf": excludeIf.map(cell),
            "randomSharePercent": ReportNumber.fixed(policy.randomShare * 100, 1),
            "stratum": perRegion ? "region" : "list",
            "stratumHeader": list.regions.isEmpty ? "" : l.text("col_region"),
            "seed": String(policy.seed),
            "counts": countRows,
            "unitColumn": cell(unitColumn),
            "hasRegion": hasRegion,
            "rows": rows.map { r -> [String: Any] in
                ["rank": String(r.rank), "unit": cell(r.unit), "probability": l.number(r.probability, 4),
                 "channel": r.channel, "channelText": l.text("channel_\(r.channel)"), "region": cell(r.region ?? ""), "reasons": cell(r.reasons)]
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
