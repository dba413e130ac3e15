import Foundation
import Hummingbird
import HummingbirdAuth
import TilsynApplication
import TilsynCore
import TilsynReports
import TilsynStore

/// The ethics board: the model card of the model in use, the validation and fairness reports it was
/// started with, and the board's decisions (recorded by the same job as `tilsyn approve`, under the name of
/// the bearer token's holder; a request cannot name who decided). Reads are audited.
struct BoardRoutes {
    let parts: ServiceParts

    func register(on router: Router<ServiceContext>) {
        let group = router.group("/api/v1/board")
            .add(middleware: TokenAuthenticator(store: parts.store, clock: parts.clock))
            .add(middleware: RequireRoleMiddleware(role: .board))

        group.get("/model-card") { request, context in
            let caller = try context.requireIdentity()
            let format = try Query.choice(request, "format", ["json", "md", "html"], default: "json")
            let language = try Query.choice(request, "lang", CardTexts.languages, default: "da")
            let text = try await ModelCardPage.render(parts, format: format, language: language)
            try await audit("modelcard.viewed", caller, subject: "model:\(parts.served.model.fingerprint)", detail: "\(format) \(language)")
            return Reply.text(text, contentType: Reply.contentType(format))
        }
        group.get("/reports/validation") { request, context in
            let caller = try context.requireIdentity()
            let format = try Query.choice(request, "format", ["json", "md", "html"], default: "json")
            let language = try Query.choice(request, "lang", CardTexts.languages, default: "da")
            guard let loaded = parts.served.validation else {
                throw HTTPError(.notFound, message: "The service was started without a validation report (--validation).")
            }
            try await audit("report.viewed", caller, subject: "model:\(parts.served.model.fingerprint)", detail: "validation \(format) \(language)")
            switch format {
            case "md": return Reply.text(try loaded.report.markdown(language: language), contentType: Reply.contentType(format))
            case "html": return Reply.text(try loaded.report.html(language: language), contentType: Reply.contentType(format))
            default: return Reply.bytes(loaded.bytes, contentType: Reply.contentType(format))
            }
        }
        group.get("/reports/fairness") { request, context in
            let caller = try context.requireIdentity()
            let format = try Query.choice(request, "format", ["json", "md", "html"], default: "json")
            let language = try Query.choice(request, "lang", CardTexts.languages, default: "da")
            guard let loaded = parts.served.fairness else {
                throw HTTPError(.notFound, message: "The service was started without a fairness report (--fairness).")
            }
            try await audit("report.viewed", caller, subject: "model:\(parts.served.model.fingerprint)", detail: "fairness \(format) \(language)")
            switch format {
            case "md": return Reply.text(try loaded.report.markdown(language: language), contentType: Reply.contentType(format))
            case "html": return Reply.text(try loaded.report.html(language: language), contentType: Reply.contentType(format))
            default: return Reply.bytes(loaded.bytes, contentType: Reply.contentType(format))
            }
        }
        group.get("/reports/drift") { request, context in
            let caller = try context.requireIdentity()
            let format = try Query.choice(request, "format", ["json", "md"], default: "json")
            let language = try Query.choice(request, "lang", CardTexts.languages, default: "da")
            guard let loaded = parts.served.drift else {
                throw HTTPError(.notFound, message: "The service was started without a drift report (--drift).")
            }
            try await audit("report.viewed", caller, subject: "model:\(parts.served.model.fingerprint)", detail: "drift \(format) \(language)")
            return format == "md" ? Reply.text(try loaded.report.markdown(language: language), contentType: Reply.contentType(format))
                                  : Reply.bytes(loaded.bytes, contentType: Reply.contentType(format))
        }
        group.get("/reports/yearly") { request, context in
            let caller = try context.requireIdentity()
            let year = try YearlyQuery.year(request)
            let format = try Query.choice(request, "format", ["json", "md", "html"], default: "json")
            let language = try Query.choice(request, "lang", CardTexts.languages, default: "da")
            // The same job as `tilsyn report --year`, over the store as it is now; the fairness report the
            // service was started with is the one the account can summarise (the store keeps none).
            let fairness = parts.served.fairness.map { [(file: $0.file ?? "--fairness", report: $0.report)] } ?? []
            let account = try await BuildYearlyAccount(store: parts.store)
                .run(year: year, storeName: parts.configuration.storeName, fairness: fairness, now: parts.clock.now())
            try await audit("report.viewed", caller, subject: nil, detail: "yearly \(year) \(format) \(language)")
            switch format {
            case "md": return Reply.text(try account.markdown(language: language), contentType: Reply.contentType(format))
            case "html": return Reply.text(try account.html(language: language), contentType: Reply.contentType(format))
            default: return try Reply.json(account)
            }
        }
        group.get("/reports/challenger") { request, context in
            let caller = try context.requireIdentity()
            let format = try Query.choice(request, "format", ["json", "md", "html"], default: "json")
            let language = try Query.choice(request, "lang", CardTexts.languages, default: "da")
            guard let loaded = parts.served.challenger else {
                throw HTTPError(.notFound, message: "The service was started without a challenger report (--challenger).")
            }
            try await audit("report.viewed", caller, subject: "model:\(loaded.report.challenger.fingerprint)", detail: "challenger \(format) \(language)")
            switch format {
            case "md": return Reply.text(try loaded.report.markdown(language: language), contentType: Reply.contentType(format))
            case "html": return Reply.text(try loaded.report.html(language: language), contentType: Reply.contentType(format))
            default: return Reply.bytes(loaded.bytes, contentType: Reply.contentType(format))
            }
        }
        group.get("/approvals") { _, context in
            _ = try context.requireIdentity()
            let fingerprint = parts.served.model.fingerprint
            let decisions = try await parts.store.decisions(fingerprint: fingerprint)
            return try Reply.json(decisions)
        }
        group.post("/approvals") { request, context in
            _ = try context.requireIdentity()
            let body = try await request.decode(as: ApprovalRequest.self, context: context)
            guard let decision = ApprovalDecision(rawValue: body.decision) else {
                throw HTTPError(.badRequest, message: "decision must be approved or rejected.")
            }
            guard body.decidedBy == nil else {
                throw HTTPError(.badRequest, message: "decided_by is not accepted: a decision is recorded under the name of the bearer token's holder.")
            }
            try FreeText.check(body.note, field: "note", max: 2000, required: true)
            // The job checks the bearer token again and records the decision under its holder's name,
            // exactly as `tilsyn approve --token` does; the middleware's check is only the door.
            let recorded = try await ServicePhrasing.answering {
                try await RecordDecision(store: parts.store)
                    .run(model: parts.served.model, decision: decision, token: request.headers.bearer?.token, note: body.note, at: parts.clock.now())
            }
            return try Reply.json(recorded, status: .created)
        }
    }

