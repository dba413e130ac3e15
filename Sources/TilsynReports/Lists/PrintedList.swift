import Foundation
import TilsynCore

/// The inspectors' list as JSON (the service's `GET /api/v1/inspector/lists/{id}?format=json`): the same
/// rows, headers and notes as the printed page, in its language.
///
/// A random-audit row carries no score, risk rank or reasons (`null`, and `withheld` says why), exactly
/// as the printed list leaves them out.
public struct PrintedList: Encodable, Sendable {
    public var format = "tilsyn.inspector-list/1"
    public var language: String
    public var title: String
    public var asOf: String
    public var model: ListSummary.Model
    public var approval: String
    /// Who recorded the board's decision and its note, quoted as written (free text, in whatever language
    /// the board member wrote it); empty for an unapproved model.
    public var approvalNote: String
    public var notes: Notes
    public var columns: [Column]
    public var rows: [Row]

    public struct Notes: Encodable, Sendable {
        public var rank: String
        public var random: String
        public var confidential: String
        public var notAFinding: String
        enum CodingKeys: String, CodingKey { case rank, random, confidential, notAFinding = "not_a_finding" }
    }

    public struct Column: Encodable, Sendable {
        public var name: String
        public var header: String
    }

    public struct Reason: Encodable, Sendable {
        public var feature: String
        /// The line in words, as printed.
        public var text: String
        /// The register's value; `null` when missing or confidential.
        public var value: String?
        public var points: Double
        public var confidential: Bool

        enum CodingKeys: String, CodingKey { case feature, text, value, points, confidential }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(feature, forKey: .feature)
            try c.encode(text, forKey: .text)
            try c.encode(value, forKey: .value)
            try c.encode(points, forKey: .points)
            try c.encode(confidential, forKey: .confidential)
        }
    }

    public struct Row: Encodable, Sendable {
        public var listNumber: Int
        public var unit: String
        public var channel: String
        public var region: String?
        public var shown: [String: String]
        public var riskRankInRegister: Int?
        public var probability: Double?
        public var reasons: [Reason]?
        public var withheld: String?

        enum CodingKeys: String, CodingKey {
            case unit, channel, region, shown, probability, reasons, withheld
            case listNumber = "list_number"
            case riskRankInRegister = "risk_rank_in_register"
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(listNumber, forKey: .listNumber)
            try c.encode(unit, forKey: .unit)
            try c.encode(channel, forKey: .channel)
            try c.encode(region, forKey: .region)
            try c.encode(shown, forKey: .shown)
            try c.encode(riskRankInRegister, forKey: .riskRankInRegister)
            try c.encode(probability, forKey: .probability)
            try c.encode(reasons, forKey: .reasons)
            try c.encodeIfPresent(withheld, forKey: .withheld)
        }
    }

    enum CodingKeys: String, CodingKey {
        case format, language, title, model, approval, notes, columns, rows
        case asOf = "as_of"
        case approvalNote = "approval_note"
    }
}

extension ListSummary {
    /// The printed list's content as ``PrintedList``, in `language` ("da" or "en").
    public func printedList(language: String) throws -> PrintedList {
        let l = try ReportLocale(language: language, file: "list-summary")
        let context = context(locale: l, cell: { $0 })
        let lang = l.language
        let rowsOut = rows.map { r -> PrintedList.Row in
            let p = printed(r, l: l, cell: { $0 })
            var shown: [String: String] = [:]
            for (column, value) in zip(shownColumns, r.shown) { shown[column.name] = value }
            let random = r.channel == "random"
            let reasons: [PrintedList.Reason]? = random ? nil : zip(r.plainReasons, (p["reasons"] as? [[String: Any]]) ?? []).map { reason, text in
                let line = [text["name"] as? String, text["value"] as? String].compactMap { $0?.nonEmpty }.joined(separator: ": ")
                return PrintedList.Reason(feature: reason.feature, text: line + " (\(text["points"] as? String ?? ""))",
                                          value: reason.confidential ? nil : reason.value, points: reason.points, confidential: reason.confidential)
            }
            return PrintedList.Row(listNumber: r.rank, unit: r.unit, channel: r.channel, region: r.region, shown: shown,
                                   riskRankInRegister: random ? nil : r.riskRank, probability: random ? nil : r.probability,
                                   reasons: reasons, withheld: random ? l.text("withheld") : nil)
        }
        return PrintedList(
            language: lang, title: title, asOf: isoDate(list.policy.asOf), model: model,
            approval: context["approval"] as? String ?? "", approvalNote: context["approvalNote"] as? String ?? "",
            notes: .init(rank: context["rankSentence"] as? String ?? "", random: l.text("random_note"),
                         confidential: l.text("confidential_note"), notAFinding: l.text("not_finding")),
            columns: shownColumns.map { .init(name: $0.name, header: $0.header.text(lang) ?? $0.name) },
            rows: rowsOut)
    }
}
