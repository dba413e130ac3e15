import Foundation
import TilsynCore
import TilsynReports
import TilsynStore

/// Makes and discloses explanation cards: the one card path, for the service's company pages and API,
/// `tilsyn explain --id` and the demo's cards.
///
/// ``render(row:format:language:)`` explains and renders one unit's card. ``disclose(_:)`` is what a
/// company's request goes through, in this order: the code belongs to the unit (a wrong code and an
/// unknown unit get the same answer, and both are audited as failed lookups), the board's approval
/// still stands (a rejection takes effect without a restart), the card is recorded as issued, and only
/// then returned — a card that could not be recorded is not shown.
public struct DiscloseCard: Sendable {
    public var register: ScoredRegister
    public var renderer: CardRenderer
    /// The date the register describes, shown on every card line.
    public var asOf: String
    /// The list cut-off the card's "what would change the score" is computed against.
    public var cutoff: ListCutoff
    /// Where the card tells the reader to find the model card.
    public var modelCardLink: String

    public init(register: ScoredRegister, renderer: CardRenderer, asOf: String, cutoff: ListCutoff, modelCardLink: String) {
        self.register = register
        self.renderer = renderer
        self.asOf = asOf
        self.cutoff = cutoff
        self.modelCardLink = modelCardLink
    }

    /// The card of the unit in register row `row`.
    /// - Throws: ``DataError`` when the row cannot be explained; rendering errors.
    public func render(row: Int, format: CardFormat, language: String) throws -> String {
        let explanation = try register.explainer.card(register.prepared, row: row, scores: register.scores, asOf: asOf, cutoff: cutoff)
        return try renderer.render(explanation, model: register.model, format: format, language: language, modelCard: modelCardLink)
    }

    /// A company's request for its own card.
    public struct Request: Sendable {
        public var unit: String
        public var code: String
        /// Who asked (the client's address), for the audit log of failed lookups.
        public var client: String
        public var format: CardFormat
        public var language: String
        /// How the card goes out (`web`, `api`), recorded with it.
        public var channel: String

        public init(unit: String, code: String, client: String, format: CardFormat, language: String, channel: String) {
            self.unit = unit
            self.code = code
            self.client = client
            self.format = format
            self.language = language
            self.channel = channel
        }
    }

    /// Verifies the code, passes the gate, renders and records the card, and returns it.
    /// - Throws: ``CardRefusal``; ``JobError/notApproved(_:)``; the store's errors.
    public func disclose(_ request: Request, gate: ApprovalGate, store: TilsynDatabase, at: Date) async throws -> String {
        guard CardTexts.languages.contains(request.language) else {
            throw JobError.invalid(.language, value: request.language, expected: "da or en")
        }
        let row = try await AccessCheck(register: register, store: store).verify(unit: request.unit, code: request.code, client: request.client, at: at)
        try await gate.check(register.model)
        let text = try render(row: row, format: request.format, language: request.language)
        try await store.recordCardIssued(unit: request.unit, fingerprint: register.model.fingerprint, channel: request.channel,
                                         language: request.language, format: request.format.rawValue, actor: "company", at: at)
        return text
    }
}

/// Proof that a company holds its unit's access code; shared by cards and corrections.
public struct AccessCheck: Sendable {
    public var register: ScoredRegister
    public var store: TilsynDatabase

    public init(register: ScoredRegister, store: TilsynDatabase) {
        self.register = register
        self.store = store
    }

    /// The unit's register row, once its code is verified.
    /// - Throws: ``CardRefusal/noMatch`` (audited as a failed lookup) for a wrong code or an unknown unit;
    ///   ``CardRefusal/notInRegister(unit:)`` when the code is right but the register lacks the unit.
    public func verify(unit: String, code: String, client: String, at: Date) async throws -> Int {
        guard try await store.verifyAccessCode(unit: unit, code: code) else {
            try await store.recordFailedLookup(unit: unit, client: client, reason: "unit and access code do not match", at: at)
            throw CardRefusal.noMatch
        }
        guard let row = register.row(of: unit) else { throw CardRefusal.notInRegister(unit: unit) }
        return row
    }
}

/// Why a company's card or correction was refused.
public enum CardRefusal: Error, Sendable, Equatable {
    /// The code does not belong to the unit, or there is no such unit: the same answer for both.
    case noMatch
    /// The code is right, so the company may learn that its unit is missing from this register.
    case notInRegister(unit: String)
}
