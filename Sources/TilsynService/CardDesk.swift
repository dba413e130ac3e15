import Foundation
import Hummingbird
import TilsynApplication
import TilsynCore
import TilsynReports
import TilsynStore

/// The service's door to a company's own card and corrections: the checks only a web service needs
/// (well-formed ids, rate limits), then the application's ``DiscloseCard`` and ``RecordCorrection``.
///
/// The order of the checks is the point:
/// 1. the ids are well-formed (so nothing odd reaches the store or a log),
/// 2. the client has lookups left, and wrong codes left for this unit (so codes cannot be guessed at speed,
///    and nobody but the client itself can spend its allowance; the first refusal of a run is audited),
/// 3. then the job: the code belongs to the unit, the board's approval still stands, the card is
///    recorded as issued and only then returned.
struct CardDesk: Sendable {
    let served: ServedModel
    let store: TilsynDatabase
    let limiter: LookupLimiter?
    let clock: ServiceClock
    let gate: ApprovalGate
    let cards: DiscloseCard
    /// Browsers that have just proved a unit's code (see ``CardSessions``).
    let sessions = CardSessions()

    /// How the card was asked for, recorded with it.
    enum Channel: String { case web, api }

    init(served: ServedModel, store: TilsynDatabase, limiter: LookupLimiter?, clock: ServiceClock, renderer: CardRenderer,
         configuration: ServiceConfiguration) {
        self.served = served
        self.store = store
        self.limiter = limiter
        self.clock = clock
        self.gate = ApprovalGate(store: store, allowUnapproved: configuration.allowUnapproved)
        // A company's card is about the newest list of this model it is on (else the newest list, which it is not on).
        self.cards = DiscloseCard(register: served.register, renderer: renderer, lists: .store(store, id: nil), asOf: configuration.asOf,
                                  links: configuration.cardLinks)
    }

    /// Checks 1–2, shared by cards and corrections.
    func admit(unit: String, code: String, client: String) async throws {
        try Identifier.check(unit, field: "unit")
        try Identifier.checkCode(code)
        guard let limiter else { return }
        let admission = limiter.admitNoting(client: client, unit: unit, now: clock.seconds())
        if case .limited(let wait) = admission.decision {
            // The first refusal of a run is audited; the rest of a flood would only flood the log.
            if let by = admission.firstRefusalBy {
                try await store.recordFailedLookup(unit: unit, client: client, reason: "rate limit (\(by))", at: clock.now())
            }
            throw HTTPError(.tooManyRequests, headers: [.retryAfter: String(wait)], message: "Too many lookups; try again in \(wait) seconds.")
        }
    }

    /// The card in `format` and `language`, as UTF-8 bytes (sent as they are).
    func card(unit: String, code: String, client: String, format: CardFormat, language: String, channel: Channel,
              detail: CardDetail = .full) async throws -> [UInt8] {
        guard CardTexts.languages.contains(language) else {
            throw HTTPError(.badRequest, message: "The language must be da or en.")
        }
        try await admit(unit: unit, code: code, client: client)
        return try await ServicePhrasing.answering { try await chargingWrongCodes(unit: unit, client: client) {
            try await cards.disclose(.init(unit: unit, code: code, client: client, format: format, language: language, channel: channel.rawValue,
                                           detail: detail),
                                     gate: gate, store: store, at: clock.now())
        } }
    }

    /// The card of the unit a live session names, without the code again; `nil` when the session is gone.
    func card(session token: String?, client: String, language: String) async throws -> (unit: String, html: String)? {
        guard CardTexts.languages.contains(language) else { throw HTTPError(.badRequest, message: "The language must be da or en.") }
        guard let unit = sessions.unit(token: token, now: clock.seconds()), let row = served.register.row(of: unit) else { return nil }
        let html = try await ServicePhrasing.answering {
            try await cards.issue(row: row, .init(unit: unit, code: "", client: client, format: .html, language: language, channel: Channel.web.rawValue),
                                  gate: gate, store: store, at: clock.now())
        }
        return (unit, String(decoding: html, as: UTF8.self))
    }

    /// The unit a live session names, if any.
    func sessionUnit(_ token: String?) -> String? { sessions.unit(token: token, now: clock.seconds()) }

    /// A correction request's status, for the company that sent it: the same checks as a card, and the
    /// request must be the unit's own (another unit's reference gets the same answer as a wrong code).
    func correctionStatus(unit: String, code: String, client: String, reference: Int64) async throws -> CorrectionRecord {
        try await admit(unit: unit, code: code, client: client)
        return try await ServicePhrasing.answering {
            _ = try await AccessCheck(register: served.register, store: store).verify(unit: unit, code: code, client: client, at: clock.now())
            guard let record = try await store.correction(id: reference), record.unit == unit else { throw CardRefusal.noMatch }
            return record
        }
    }

    /// A correction request, after the same checks as a card.
    func correction(_ request: RecordCorrection.Request) async throws -> CorrectionRecord {
        try await admit(unit: request.unit, code: request.code, client: request.client)
        return try await ServicePhrasing.answering { try await chargingWrongCodes(unit: request.unit, client: request.client) {
            try await RecordCorrection(access: AccessCheck(register: served.register, store: store)).run(request, at: clock.now())
        } }
    }

    /// Runs `job`, charging a wrong code to the client's allowance for the unit (``LookupLimiter``) before
    /// passing the refusal on.
    private func chargingWrongCodes<T>(unit: String, client: String, _ job: () async throws -> T) async throws -> T {
        do {
            return try await job()
        } catch CardRefusal.noMatch {
            limiter?.recordWrongCode(client: client, unit: unit, now: clock.seconds())
            throw CardRefusal.noMatch
        }
    }
}

/// The answers a company gets when its lookup fails.
enum CardDeskAnswers {
    /// The same answer for an unknown unit and a wrong code, so neither can be told from the other.
    static let noMatch = HTTPError(.notFound, message: "No card matches this unit id and access code.")
}
