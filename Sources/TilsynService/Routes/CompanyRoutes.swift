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
        router.get("/company/card") { request, context in try await sessionCard(request, context) }
        router.get("/company/correction") { request, _ in
            try Query.refuseCode(request)
            let language = try language(request)
            return Reply.html(parts.pages.correction(language: language, fields: fields(language), form: sessionForm(request, language: language)))
        }
        router.post("/company/correction") { request, context in try await webCorrection(request, context) }
        router.get("/company/requests") { request, _ in
            try Query.refuseCode(request)
            return Reply.html(parts.pages.status(language: try language(request)))
        }
        router.post("/company/requests") { request, context in try await webStatus(request, context) }

        let api = router.group("/api/v1/company")
        api.post("/card") { request, context in
            try Query.refuseCode(request)
            let body = try await request.decode(as: CardRequest.self, context: context)
            let format = try cardFormat(body.format ?? "json")
            let detail = try cardDetail(body.detail, format: format)
            let card = try await parts.cards.card(
                unit: body.unit, code: body.code, client: client(request, context), format: format,
                language: body.language ?? "da", channel: .api, detail: detail)
            return Reply.utf8(card, contentType: Reply.contentType(format.rawValue))
        }
        api.post("/corrections") { request, context in
            try Query.refuseCode(request)
            let body = try await request.decode(as: CorrectionRequest.self, context: context)
            return try Reply.json(try await submit(body, request, context), status: .created)
        }
    }

    // MARK: HTML form handlers: errors become the same page again, in its language, with what was typed.

    private func webCard(_ request: Request, _ context: ServiceContext) async throws -> Response {
        try Query.refuseCode(request)
        var language = "da"
        var unit = ""
        do {
            let form = try await request.decode(as: PageForm.self, context: context)
            language = try form.pageLanguage()
            unit = form.unit ?? ""
            let code = try form.required(form.code, label: "code_label")
            unit = try form.required(form.unit, label: "unit_label")
            let card = try await parts.cards.card(unit: unit, code: code, client: client(request, context),
                                                  format: .html, language: language, channel: .web)
            // The code is proved: a short-lived session for this unit lets the company switch language
            // or open the correction form without typing the code again.
            let token = parts.cards.sessions.open(unit: unit, now: parts.clock.seconds())
            var headers = HTTPFields()
            headers[.setCookie] = CardSessions.cookie(token)
            return Reply.html(parts.pages.cardPage(String(decoding: card, as: UTF8.self), language: language), headers: headers)
        } catch {
            let (status, headers, sentence) = try pageAnswer(error, language: language)
            return Reply.html(parts.pages.entry(language: language, error: sentence, unit: unit), status: status, headers: headers)
        }
    }

    /// The card again, in the language asked for, for the unit of the browser's session.
    private func sessionCard(_ request: Request, _ context: ServiceContext) async throws -> Response {
        try Query.refuseCode(request)
        let language = try language(request)
        do {
            guard let card = try await parts.cards.card(session: sessionToken(request), client: client(request, context), language: language) else {
                return Reply.html(parts.pages.entry(language: language, error: parts.pages.text("err_session", language: language)))
            }
            return Reply.html(parts.pages.cardPage(card.html, language: language))
        } catch {
            let (status, headers, sentence) = try pageAnswer(error, language: language)
            return Reply.html(parts.pages.entry(language: language, error: sentence), status: status, headers: headers)
        }
    }

    private func webCorrection(_ request: Request, _ context: ServiceContext) async throws -> Response {
        try Query.refuseCode(request)
        var language = "da"
        var typed = CompanyPages.CorrectionForm()
        do {
            let form = try await request.decode(as: PageForm.self, context: context)
            language = try form.pageLanguage()
            typed.unit = form.unit ?? ""
            typed.field = form.field
            typed.claimedValue = form.claimedValue ?? ""
            typed.message = form.message ?? ""
            typed.contact = form.contact ?? ""
            let body = CorrectionRequest(
                unit: try form.required(form.unit, label: "unit_label"), code: try form.required(form.code, label: "code_label"),
                field: try form.required(form.field, label: "field_label"), claimedValue: try form.required(form.claimedValue, label: "claimed_label"),
                message: try form.required(form.message, label: "message_label"), contact: form.contact, language: language)
            let receipt = try await submit(body, request, context)
            let text = parts.pages.text("received_text", language: language, ["id": receipt.id])
            return Reply.html(parts.pages.message(language: language, heading: parts.pages.text("received_title", language: language),
                                                  message: text, isError: false, back: "/company?lang=\(language)",
                                                  link: ("/company/requests?lang=\(language)", parts.pages.text("status_link", language: language))),
                              status: .created)
        } catch {
            let (status, headers, sentence) = try pageAnswer(error, language: language)
            return Reply.html(parts.pages.correction(language: language, fields: fields(language), error: sentence, form: typed),
                              status: status, headers: headers)
        }
    }

    /// A correction request's status, shown with the unit's code and the receipt's reference.
    private func webStatus(_ request: Request, _ context: ServiceContext) async throws -> Response {
        try Query.refuseCode(request)
        var language = "da"
        var unit = "", reference = ""
        do {
            let form = try await request.decode(as: PageForm.self, context: context)
            language = try form.pageLanguage()
            unit = form.unit ?? ""
            reference = form.reference ?? ""
            let code = try form.required(form.code, label: "code_label")
            unit = try form.required(form.unit, label: "unit_label")
            guard let id = Int64(try form.required(form.reference, label: "reference_label")), id > 0 else { throw PageProblem(key: "err_bad_reference") }
            let record = try await parts.cards.correctionStatus(unit: unit, code: code, client: client(request, context), reference: id)
            let fieldText = fields(language).first { $0.name == record.field }?.text ?? record.field
            let status = parts.pages.text("status_text", language: language, [
                "id": String(record.id), "field": fieldText, "submitted": CompanyPages.date(String(ISOTime.text(record.submittedAt).prefix(10)), language: language),
                "status": parts.pages.text("status_\(record.status.rawValue)", language: language),
            ])
            let note = record.statusNote.isEmpty ? nil : parts.pages.text("status_note", language: language, ["note": record.statusNote])
            return Reply.html(parts.pages.status(language: language, status: status, note: note, unit: unit, reference: reference))
        } catch {
            let (status, headers, sentence) = try pageAnswer(error, language: language)
            return Reply.html(parts.pages.status(language: language, error: sentence, unit: unit, reference: reference), status: status, headers: headers)
        }
    }

    /// A failure as a company page states it: the status and headers of the API's answer, and a sentence
    /// in the page's language. Faults are rethrown (the error middleware answers them).
    private func pageAnswer(_ error: any Error, language: String) throws -> (HTTPResponse.Status, HTTPFields, String) {
        func say(_ key: String, _ values: [String: Any] = [:]) -> String { parts.pages.text(key, language: language, values) }
        if let problem = error as? PageProblem {
            let label = problem.label.map { say($0) } ?? ""
            return (.badRequest, [:], say(problem.key, ["field": label]))
        }
        guard let http = ServicePhrasing.httpError(for: error) else { throw error }
        let english = http.body ?? ""
        let key: String
        var values: [String: Any] = [:]
        switch http.status.code {
        case 404: key = english == CardDeskAnswers.noMatch.body ? "err_no_match" : "err_not_in_register"
        case 429:
            key = "err_rate_limited"
            let seconds = http.headers[.retryAfter] ?? "?"
            values = ["seconds": seconds, "seconds_word": say(seconds == "1" ? "second" : "seconds")]
        // A busy store says when to retry; a model without approval does not.
        case 503: key = http.headers[.retryAfter] != nil ? "err_busy" : "err_not_available"
        case 400:
            let labels = ["field": "field_label", "claimed_value": "claimed_label", "message": "message_label", "contact": "contact_label"]
            let first = String(english.split(separator: " ").first ?? "")
            if english.hasPrefix("The unit") { key = "err_bad_unit" }
            else if english.hasPrefix("The access code") { key = "err_bad_code" }
            else if let label = labels[first] {
                key = english.contains("at most") ? "err_too_long" : english.contains("control characters") ? "err_control" : "err_empty"
                values = ["field": say(label)]
            } else { key = "err_bad_form" }
        default: key = "err_other"
        }
        return (http.status, http.headers, say(key, values))
    }

    /// The browser's card session token, from its cookie.
    private func sessionToken(_ request: Request) -> String? {
        request.cookies[CardSessions.cookieName]?.value
    }

    /// The correction form as a card line's link (`?field=`) opens it: that line chosen; and with the
    /// browser's card session, the unit and the line's current value as the card shows it. The code is
    /// never in the address: the session cookie names the unit.
    private func sessionForm(_ request: Request, language: String) -> CompanyPages.CorrectionForm {
        var form = CompanyPages.CorrectionForm()
        let features = parts.served.model.spec.features
        let index = request.uri.queryParameters.get("field").flatMap { field in features.firstIndex { $0.name == field && $0.isDisclosed } }
        if let index { form.field = features[index].name }
        guard let unit = parts.cards.sessionUnit(sessionToken(request)), let row = parts.served.register.row(of: unit) else { return form }
        form.unit = unit
        if let index {
            let raw = parts.served.register.explainer.rawValue(parts.served.register.prepared, feature: index, row: row)
            form.current = raw.display.map { CardRenderer.shownValue($0, spec: features[index], language: language) }
                ?? parts.pages.text("current_missing", language: language)
        }
        return form
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

    /// The JSON card's form: `full` unless `summary` is asked for, which only a JSON card has.
    private func cardDetail(_ text: String?, format: CardFormat) throws -> CardDetail {
        guard let text else { return .full }
        guard let detail = CardDetail(rawValue: text) else { throw HTTPError(.badRequest, message: "detail must be full or summary.") }
        if detail == .summary && format != .json {
            throw HTTPError(.badRequest, message: "detail summary is a form of the JSON card only; leave detail out or ask for format json.")
        }
        return detail
    }

    private func client(_ request: Request, _ context: ServiceContext) -> String {
        ClientAddress.of(request, context: context, trusting: parts.configuration.trustedProxies)
    }

    /// The card items a company may dispute, with their texts in `language`.
    private func fields(_ language: String) -> [(name: String, text: String)] {
        parts.served.model.spec.features.filter(\.isDisclosed).map { f in
            (f.name, (language == "en" ? f.text?.en : f.text?.da) ?? f.name)
        }
    }
}
