import TilsynCore
import TilsynStore

/// The one approval gate: every list, every card and the service's start go through it.
///
/// A model may make lists and cards when the latest decision on its fingerprint in the store is an
/// approval (so a rejection revokes an approval, and a refitted model needs its own). Lists decide who
/// gets an inspection, so a model the board has not seen must not make one silently; `allowUnapproved`
/// exists for demos and trials and is written into every manifest it lets through. The gate reads the
/// store on every call, so a decision recorded a moment ago (say, through the service) counts at once.
public struct ApprovalGate: Sendable {
    /// The store holding the board's decisions; `nil` when there is none (then nothing is approved).
    public var store: TilsynDatabase?
    public var allowUnapproved: Bool

    public init(store: TilsynDatabase?, allowUnapproved: Bool) {
        self.store = store
        self.allowUnapproved = allowUnapproved
    }

    /// The model's standing: its approval, permission to go on without one, or `nil` (refused).
    public func status(of model: FittedModel) async throws -> ApprovalStatus? {
        if let store, let approval = try await store.approval(fingerprint: model.fingerprint) { return .approved(approval) }
        return allowUnapproved ? .unapprovedAllowed : nil
    }

    /// As ``check(_:)``, from the model's latest decision already read from this gate's store
    /// (``CardLookup/latestDecision``), without reading again.
    /// - Throws: ``JobError/notApproved(_:)`` naming the model.
    @discardableResult
    public func check(_ model: FittedModel, latestDecision: BoardDecision?) throws -> ApprovalStatus {
        if store != nil, let latestDecision, latestDecision.approves, latestDecision.fingerprint == model.fingerprint { return .approved(latestDecision) }
        guard allowUnapproved else {
            throw JobError.notApproved(ApprovalRefusal(name: model.name, version: model.version, fingerprint: model.fingerprint))
        }
        return .unapprovedAllowed
    }

    /// The model's approval, or permission to go on without one.
    /// - Throws: ``JobError/notApproved(_:)`` naming the model; the store's errors.
    @discardableResult
    public func check(_ model: FittedModel) async throws -> ApprovalStatus {
        guard let status = try await status(of: model) else {
            throw JobError.notApproved(ApprovalRefusal(name: model.name, version: model.version, fingerprint: model.fingerprint))
        }
        return status
    }
}
