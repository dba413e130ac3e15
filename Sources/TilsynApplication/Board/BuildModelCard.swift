import TilsynCore
import TilsynStore

/// Builds the model card with the board's latest decision on the model's fingerprint from the store:
/// `tilsyn modelcard`, the demo and the service's model-card pages all come here, so the card shows the
/// store's record in one way (``ModelCard/Approval/init(_:)``).
public struct BuildModelCard: Sendable {
    /// The store to read the decision from; `nil` when there is none (the card then says "not yet approved").
    public var store: TilsynDatabase?

    public init(store: TilsynDatabase?) { self.store = store }

    /// The reports the card summarises.
    public struct Reports: Sendable {
        public var validation: ValidationReport?
        public var fairness: FairnessReport?
        public var drift: DriftReport?

        public init(validation: ValidationReport? = nil, fairness: FairnessReport? = nil, drift: DriftReport? = nil) {
            self.validation = validation
            self.fairness = fairness
            self.drift = drift
        }
    }

    /// - Throws: ``ModelCardError`` (a feature without a source, a report about another model); the store's errors.
    public func run(model: FittedModel, reports: Reports, previous: FittedModel? = nil, contact: String = ModelCard.defaultContact) async throws -> ModelCard {
        let approval = try await store?.latestDecision(fingerprint: model.fingerprint).map(ModelCard.Approval.init)
        return try ModelCard.build(model: model, validation: reports.validation, fairness: reports.fairness, drift: reports.drift,
                                   approval: approval, previous: previous, contact: contact, toolVersion: TilsynVersion.current)
    }
}
