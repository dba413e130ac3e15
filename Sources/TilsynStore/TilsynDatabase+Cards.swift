import Foundation
import GRDB

extension TilsynDatabase {
    /// Records that a unit's card was revealed, with its audit entry (`card.disclosed`, subject
    /// `unit:<id>`), in one transaction.
    ///
    /// DESIGN §10 asks that every request revealing a card be audited; the server calls this before it
    /// sends the card, so a card is never out without its record. It returns once the record is
    /// committed; records of cards asked for at the same moment share one transaction (``GroupCommit``),
    /// each still committed before its own call returns.
    /// - Parameters:
    ///   - unit: the unit whose card it is.
    ///   - fingerprint: the model behind the score.
    ///   - channel: how it went out (`web`, `letter`, …).
    ///   - language: `da` or `en`.
    ///   - format: `html`, `json`, ….
    ///   - actor: who received it.
    ///   - at: the time.
    /// - Throws: ``StoreError/invalidField(field:reason:)`` for an empty field.
    public func recordCardIssued(unit: String, fingerprint: String, channel: String, language: String, format: String, actor: String, at: Date) async throws {
        let at = StoreTime.text(at)
        let record = CardIssuedRow(
            unit: try FieldCheck.required(unit, field: "unit", limit: 200),
            fingerprint: try FieldCheck.required(fingerprint, field: "fingerprint", limit: 200),
            channel: try FieldCheck.required(channel, field: "channel", limit: 50),
            language: try FieldCheck.required(language, field: "language", limit: 20),
            format: try FieldCheck.required(format, field: "format", limit: 20),
            actor: try FieldCheck.required(actor, field: "actor", limit: 500),
            issuedAt: at)
        try await commits.write(writer) { db in
            var record = record
            try record.insert(db)
            try Self.appendAudit(AuditEntryDraft(
                at: at, actor: record.actor, event: AuditEvent.cardDisclosed, subject: "unit:\(record.unit)",
                detail: AuditChain.detail([
                    "card_id": .int(record.id ?? 0), "fingerprint": .string(record.fingerprint), "channel": .string(record.channel),
                    "language": .string(record.language), "format": .string(record.format),
                ] as KeyValuePairs<String, AuditChain.DetailValue>)), in: db)
        }
    }

    /// Audits a failed card lookup (`card.lookup_failed`, subject `unit:<id>`): a wrong or missing code,
    /// an unknown unit, a rate limit.
    ///
    /// Only the unit, the client and the reason are kept — never the code that was tried: a near-miss
    /// typo of a real code, kept forever in an append-only log, would be most of the code.
    /// - Parameters:
    ///   - unit: the unit asked for, as given (it may not exist).
    ///   - client: who asked (an address or a client id).
    ///   - reason: why it failed, e.g. `wrong code`.
    ///   - at: the time.
    public func recordFailedLookup(unit: String, client: String, reason: String, at: Date) async throws {
        let unit = String(unit.prefix(200)), client = String(client.prefix(200)), reason = String(reason.prefix(500))
        let at = StoreTime.text(at)
        try await commits.write(writer) { db in
            try Self.appendAudit(AuditEntryDraft(
                at: at, actor: client.isEmpty ? "unknown client" : client, event: AuditEvent.cardLookupFailed,
                subject: "unit:\(unit)", detail: AuditChain.detail(["client": .string(client), "reason": .string(reason)] as KeyValuePairs<String, AuditChain.DetailValue>)), in: db)
        }
    }

    /// The cards revealed for a unit, oldest first.
    public func cardsIssued(unit: String) async throws -> [CardIssuedRecord] {
        try await writer.read { db in
            try CardIssuedRow.filter(Column("unit") == unit).order(Column("id")).fetchAll(db).map { try $0.value() }
        }
    }
}
