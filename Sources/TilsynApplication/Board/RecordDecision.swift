import Foundation
import TilsynCore
import TilsynStore

/// Records the ethics board's decision on a model version: `tilsyn approve`, the service's board
/// endpoint and the demo's synthetic board all come here.
///
/// The store registers the model if needed and appends the decision, bound to its fingerprint, with its
/// audit entry in one transaction. Decisions are never changed: the latest counts (see ``ApprovalGate``).
public struct RecordDecision: Sendable {
    public var store: TilsynDatabase

    public init(store: TilsynDatabase) { self.store = store }

    /// - Parameters:
    ///   - unlessAlready: record nothing when the latest decision on the model is already this one (the
    ///     demo, rerun, does not pad the board's history with repeats).
    /// - Throws: ``StoreError/emptyField(field:)`` naming `decided_by` or `note`; the store's errors.
    @discardableResult
    public func run(model: FittedModel, decision: ApprovalDecision, by: String, note: String, at: Date,
                    unlessAlready: Bool = false) async throws -> BoardDecision {
        if unlessAlready, let latest = try await store.latestDecision(fingerprint: model.fingerprint), latest.decision == decision {
            return latest
        }
        return try await store.recordDecision(for: model, by: by, decision: decision, note: note, at: at)
    }
}
