import Hummingbird
import TilsynCore
import TilsynReports
import TilsynStore

/// Answers a company's request for its own card: the only place a card leaves the service.
///
/// The order of the checks is the point:
/// 1. the ids are well-formed (so nothing odd reaches the store or a log),
/// 2. the client has lookups left, and wrong codes left for this unit (so codes cannot be guessed at speed,
///    and nobody but the client itself can spend its allowance; the first refusal of a run is audited),
/// 3. the code belongs to the unit (a wrong code and an unknown unit get the same answer, and both are
///    audited as failed lookups),
/// 4. the board's approval still stands (a rejection takes effect without a restart),
/// 5. the card is recorded as issued, and only then returned — a card that could not be recorded is not shown.
struct CardDesk: Sendable {
    let served: ServedModel
    let store: StoreGateway
    let limiter: LookupLimiter?
    let clock: ServiceClock
    let renderer: CardRenderer
    let configuration: ServiceConfiguration

    /// How the card was asked for, recorded with it.
    enum Channel: String { case web, api }

    /// A verified unit: its register row (the code matched).
    struct Verified {
        var unit: String
        var row: Int
    }

    /// Checks 1–3 for a unit and its code; shared with corrections, which need the same proof.
    func verify(unit: String, code: String, client: String) async throws -> Verified {
        try Identifier.check(unit, field: "unit")
        try Identifier.checkCode(code)
        let at = clock.timestamp()
        if let limiter {
            let admission = limiter.admitNoting(client: client, unit: unit, now: clock.seconds())
            if case .limited(let wait) = admission.decision {
                // The first refusal of a run is audited; the rest of a flood would only flood the log.
                if let by = admission.firstRefusalBy {
                    try await store.run { try $0.recordFailedLookup(unit: unit, client: client, reason: "rate limit (\(by))", at: at) }
                }
                throw HTTPError(.tooManyRequests, headers: [.retryAfter: String(wait)],
                                message: "Too many lookups; try again in \(wait) seconds.")
            }
        }
        let matches = try await store.run { try $0.verifyAccessCode(unit: unit, code: code) }
        guard matches else {
            limiter?.recordWrongCode(client: client, unit: unit, now: clock.seconds())
            try await store.run { try $0.recordFailedLookup(unit: unit, client: client, reason: "unit and access code do not match", at: at) }
            throw Self.noMatch
        }
        guard let row = served.row(of: unit) else {
            // The code is right, so the company may learn that its unit is missing from this register.
            throw HTTPError(.notFound, message: "Your access code is valid, but unit \(unit) is not in the register this service has loaded (data as of \(configuration.asOf)).")
        }
        return Verified(unit: unit, row: row)
    }

    /// The same answer for an unknown unit and a wrong code, so neither can be told from the other.
    static let noMatch = HTTPError(.notFound, message: "No card matches this unit id and access code.")

    /// Checks 4–5 and the card in `format` and `language`.
    func card(unit: String, code: String, client: String, format: CardFormat, language: String, channel: Channel) async throws -> String {
        guard CardTexts.languages.contains(language) else {
            throw HTTPError(.badRequest, message: "The language must be da or en.")
        }
        let verified = try await verify(unit: unit, code: code, client: client)
        try await ApprovalCheck.require(served: served, store: store, allowUnapproved: configuration.allowUnapproved)
        let explanation = try served.explainer.card(served.prepared, row: verified.row, scores: served.scores,
                                                    asOf: configuration.asOf, cutoff: configuration.cardCutoff)
        let text = try renderer.render(explanation, model: served.model, format: format, language: language,
                                       modelCard: configuration.modelCardLink)
        let fingerprint = served.model.fingerprint, at = clock.timestamp()
        try await store.run {
            try $0.recordCardIssued(unit: verified.unit, fingerprint: fingerprint, channel: channel.rawValue, language: language,
                                    format: format.rawValue, actor: "company", at: at)
        }
        return text
    }
}

/// The board's approval, checked on every card and list so a rejection takes effect without a restart.
enum ApprovalCheck {
    static func status(served: ServedModel, store: StoreGateway, allowUnapproved: Bool) async throws -> ApprovalStatus? {
        let fingerprint = served.model.fingerprint
        let record = try await store.run { try StoreApprovalLookup(database: $0).approval(fingerprint: fingerprint) }
        if let record { return .approved(record) }
        return allowUnapproved ? .unapprovedAllowed : nil
    }

    /// - Throws: 503 with a sentence when the model's latest decision is not an approval.
    @discardableResult
    static func require(served: ServedModel, store: StoreGateway, allowUnapproved: Bool) async throws -> ApprovalStatus {
        guard let status = try await status(served: served, store: store, allowUnapproved: allowUnapproved) else {
            throw HTTPError(.serviceUnavailable, message: "The model in use does not have the board's approval at present, so no cards or lists are issued.")
        }
        return status
    }
}