    private func audit(_ event: String, _ caller: Caller, subject: String?, detail: String) async throws {
        _ = try await parts.store.audit(event: event, actor: caller.name, subject: subject, detail: detail, at: parts.clock.now())
    }
}

/// The model card of the model in use, with the validation, fairness and drift summaries the service was
/// started with and the board's latest decision from the store (read per request, so a decision recorded
/// a moment ago shows at once).
enum ModelCardPage {
    static func render(_ parts: ServiceParts, format: String, language: String) async throws -> String {
        let served = parts.served
        let card = try await BuildModelCard(store: parts.store).run(
            model: served.model,
            reports: .init(validation: served.validation?.report, fairness: served.fairness?.report, drift: served.drift?.report))
        switch format {
        case "md": return try card.markdown(language: language)
        case "html": return try card.html(language: language)
        default:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            return String(decoding: try encoder.encode(card), as: UTF8.self) + "\n"
        }
    }
}

/// The yearly account's `year` query parameter: required, a calendar year as `tilsyn report --year` takes it.
enum YearlyQuery {
    static func year(_ request: Request) throws -> Int {
        guard let given = request.uri.queryParameters["year"].map(String.init) else {
            throw HTTPError(.badRequest, message: "The query parameter 'year' is required: the calendar year of the account, such as 2026.")
        }
        guard given.count == 4, given.allSatisfy(\.isASCII), let year = Int(given), (2000...2200).contains(year) else {
            throw HTTPError(.badRequest, message: "The query parameter 'year' must be a calendar year from 2000 to 2200, such as 2026.")
        }
        return year
    }
}
