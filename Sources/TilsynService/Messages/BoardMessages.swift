/// The board's decision on the model in use, as `tilsyn approve` records it; who decided is the token's holder.
struct ApprovalRequest: Decodable, Sendable {
    var decision: String
    var note: String
    /// Read only to be refused: a request cannot say who decided (the bearer token's holder did).
    var decidedBy: String?

    enum CodingKeys: String, CodingKey {
        case decision, note
        case decidedBy = "decided_by"
    }
}
