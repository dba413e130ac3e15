extension ModelCard.Approval {
    /// The card's approval section from the board's decision (approved or rejected): the one mapping
    /// from a recorded decision to the card, used by `tilsyn modelcard`, the demo and the service alike
    /// (through TilsynApplication's `BuildModelCard`).
    public init(_ decision: BoardDecision) {
        self.init(decision: decision.decision.rawValue, by: decision.decidedBy, at: ISOTime.text(decision.decidedAt),
                  note: decision.note, fingerprint: decision.fingerprint)
    }
}
