import Foundation

/// The board's verdict on one model version.
public enum ApprovalDecision: String, Codable, Sendable, CaseIterable {
    case approved, rejected
}

/// One decision of the ethics board on one model version: the one shape every part of Tilsyn uses.
///
/// The store keeps it (table `approval`, append-only), a list manifest cites it when it approved the
/// model, the model card shows it, and the service's board API returns it. Those documents spell its
/// fields their own way (see ``ApprovalStatus`` and ``ModelCard/Approval``); the value is this one.
/// Encoded as the board API and the store name it: `id`, `fingerprint`, `decision`, `decided_by`,
/// `decided_at`, `note`.
public struct BoardDecision: Sendable, Equatable, Codable {
    /// The store's id; the order of ids is the order of decisions. `nil` before it is recorded.
    public var id: Int64?
    /// The fingerprint of the model decided on.
    public var fingerprint: String
    public var decision: ApprovalDecision
    /// Who decided: the board and its chair, or the holder of a board token.
    public var decidedBy: String
    /// When the board decided.
    public var decidedAt: Date
    /// The minutes or case reference, and why.
    public var note: String

    enum CodingKeys: String, CodingKey {
        case id, fingerprint, decision, note
        case decidedBy = "decided_by"
        case decidedAt = "decided_at"
    }

    public init(id: Int64? = nil, fingerprint: String, decision: ApprovalDecision, decidedBy: String, decidedAt: Date, note: String) {
        self.id = id
        self.fingerprint = fingerprint
        self.decision = decision
        self.decidedBy = decidedBy
        self.decidedAt = decidedAt
        self.note = note
    }

    /// `decided_at` is written as ISO 8601 text (``ISOTime``) whatever the encoder's date strategy.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decodeIfPresent(Int64.self, forKey: .id)
        fingerprint = try c.decode(String.self, forKey: .fingerprint)
        decision = try c.decode(ApprovalDecision.self, forKey: .decision)
        decidedBy = try c.decode(String.self, forKey: .decidedBy)
        let text = try c.decode(String.self, forKey: .decidedAt)
        guard let at = ISOTime.parse(text) else {
            throw DecodingError.dataCorruptedError(forKey: .decidedAt, in: c, debugDescription: "not an ISO 8601 time")
        }
        decidedAt = at
        note = try c.decode(String.self, forKey: .note)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(id, forKey: .id)
        try c.encode(fingerprint, forKey: .fingerprint)
        try c.encode(decision, forKey: .decision)
        try c.encode(decidedBy, forKey: .decidedBy)
        try c.encode(ISOTime.text(decidedAt), forKey: .decidedAt)
        try c.encode(note, forKey: .note)
    }

    /// Whether this decision lets the model make lists and cards: the latest decision counts, so only an
    /// approval that is the latest on its fingerprint does.
    public var approves: Bool { decision == .approved }
}

/// Under what authority a list or card used its model; recorded in the list manifest ⚖.
public enum ApprovalStatus: Sendable, Equatable, Encodable {
    /// The latest decision on the model's fingerprint is this approval.
    case approved(BoardDecision)
    /// The model has no approval and whoever started the job allowed that explicitly (demos and trials).
    case unapprovedAllowed

    /// The manifest's sentence for an unapproved model; it names no option, as a list issued through
    /// the service cites it too.
    public static let unapprovedText = "unapproved (explicitly allowed, for demos and trials only)"

    /// The manifest's shape ⚖: `{fingerprint, approved_by, date, reference}` for an approval.
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .approved(let d):
            var c = encoder.container(keyedBy: ManifestKeys.self)
            try c.encode(d.fingerprint, forKey: .fingerprint)
            try c.encode(d.decidedBy, forKey: .approvedBy)
            try c.encode(ISOTime.text(d.decidedAt), forKey: .date)
            try c.encode(d.note, forKey: .reference)
        case .unapprovedAllowed:
            var container = encoder.singleValueContainer()
            try container.encode(Self.unapprovedText)
        }
    }

    private enum ManifestKeys: String, CodingKey {
        case fingerprint, date, reference
        case approvedBy = "approved_by"
    }

    /// One line for people.
    public var summary: String {
        switch self {
        case .approved(let d): return "approved by \(d.decidedBy) on \(ISOTime.text(d.decidedAt)) (\(d.note))"
        case .unapprovedAllowed: return Self.unapprovedText
        }
    }
}
