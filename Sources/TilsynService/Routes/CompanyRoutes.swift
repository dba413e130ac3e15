import Foundation
import Hummingbird
import TilsynApplication
import TilsynCore
import TilsynReports
import TilsynStore

/// The company self-service: HTML pages and the JSON API, both behind the unit's access code.
///
/// The code travels only in POST bodies. Every answer to a wrong code is the same whether the unit exists
/// or not; every card shown is recorded first (``CardDesk``).
struct CompanyRoutes {
    let parts: ServiceParts

    func register(on router: Router<ServiceContext>) {
        router.get("/") { _, _ in Response(status: .seeOther, headers: [.location: "/company"]) }
        router.get("/company") { request, _ in
            try Query.refuseCode(request)
            return Reply.html(parts.pages.entry(language: try language(request)))
        }
        router.post("/company/card") { request, context in try await webCard(request, context) }
        router.get("/company/correction") { request, _ in
            try Query.refuseCode(request)
            let language = try language(request)
            return Reply.html(parts.pages.correction(language: language, fields: fields(language)))
        }
        router.post("/company/correction") { request, context in try await webCorrection(request, context) }

        let api = router.group("/api/v1/company")
        api.post("/card") { request, context in
            try Query.refuseCode(request)
            let body = try await request.decode(as: CardRequest.self, context: context)
            let format = try cardFormat(body.format ?? "json")
            let text = try await parts.cards.card(
                unit: body.unit, code: body.code, client: client(request, context), format: format,
                language: body.language ?? "da", channel: .api)
            return Reply.text(text, contentType: Reply.contentType(format.rawValue))
        }
        api.post("/corrections") { request, context in
            try Query.refuseCode(request)
            let body = try await request.decode(as: CorrectionRequest.self, context: context)
            return try Reply.json(try await submit(body, request, context), status: .created)
        }
    }

    // MARK: HTML form handlers: errors become a page with the same status and headers.

    private func webCard(_ request: Request, _ context: ServiceContext) async throws -> Response {
        try Query.refuseCode(request)
        var language = "da"
        do {
            let body = try await request.decode(as: CardRequest.self, context: context)
            language = CompanyPages.language(body.language)
            let card = try await parts.cards.card(unit: body.unit, code: body.code, client: client(request, context),
                                                  format: .html, language: language, channel: .web)
            return Reply.html(parts.pages.cardPage(card, language: language))
        } catch let error as HTTPError {
            return Reply.html(parts.pages.entry(language: language, error: error.body), status: error.status, headers: error.headers)
        }
    }

    private func webCorrection(_ request: Request, _ context: ServiceContext) async throws -> Response {
        try Query.refuseCode(request)
        var language = "da"
        do {
            let body = try await request.decode(as: CorrectionRequest.self, context: context)
            language = CompanyPages.language(body.language)
            let receipt = try await submit(body, request, context)
            let text = parts.pages.text("received_text", language: language, ["id": receipt.id])
            return Reply.html(parts.pages.message(language: language, heading: parts.pages.text("received_title", language: language),
                                                  message: text, isError: false, back: "/company?lang=\(language)"), status: .created)
        } catch let error as HTTPError {
            return Reply.html(parts.pages.correction(language: language, fields: fields(language), error: error.body),
                              status: error.status, headers: error.headers)
        }
    }

    // MARK: Shared

    private func submit(_ body: CorrectionRequest, _ request: Request, _ context: ServiceContext) async throws -> CorrectionReceipt {
        // The form offers the card's items and `other`; the API takes any short text, since a company may
        // dispute a register value the card does not name. Inspectors read it; nothing acts on it.
        try FreeText.check(body.field, field: "field", max: 200, required: true)
        try FreeText.check(body.claimedValue, field: "claimed_value", max: 200, required: true)
        try FreeText.check(body.message, field: "message", max: 2000, required: true)
        try FreeText.check(body.contact ?? "", field: "contact", max: 200, required: false)
        let record = try await parts.cards.correction(.init(
            unit: body.unit, code: body.code, client: client(request, context), field: body.field,
            claimedValue: body.claimedValue, message: body.message, contact: body.contact))
        return CorrectionReceipt(id: record.id, status: record.status.rawValue, submittedAt: ISOTime.text(record.submittedAt))
    }

    private func language(_ request: Request) throws -> String {
        try Query.choice(request, "lang", CardTexts.languages, default: "da")
    }

    private func cardFormat(_ text: String) throws -> CardFormat {
        guard let format = CardFormat(rawValue: text) else { throw HTTPError(.badRequest, message: "format must be json, html or md.") }
        return format
    }

    private func client(_ request: Request, _ context: ServiceContext) -> String {
        ClientAddress.of(request, context: context, trustForwardedFor: parts.configuration.trustForwardedFor)
    }

    /// The card items a company may dispute, with their texts in `language`.
    private func fields(_ language: String) -> [(name: String, text: String)] {
        parts.served.model.spec.features.filter(\.isDisclosed).map { f in
            (f.name, (language == "en" ? f.text?.en : f.text?.da) ?? f.name)
        }
    }
}
