/// The board's decision on the model in use, as `tilsyn approve` records it; who decided is the token's holder.
struct ApprovalRequest: Decodable, Sendable {
    var decision: String
    var note: String
}
