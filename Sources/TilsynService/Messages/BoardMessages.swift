/// The board's decision on the model in use, as `tilsyn approve` records it; who decided is the token's holder.
struct ApprovalRequest: Decodable, Sendable {
    var decision: String
    var note: String
}

/// A recorded decision.
struct DecisionBody: Encodable, Sendable {
    var id: Int64?
    var fingerprint: String
    var decision: String
    var decidedBy: String
    var decidedAt: String
    var note: String

    enum CodingKeys: String, CodingKey {
        case id, fingerprint, decision, note
        case decidedBy = "decided_by"
        case decidedAt = "decided_at"
    }
}
