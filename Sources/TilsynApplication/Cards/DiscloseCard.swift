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
    /// Which issued list a card is about.
    public var lists: CardLists
    /// The register's date when neither the list nor the spec's `as_of_column` gives one (a required
    /// option of `tilsyn explain` without a list; the service's configured date). Never the clock.
    public var asOf: String?
    /// Where the card sends the reader: the model card, the method note, whom to call.
    public var links: CardLinks
    /// The store's lists once read (see ``IssuedListCache``).
    let listCache = IssuedListCache()

    public init(register: ScoredRegister, renderer: CardRenderer, lists: CardLists, asOf: String?, links: CardLinks) {
        self.register = register
        self.renderer = renderer
        self.lists = lists
        self.asOf = asOf
        self.links = links
    }

    /// The list a card of `unit` is about: the given one; from the store the one with the given id, else
    /// the newest list of this model that contains the unit, else the newest list of this model (on which
    /// the unit is then not found); `nil` when there is none.
    /// - Parameter listIDs: the ids of this model's recorded lists, newest first, when the caller has
    ///   already read them (``CardLookup``); else they are read here.
    /// - Throws: ``JobError`` for an unknown list id or a list of another model; the store's errors.
    public func list(for unit: String, listIDs: [Int64]? = nil) async throws -> IssuedList? {
        switch lists {
        case .none: return nil
        case .file(let list): return list
        case .store(let store, let id):
            let fingerprint = register.model.fingerprint
            if let id {
                let list = try await IssuedListInput.fromStore(store, id: id, containing: unit)
                if let list, list.fingerprint != fingerprint {
                    throw JobError.invalid(.listID, value: String(id), expected: "a list drawn with this model (fingerprint \(fingerprint.prefix(16)))")
                }
                return list
            }
            // The newest list of this model that contains the unit, else the newest list of this model;
            // only the ids are read per card, each list itself once (``IssuedListCache``).
            var newest: IssuedList?
            let ids: [Int64]
            if let listIDs { ids = listIDs } else { ids = try await store.listIDs(fingerprint: fingerprint) }
            for listID in ids {
                guard let (list, contains) = try await listCache.list(id: listID, containing: unit, load: {
                    try await IssuedListInput.fromStore(store, id: listID, containing: unit)
                }) else { continue }
                if contains { return list }
                if newest == nil { newest = list }
            }
            return newest
        }
    }

    /// The explanation of the unit in register row `row`, about its list, with the register's date.
    /// - Throws: ``JobError/missing(_:or:)`` when no date is known; ``DataError``; ``list(for:)``'s errors.
    public func explanation(row: Int, listIDs: [Int64]? = nil) async throws -> Explanation {
        let unit = register.scores.units[row]
        let list = try await list(for: unit, listIDs: listIDs)
        guard let asOf = list?.asOf ?? register.explainer.registerAsOf(register.prepared, row: row) ?? asOf else {
            throw JobError.missing(.asOf, or: .list)
        }
        return try register.explainer.card(register.prepared, row: row, scores: register.scores, asOf: asOf, list: list)
    }

    /// The card of the unit in register row `row`.
    /// - Parameters:
    ///   - notice: a label the card must carry (the model's approval has been withdrawn since the list).
    ///   - detail: the JSON card's form.
    ///   - listIDs: as for ``list(for:listIDs:)``.
    /// - Throws: ``explanation(row:listIDs:)``'s errors; rendering errors.
    public func render(row: Int, format: CardFormat, language: String, notice: CardNotice? = nil, detail: CardDetail = .full,
                       listIDs: [Int64]? = nil) async throws -> String {
        try renderer.render(try await explanation(row: row, listIDs: listIDs), model: register.model, format: format, language: language,
                            links: links, notice: notice, detail: detail)
    }

    /// The card of register row `row` as UTF-8 bytes (``CardRenderer/renderUTF8(_:model:format:language:links:notice:detail:)``):
    /// what ``issue(row:_:gate:store:at:lookup:)`` hands the service to send.
    /// - Throws: as ``render(row:format:language:notice:detail:listIDs:)``.
    public func renderUTF8(row: Int, format: CardFormat, language: String, notice: CardNotice? = nil, detail: CardDetail = .full,
                           listIDs: [Int64]? = nil) async throws -> [UInt8] {
        try renderer.renderUTF8(try await explanation(row: row, listIDs: listIDs), model: register.model, format: format, language: language,
                                links: links, notice: notice, detail: detail)
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
        /// The JSON card's form; ``CardDetail/summary`` only with ``CardFormat/json``.
        public var detail: CardDetail

        public init(unit: String, code: String, client: String, format: CardFormat, language: String, channel: String,
                    detail: CardDetail = .full) {
            self.unit = unit
            self.code = code
            self.client = client
            self.format = format
            self.language = language
            self.channel = channel
            self.detail = detail
        }

        /// The format as the card's record and audit entry name it: `json-summary` for the summary card,
        /// so the record says which form was shown.
        public var recordedFormat: String {
            detail == .summary && format == .json ? "json-summary" : format.rawValue
        }
    }

    /// Verifies the code, passes the gate, renders and records the card, and returns it (UTF-8).
    ///
    /// The code, the board's latest decision and the model's list ids come from one read of the store
    /// (``TilsynDatabase/cardLookup(unit:fingerprint:)``), not three.
    /// - Throws: ``CardRefusal``; ``JobError/notApproved(_:)``; the store's errors.
    public func disclose(_ request: Request, gate: ApprovalGate, store: TilsynDatabase, at: Date) async throws -> [UInt8] {
        guard CardTexts.languages.contains(request.language) else {
            throw JobError.invalid(.language, value: request.language, expected: "da or en")
        }
        let lookup = try await store.cardLookup(unit: request.unit, fingerprint: register.model.fingerprint)
        let row = try await AccessCheck(register: register, store: store).verify(unit: request.unit, code: request.code, client: request.client,
                                                                                 at: at, matches: lookup.codeMatches(request.code))
        return try await issue(row: row, request, gate: gate, store: store, at: at, lookup: lookup)
    }

    /// Passes the gate, renders and records the card of a unit whose code was already verified (by
    /// ``disclose(_:gate:store:at:)``, or by the service's short-lived session for that unit).
    /// - Parameter lookup: the store's answers for this card when already read (else read here, once).
    /// - Throws: ``JobError/notApproved(_:)``; the store's errors.
    public func issue(row: Int, _ request: Request, gate: ApprovalGate, store: TilsynDatabase, at: Date, lookup read: CardLookup? = nil) async throws -> [UInt8] {
        let fingerprint = register.model.fingerprint
        let lookup: CardLookup
        if let read { lookup = read } else { lookup = try await store.cardLookup(unit: request.unit, fingerprint: fingerprint) }
        var notice: CardNotice?
        do {
            try gate.check(register.model, latestDecision: lookup.latestDecision)
        } catch JobError.notApproved(let refusal) {
            // A company already on an issued list keeps the card that explains why, labelled as such.
            guard let list = try await list(for: request.unit, listIDs: lookup.listIDs), list.row(of: request.unit) != nil else {
                throw JobError.notApproved(refusal)
            }
            notice = .approvalWithdrawn(listAsOf: list.asOf)
        }
        let text = try await renderUTF8(row: row, format: request.format, language: request.language, notice: notice, detail: request.detail,
                                        listIDs: lookup.listIDs)
        try await store.recordCardIssued(unit: request.unit, fingerprint: fingerprint, channel: request.channel,
                                         language: request.language, format: request.recordedFormat, actor: "company", at: at)
        return text
    }
}

/// Which issued list cards are about.
public enum CardLists: Sendable {
    /// No list: each card says it is about no list and shows no cut-off.
    case none
    /// One list, read from its file (`tilsyn explain --list`).
    case file(IssuedList)
    /// The store's lists: the one with `id`, else the newest that contains the unit.
    case store(TilsynDatabase, id: Int64?)
}

extension CardLists {
    /// The as-of date of the list cards are about when no unit is named: the file's, the store's list
    /// with the id, or the store's newest list; `nil` without a list.
    /// - Throws: the store's errors.
    public func asOf(unit: String?) async throws -> String? {
        switch self {
        case .none: return nil
        case .file(let list): return list.asOf
        case .store(let store, let id):
            if let id { return try await store.list(id: id)?.asOf }
            return try await store.lists().first?.asOf
        }
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
        try await verify(unit: unit, code: code, client: client, at: at, matches: try await store.verifyAccessCode(unit: unit, code: code))
    }

    /// As ``verify(unit:code:client:at:)``, with the code already compared (``CardLookup/codeMatches(_:)``).
    public func verify(unit: String, code: String, client: String, at: Date, matches: Bool) async throws -> Int {
        guard matches else {
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
