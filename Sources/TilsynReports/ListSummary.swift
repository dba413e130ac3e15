import Foundation
import TilsynCore

/// The printable summary of a weekly list (`<list>.summary.md` / `.html`): how it was drawn, counts per
/// region and channel, and every row with its reasons.
public struct ListSummary: Sendable {
    /// One list row: what the CSV holds, and what the inspectors' printed list shows besides.
    public struct Row: Sendable {
        /// The row's place on the list (the CSV's `rank` ⚖): 1 is the first row, in list order.
        public var rank: Int
        public var unit: String
        public var probability: Double
        public var channel: String
        public var region: String?
        /// The CSV's `top_reasons` text, in the list's language.
        public var reasons: String
        /// The unit's rank by score among every unit of the register (1 = highest), whatever its channel.
        public var riskRank: Int?
        /// The register's values of the list's shown columns (``ListSummary/shownColumns``), in order.
        public var shown: [String]
        /// The reasons in plain words, for the printed list (``ListReasons/plain(_:count:)``).
        public var plainReasons: [ListReason]

        public init(rank: Int, unit: String, probability: Double, channel: String, region: String?, reasons: String,
                    riskRank: Int? = nil, shown: [String] = [], plainReasons: [ListReason] = []) {
            self.rank = rank
            self.unit = unit
            self.probability = probability
            self.channel = channel
            self.region = region
            self.reasons = reasons
            self.riskRank = riskRank
            self.shown = shown
            self.plainReasons = plainReasons
        }
    }

    /// A register column passed through to the printed list (`--show-column`), with its header.
    public struct ShownColumn: Sendable, Equatable {
        /// The register's column name.
        public var name: String
        /// The header in Danish and English: the spec's text for a model feature, else a known register
        /// column's name in words (``ListSummary/knownHeaders``), else the column's own name.
        public var header: LocalizedText
        /// The feature, when the model reads this column: its level labels make codes readable.
        public var feature: FeatureSpec?

        public init(name: String, spec: ModelSpec?) {
            self.name = name
            let feature = spec?.features.first { $0.name == name }
            self.feature = feature
            header = feature?.text ?? ListSummary.knownHeaders[name.lowercased()] ?? LocalizedText(da: name, en: name)
        }
    }

    /// Headers for register columns lists commonly pass through, so a Danish list does not print
    /// `name` or `address` over its columns.
    public static let knownHeaders: [String: LocalizedText] = [
        "name": .init(da: "Navn", en: "Name"), "navn": .init(da: "Navn", en: "Name"),
        "address": .init(da: "Adresse", en: "Address"), "adresse": .init(da: "Adresse", en: "Address"),
        "postcode": .init(da: "Postnr.", en: "Postcode"), "postnr": .init(da: "Postnr.", en: "Postcode"),
        "city": .init(da: "By", en: "Town"), "by": .init(da: "By", en: "Town"),
        "municipality": .init(da: "Kommune", en: "Municipality"), "kommune": .init(da: "Kommune", en: "Municipality"),
        "phone": .init(da: "Telefon", en: "Phone"), "telefon": .init(da: "Telefon", en: "Phone"),
        "industry": .init(da: "Branche", en: "Industry"), "branche": .init(da: "Branche", en: "Industry"),
        "region": .init(da: "Region", en: "Region"),
    ]

    /// Words for the 0/1 register columns lists commonly exclude by (`--exclude-if`), so a list does not print
    /// a column name like `certified` where an inspector expects a reason. The register, not the model,
    /// holds these columns, so the spec has no text for them unless the model also reads the column
    /// (then the spec's own text wins, ``exclusionLabel(_:)``).
    public static let knownExclusions: [String: LocalizedText] = [
        "certified": .init(da: "arbejdsmiljøcertifikat (kronesmiley)", en: "working-environment certificate (crown smiley)"),
        "certificeret": .init(da: "arbejdsmiljøcertifikat (kronesmiley)", en: "working-environment certificate (crown smiley)"),
        "private_household": .init(da: "privat husstand", en: "private household"),
        "privat_husstand": .init(da: "privat husstand", en: "private household"),
    ]

    /// An exclusion flag in words: the spec's text when the model reads the column, a known register
    /// column's words, else the column named as what it is — a flag in the register, quoted — so the
    /// reader is never shown a bare column name as if it were a reason.
    func exclusionLabel(_ flag: String, _ l: ReportLocale) -> String {
        if let text = spec?.features.first(where: { $0.name == flag })?.text?.text(l.language) { return text }
        if let known = Self.knownExclusions[flag.lowercased()]?.text(l.language) { return known }
        return l.text("flag_column", ["column": flag])
    }

