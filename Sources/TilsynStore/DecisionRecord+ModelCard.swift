import TilsynCore

extension ModelCard.Approval {
    /// The card's approval section from the board's recorded decision (approved or rejected), so the
    /// CLI, the demo and the service show the store's record in one shape.
    public init(_ decision: DecisionRecord) {
        self.init(decision: decision.decision.rawValue, by: decision.decidedBy, at: decision.decidedAt,
                  note: decision.note, fingerprint: decision.fingerprint)
    }
}
