import Foundation
import Hummingbird
import HummingbirdAuth
import TilsynApplication
import TilsynCore
import TilsynReports
import TilsynStore

/// Inspectors report back on a list ⚖: their decisions (`POST /api/v1/inspector/lists/{id}/visits`)
/// and the visits' outcomes (`…/outcomes`), through the same jobs as `tilsyn visits record` and
/// `tilsyn outcomes record`; the token holder's name is the recorder in the audit log. The monitoring
/// report is for the board (`GET /api/v1/board/monitor`).
struct CycleRoutes {
    let parts: ServiceParts

    func register(on router: Router<ServiceContext>) {
        let inspector = router.group("/api/v1/inspector")
            .add(middleware: TokenAuthenticator(store: parts.store, clock: parts.clock))
            .add(middleware: RequireRoleMiddleware(role: .inspector))
        inspector.post("/lists/{id}/visits") { request, context in
            let caller = try context.requireIdentity()
            let id = try ListID.parse(context.parameters.require("id"))
            let body = try await request.decode(as: VisitsRequest.self, context: context)
            let drafts = try body.drafts()
            let at = parts.clock.now()
            // Manual rows keep their units' model columns from the register the service has loaded.
            let register = parts.served.register
            let snapshots = try? ManualSnapshots(table: register.table, spec: register.model.spec,
                                                 source: "the register file \((register.registerFile.file as NSString).lastPathComponent) (sha256 \(register.registerFile.sha256))")
            let n = try await Self.refusing {
                try await RecordVisits(store: parts.store).run(listID: id, drafts: drafts, recordedBy: caller.name, at: at, snapshots: snapshots) { "decisions[\($0)]" }
            }
            return try Reply.json(RecordedBody(listID: id, recorded: n), status: .created)
        }
        inspector.post("/lists/{id}/outcomes") { request, context in
            let caller = try context.requireIdentity()
            let id = try ListID.parse(context.parameters.require("id"))
            let body = try await request.decode(as: OutcomesRequest.self, context: context)
            let drafts = try body.drafts()
            let at = parts.clock.now()
            let n = try await Self.refusing { try await RecordOutcomes(store: parts.store).run(listID: id, drafts: drafts, recordedBy: caller.name, at: at) { "outcomes[\($0)]" } }
            return try Reply.json(RecordedBody(listID: id, recorded: n), status: .created)
        }
        let board = router.group("/api/v1/board")
            .add(middleware: TokenAuthenticator(store: parts.store, clock: parts.clock))
            .add(middleware: RequireRoleMiddleware(role: .board))
        board.get("/monitor") { request, context in
            let caller = try context.requireIdentity()
            let format = try Query.choice(request, "format", ["json", "md", "html"], default: "json")
            // The page's language as the other board pages take it; the JSON is the same in both.
            let language = try Query.choice(request, "lang", CardTexts.languages, default: "da")
            let report = try await BuildMonitor(store: parts.store).run()
            _ = try await parts.store.audit(event: "monitor.viewed", actor: caller.name, subject: nil, detail: "\(format) \(language)", at: parts.clock.now())
            switch format {
            case "md": return Reply.text(try report.markdown(language: language), contentType: Reply.contentType(format))
            case "html": return Reply.html(try report.html(language: language))
            default: return try Reply.json(report)
            }
        }
    }

    /// A refusal as the HTTP status it is: 404 for an unknown list, 409 for a second decision or outcome,
    /// 400 otherwise; the sentence as the message.
    static func refusing<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as CycleInputError {
            let status: HTTPResponse.Status = switch error.refusal {
            case .unknownList?: .notFound
            case .alreadyDecided?, .secondOutcome?: .conflict
            default: .badRequest
            }
            // A sentence that starts with the item's field name keeps it as the field is spelled.
            let text = error.description
            let placed = text.hasPrefix("decisions[") || text.hasPrefix("outcomes[")
            throw HTTPError(status, message: placed ? text : text.prefix(1).uppercased() + text.dropFirst())
        }
    }
}

struct RecordedBody: Encodable, Sendable {
    var listID: Int64
    var recorded: Int
    enum CodingKeys: String, CodingKey { case recorded, listID = "list_id" }
}

/// `{"decisions": [{"unit", "status", "reason", "text", "date", "inspector"}]}`.
struct VisitsRequest: Decodable, Sendable {
    struct Decision: Decodable, Sendable {
        var unit: String
        var status: String
        var reason: String?
        var text: String?
        var date: String
        var inspector: String
    }
    var decisions: [Decision]

    func drafts() throws -> [VisitDraft] {
        guard !decisions.isEmpty, decisions.count <= 10_000 else {
            throw HTTPError(.badRequest, message: "decisions must hold 1 to 10000 decisions.")
        }
        return try decisions.enumerated().map { i, d in
            guard let status = VisitStatus(rawValue: d.status) else {
                throw HTTPError(.badRequest, message: "decisions[\(i)].status must be visited, not_visited, deferred or manual.")
            }
            var reason: NonVisitReason?
            if let r = d.reason, !r.isEmpty {
                guard let parsed = NonVisitReason(rawValue: r) else {
                    throw HTTPError(.badRequest, message: "decisions[\(i)].reason must be closed, moved, not_found, capacity or other.")
                }
                reason = parsed
            }
            return VisitDraft(unit: d.unit, status: status, reason: reason, reasonText: d.text ?? "", date: d.date, inspector: d.inspector)
        }
    }
}

/// `{"outcomes": [{"unit", "violation_found", "reactions", "date", "inspector"}]}`.
struct OutcomesRequest: Decodable, Sendable {
    struct Outcome: Decodable, Sendable {
        var unit: String
        var violationFound: Int
        var reactions: [String]
        var date: String
        var inspector: String
        enum CodingKeys: String, CodingKey { case unit, reactions, date, inspector, violationFound = "violation_found" }
    }
    var outcomes: [Outcome]

    func drafts() throws -> [OutcomeDraft] {
        guard !outcomes.isEmpty, outcomes.count <= 10_000 else {
            throw HTTPError(.badRequest, message: "outcomes must hold 1 to 10000 outcomes.")
        }
        return try outcomes.enumerated().map { i, o in
            guard o.violationFound == 0 || o.violationFound == 1 else {
                throw HTTPError(.badRequest, message: "outcomes[\(i)].violation_found must be 0 or 1.")
            }
            let reactions = try o.reactions.map { r -> Reaction in
                guard let reaction = Reaction(rawValue: r) else {
                    throw HTTPError(.badRequest, message: "outcomes[\(i)].reactions must name strakspåbud, påbud, forbud, vejledning or none.")
                }
                return reaction
            }
            return OutcomeDraft(unit: o.unit, violationFound: o.violationFound == 1, reactions: reactions, date: o.date, inspector: o.inspector)
        }
    }
}
