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
/// 2. the client and the unit still have lookups left (so codes cannot be guessed at speed; the first
///    refusal of a run is audited),
/// 3. then the job: the code belongs to the unit, the board's approval still stands, the card is
///    recorded as issued and only then returned.
struct CardDesk: Sendable {
    let served: ServedModel
    let store: TilsynDatabase
    let limiter: LookupLimiter?
    let clock: ServiceClock
    let gate: ApprovalGate
    let cards: DiscloseCard

    /// How the card was asked for, recorded with it.
    enum Channel: String { case web, api }

    init(served: ServedModel, store: TilsynDatabase, limiter: LookupLimiter?, clock: ServiceClock, renderer: CardRenderer,
         configuration: ServiceConfiguration) {
        self.served = served
        self.store = store
        self.limiter = limiter
        self.clock = clock
        self.gate = ApprovalGate(store: store, allowUnapproved: configuration.allowUnapproved)
        self.cards = DiscloseCard(register: served.register, renderer: renderer, asOf: configuration.asOf,
                                  cutoff: configuration.cardCutoff, modelCardLink: configuration.modelCardLink)
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

    /// The card in `format` and `language`.
    func card(unit: String, code: String, client: String, format: CardFormat, language: String, channel: Channel) async throws -> String {
        guard CardTexts.languages.contains(language) else {
            throw HTTPError(.badRequest, message: "The language must be da or en.")
        }
        try await admit(unit: unit, code: code, client: client)
        return try await ServicePhrasing.answering {
            try await cards.disclose(.init(unit: unit, code: code, client: client, format: format, language: language, channel: channel.rawValue),
                                     gate: gate, store: store, at: clock.now())
        }
    }

    /// A correction request, after the same checks as a card.
    func correction(_ request: RecordCorrection.Request) async throws -> CorrectionRecord {
        try await admit(unit: request.unit, code: request.code, client: request.client)
        return try await ServicePhrasing.answering {
            try await RecordCorrection(access: AccessCheck(register: served.register, store: store)).run(request, at: clock.now())
        }
    }
}

/// The answers a company gets when its lookup fails.
enum CardDeskAnswers {
    /// The same answer for an unknown unit and a wrong code, so neither can be told from the other.
    static let noMatch = HTTPError(.notFound, message: "No card matches this unit id and access code.")
}
