import Foundation
import TilsynCore
import TilsynStore

/// Records the ethics board's decision on a model version ⚖: `tilsyn approve`, the service's board
/// endpoint and the demo's synthetic board all come here.
///
/// A decision is tied to a person: it needs the secret of a board role token (`tilsyn tokens issue --role
/// board --name NAME`), and it is recorded under the name of that token's holder, never under a name the
/// caller types. The job checks the token itself, so no front door can record a decision without one:
/// unknown, revoked and expired tokens, and tokens of another role, are refused as values
/// (``JobError/boardTokenMissing``, ``JobError/boardTokenInvalid``, ``JobError/boardTokenWrongRole(_:)``)
/// that each door phrases.
///
/// The store registers the model if needed and appends the decision, bound to its fingerprint, with its
/// audit entry (actor: the holder's name; detail: the token's id) in one transaction. Decisions are never
/// changed: the latest counts (see ``ApprovalGate``).
public struct RecordDecision: Sendable {
    public var store: TilsynDatabase

    public init(store: TilsynDatabase) { self.store = store }

    /// The holder of a valid board token, as the store knows them: only ``authenticate(token:at:)`` makes one.
    public struct BoardMember: Sendable, Equatable {
        /// The token's id (`token:<id>` in the audit log).
        public let tokenID: Int64
        /// The holder's name as issued with the token.
        public let name: String

        fileprivate init(tokenID: Int64, name: String) {
            self.tokenID = tokenID
            self.name = name
        }
    }

    /// The board member holding `token`.
    /// - Parameters:
    ///   - token: the token's secret as given (surrounding white space ignored); `nil` or empty when none was given.
    ///   - at: the time of the decision; a token that has expired or was revoked by then is refused.
    /// - Throws: ``JobError/boardTokenMissing``, ``JobError/boardTokenInvalid``, ``JobError/boardTokenWrongRole(_:)``.
    public func authenticate(token: String?, at: Date) async throws -> BoardMember {
        guard let token = token?.trimmingCharacters(in: .whitespacesAndNewlines), !token.isEmpty else { throw JobError.boardTokenMissing }
        guard let record = try await store.authenticate(token: token, now: at) else { throw JobError.boardTokenInvalid }
        guard record.role == .board else { throw JobError.boardTokenWrongRole(record.role.rawValue) }
        return BoardMember(tokenID: record.id, name: record.name)
    }

    /// Whether the latest decision on `model` is already `decision` (the demo, rerun, then records nothing).
    public func isAlready(_ decision: ApprovalDecision, _ model: FittedModel) async throws -> Bool {
        try await store.latestDecision(fingerprint: model.fingerprint)?.decision == decision
    }

    /// Records `decision` under the name of the board member holding `token`.
    /// - Throws: the token's refusals (``authenticate(token:at:)``); ``StoreError/emptyField(field:)``
    ///   naming `note`; the store's errors.
    @discardableResult
    public func run(model: FittedModel, decision: ApprovalDecision, token: String?, note: String, at: Date) async throws -> BoardDecision {
        let member = try await authenticate(token: token, at: at)
        return try await store.recordDecision(for: model, by: member.name, decision: decision, note: note, at: at, tokenID: member.tokenID)
    }
}
