/// The board's approval of one model version, as a list cites it.
///
/// Derived from the latest decision in the store (TilsynStore's `StoreApprovalLookup`); the core only
/// needs this shape, so it stays free of the database.
public struct ApprovalRecord: Codable, Sendable, Equatable {
    /// The fingerprint of the approved model.
    public var fingerprint: String
    /// Who approved (the board and its chair), as recorded.
    public var approvedBy: String
    /// The ISO 8601 time of the decision.
    public var date: String
    /// The minutes or case reference: the decision's `--note`.
    public var reference: String?

    enum CodingKeys: String, CodingKey {
        case fingerprint, date, reference
        case approvedBy = "approved_by"
    }

    public init(fingerprint: String, approvedBy: String, date: String, reference: String?) {
        self.fingerprint = fingerprint
        self.approvedBy = approvedBy
        self.date = date
        self.reference = reference
    }
}

/// Where approvals are looked up: the seam the model registry (SQLite store) plugs into.
public protocol ApprovalLookup: Sendable {
    /// The approval of the model with this fingerprint, or `nil` if it has none.
    func approval(fingerprint: String) throws -> ApprovalRecord?
}

/// The lookup used when there is no store file: no model is approved.
public struct NoApprovalStore: ApprovalLookup {
    public init() {}
    public func approval(fingerprint: String) throws -> ApprovalRecord? { nil }
}

/// Under what authority a list used its model; recorded in the list manifest.
public enum ApprovalStatus: Sendable, Equatable, Encodable {
    case approved(ApprovalRecord)
    /// The model has no approval and the user said `--allow-unapproved`.
    case unapprovedAllowed

    /// The manifest's sentence for an unapproved model.
    public static let unapprovedText = "unapproved (allowed by --allow-unapproved)"

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .approved(let record):
            try record.encode(to: encoder)
        case .unapprovedAllowed:
            var container = encoder.singleValueContainer()
            try container.encode(Self.unapprovedText)
        }
    }

    /// One line for people.
    public var summary: String {
        switch self {
        case .approved(let r): return "approved by \(r.approvedBy) on \(r.date)" + (r.reference.map { " (\($0))" } ?? "")
        case .unapprovedAllowed: return Self.unapprovedText
        }
    }
}

/// A list refused because its model lacks the board's approval.
public struct ApprovalError: Error, Sendable, Equatable, CustomStringConvertible {
    public var model: String
    public var description: String {
        "model \(model) has not been approved by the board; use --allow-unapproved to produce a list anyway."
    }
}

/// The approval gate in front of every list.
public enum ApprovalGate {
    /// The model's approval, or permission to go on without one.
    ///
    /// Lists decide who gets an inspection, so a model the ethics board has not seen must not make one
    /// silently; `allowUnapproved` exists for demos and trials and is written into the manifest.
    /// - Throws: ``ApprovalError`` when the model is unapproved and `allowUnapproved` is false; errors
    ///   of the lookup itself.
    public static func check(model: FittedModel, lookup: any ApprovalLookup, allowUnapproved: Bool) throws -> ApprovalStatus {
        if let record = try lookup.approval(fingerprint: model.fingerprint) { return .approved(record) }
        guard allowUnapproved else {
            throw ApprovalError(model: "'\(model.name)' \(model.version) (fingerprint \(model.fingerprint.prefix(16)))")
        }
        return .unapprovedAllowed
    }
}