    /// `a`, `a eller b`, `a, b eller c`: alternatives as a sentence lists them in the page's language.
    static func either(_ items: [String], _ l: ReportLocale) -> String {
        guard let last = items.last else { return "" }
        return items.count == 1 ? last : items.dropLast().joined(separator: ", ") + l.text("or") + last
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
    /// Register columns shown on the printed list, in the order asked for.
    public var shownColumns: [ShownColumn] = []
    /// Units in the register: what a risk rank is out of.
    public var population: Int?
    /// The model's spec: feature texts, level labels and units for the printed values.
    public var spec: ModelSpec?

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
                "name": cell(name), "units": l.count(c.units), "recent": l.count(c.excludedRecent),
                "flagged": excludeIf.map { l.count(c.excludedByFlag[$0] ?? 0) },
                "eligible": l.count(c.eligible), "capacity": c.capacity.map(l.count) ?? "–",
                "risk": l.count(c.risk), "random": l.count(c.random),
                "inclusion": l.number(c.randomInclusionProbability, 6),
            ]
        }
        var countRows = list.regions.map { counts($0, name: $0.region ?? "") }
        countRows.append(counts(list.total, name: l.text("all")))
        let hasRegion = rows.contains { $0.region != nil }
        var unapproved = false
        if case .unapprovedAllowed = approval { unapproved = true }
        // Who recorded the decision and why are free text the board member wrote (the demo writes both
        // languages): shown quoted, as written, never as if the page had said it in its own language.
        let approvalText: String, approvalNote: String
        switch approval {
        case .approved(let d):
            approvalText = l.text("approved", ["date": l.date(String(ISOTime.text(d.decidedAt).prefix(10)))])
            approvalNote = l.text(d.note.isEmpty ? "approval_by" : "approval_by_note", ["by": d.decidedBy, "note": d.note])
        case .unapprovedAllowed:
            approvalText = l.text("unapproved_short")
            approvalNote = ""
        }
        let flags = excludeIf.isEmpty ? "" : l.text("not_flagged", ["flags": Self.either(excludeIf.map { exclusionLabel($0, l) }, l)])
        let lang = l.language
        // Rows by region, in list order (the list is already grouped so): each region prints on its own page.
        var sections: [(region: String?, rows: [Row])] = []
        for row in rows {
            if let last = sections.last, last.region == row.region { sections[sections.count - 1].rows.append(row) } else { sections.append((row.region, [row])) }
        }
        let hasConfidential = rows.contains { $0.channel != "random" && $0.plainReasons.contains(where: \.confidential) }
        return [
            "lang": l.language, "l": l.labels(),
            "eligibleSentence": cell(l.text("eligible", ["days": String(policy.excludeDays), "asOf": l.date(isoDate(policy.asOf)), "flags": flags])),
            "randomSentence": cell(l.text("random", ["percent": l.number(policy.randomShare * 100, 1),
                                                     "stratum": l.text(perRegion ? "stratum_region" : "stratum_list"), "seed": String(policy.seed)])),
            "rankSentence": cell(l.text("rank_note", ["units": population.map { l.count($0) } ?? "–"])),
            "hasConfidential": hasConfidential,
            "title": cell(title),
            "asOf": l.date(isoDate(policy.asOf)),
            "modelName": cell(model.name), "modelVersion": cell(model.version),
            "fingerprintShort": String(model.fingerprint.prefix(16)),
            "approval": cell(approvalText),
            "approvalNote": cell(approvalNote),
            "flagHeaders": excludeIf.map { cell(l.text("col_flagged", ["flag": exclusionLabel($0, l)])) },
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
            "unitHeader": cell(l.text("col_unit", ["column": unitColumn])),
            "hasRegion": hasRegion,
            "shownHeaders": shownColumns.map { cell($0.header.text(lang) ?? $0.name) },
            "columnCount": String(6 + shownColumns.count),
            "sections": sections.enumerated().map { i, section -> [String: Any] in
                [
                    "first": i == 0, "hasHeading": section.region != nil,
                    "heading": cell(l.text(section.rows.count == 1 ? "region_heading_one" : "region_heading", ["region": section.region ?? "", "rows": l.count(section.rows.count)])),
                    "rows": section.rows.map { printed($0, l: l, cell: cell) },
                ]
            },
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
