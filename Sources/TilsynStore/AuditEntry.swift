import Foundation
import GRDB
import TilsynCore

/// What is to be written to the audit log: everything but the id and the hashes, which the store
/// assigns so that nobody can choose where an entry sits in the chain.
struct AuditEntryDraft: Codable, Sendable, Equatable {
    /// ISO 8601 time of the event, as it will be hashed.
    var at: String
    /// Who acted: a person, a role token (`token:3`), a company (`company`), or the CLI and its user.
    var actor: String
    /// What happened, as `area.verb` (see ``AuditEvent``).
    var event: String
    /// What it happened to, as `kind:key` (`unit:P000123`, `list:4`, `model:<fingerprint>`), if anything.
    var subject: String?
    /// The particulars, usually a small JSON object; never a secret and never a company's free text.
    var detail: String

    init(at: String, actor: String, event: String, subject: String?, detail: String) {
        self.at = at
        self.actor = actor
        self.event = event
        self.subject = subject
        self.detail = detail
    }
}

/// One row of the append-only, hash-chained table `audit_log`.
///
/// `hash` is the SHA-256 of the entry's canonical serialisation (see ``AuditChain``), which includes
/// `prevHash`, the hash of the entry before it; the first entry's `prevHash` is 64 zeros. Changing,
/// removing or inserting an entry therefore breaks the chain at that point, which
/// ``TilsynDatabase/verifyAuditChain()`` finds.
///
/// `at` is kept as the text that was hashed, so the chain can be checked byte for byte; ``time`` is
/// that text as an instant.
public struct AuditEntry: Codable, Sendable, Equatable {
    /// 1, 2, 3, … without gaps: assigned by the store as the previous id plus one.
    public var id: Int64
    /// ISO 8601 time of the event, exactly as hashed.
    public var at: String
    public var actor: String
    public var event: String
    public var subject: String?
    public var detail: String
    /// Lower-case hex SHA-256 of the previous entry, or 64 zeros for the first.
    public var prevHash: String
    /// Lower-case hex SHA-256 of this entry's canonical serialisation.
    public var hash: String

    enum CodingKeys: String, CodingKey {
        case id, at, actor, event, subject, detail, hash
        case prevHash = "prev_hash"
    }

    /// ``at`` as an instant (`nil` only for text no version of Tilsyn writes).
    public var time: Date? { ISOTime.parse(at) }

    public init(id: Int64, at: String, actor: String, event: String, subject: String?, detail: String, prevHash: String, hash: String) {
        self.id = id
        self.at = at
        self.actor = actor
        self.event = event
        self.subject = subject
        self.detail = detail
        self.prevHash = prevHash
        self.hash = hash
    }
}

/// The first place the audit chain does not hold.
public struct AuditBreak: Codable, Sendable, Equatable {
    /// The id of the first entry that fails a check.
    public var id: Int64
    /// One sentence: "entry 17's hash does not match its contents", "entry 18 does not follow entry 17's hash".
    public var reason: String

    public init(id: Int64, reason: String) {
        self.id = id
        self.reason = reason
    }
}

/// The outcome of checking the whole audit chain.
public struct AuditVerification: Codable, Sendable, Equatable {
    /// How many entries were read.
    public var entries: Int
    /// The first entry that breaks the chain, or `nil` when it is intact.
    public var firstBroken: AuditBreak?
    /// The last entry's hash (`nil` for an empty log).
    ///
    /// The chain proves nothing about entries cut off its end; writing this value down outside the
    /// store (in the board's minutes, a ticket, a signed mail) lets a later check show that the log still
    /// reaches it.
    public var head: String?
    /// `firstBroken == nil`.
    public var isIntact: Bool

    enum CodingKeys: String, CodingKey {
        case entries, head
        case firstBroken = "first_broken"
        case isIntact = "is_intact"
    }

    public init(entries: Int, firstBroken: AuditBreak?, head: String?) {
        self.entries = entries
        self.firstBroken = firstBroken
        self.head = head
        self.isIntact = firstBroken == nil
    }
}

/// The event names the store writes, so callers and readers of the log spell them alike.
public enum AuditEvent {
    public static let modelRegistered = "model.registered"
    public static let approvalRecorded = "approval.recorded"
    public static let codeIssued = "code.issued"
    public static let tokenIssued = "token.issued"
    public static let tokenRevoked = "token.revoked"
    public static let listIssued = "list.issued"
    public static let cardDisclosed = "card.disclosed"
    public static let cardLookupFailed = "card.lookup_failed"
    public static let correctionSubmitted = "correction.submitted"
    public static let correctionStatus = "correction.status"
    public static let correctionErased = "correction.erased"
}
