import Hummingbird
import HummingbirdAuth
import TilsynStore

/// Inspectors: issue and fetch weekly lists, see and resolve correction requests. Every read of a list or
/// of the corrections is audited with the token holder's name, as every write already is by the store.
struct InspectorRoutes {
    let parts: ServiceParts

    func register(on router: Router<ServiceContext>) {
        let group = router.group("/api/v1/inspector")
            .add(middleware: TokenAuthenticator(store: parts.store, clock: parts.clock))
            .add(middleware: RequireRoleMiddleware(role: .inspector))

        group.post("/lists") { request, context in
            let body = try await request.decode(as: ListRequest.self, context: context)
            let caller = try context.requireIdentity()
            return try Reply.json(try await parts.lists.issue(body, by: caller), status: .created)
        }
        group.get("/lists") { _, context in
            let caller = try context.requireIdentity()
            let records = try await parts.store.lists()
            try await audit("lists.viewed", caller, subject: nil, detail: "\(records.count) lists")
            return try Reply.json(records.map(ListDesk.summary))
        }
        group.get("/lists/{id}") { request, context in
            let caller = try context.requireIdentity()
            let id = try ListID.parse(context.parameters.require("id"))
            guard let record = try await parts.store.list(id: id) else {
                throw HTTPError(.notFound, message: "There is no list with this id.")
            }
            let rows = try await parts.store.listRows(id: id)
            try await audit("list.viewed", caller, subject: "list:\(id)", detail: "\(rows.count) rows")
            return try Reply.json(ListDetailBody(
                list: ListDesk.summary(record),
                rows: rows.map { ListRowBody(rank: $0.rank, unit: $0.unit, probability: $0.probability, channel: $0.channel, region: $0.region, topReasons: nil) },
                manifest: JSONValue.parse(record.manifest) ?? .null))
        }
        group.get("/corrections") { request, context in
            let caller = try context.requireIdentity()
            let status = try Query.choice(request, "status", CorrectionFilter.filters, default: "open")
            let records = try await parts.store.corrections(status: CorrectionStatus(rawValue: status))
            try await audit("corrections.viewed", caller, subject: nil, detail: "status \(status), \(records.count) requests")
            return try Reply.json(records)
        }
        group.post("/corrections/{id}/resolve") { request, context in
            let caller = try context.requireIdentity()
            let id = try ListID.parse(context.parameters.require("id"), what: "correction")
            let body = try await request.decode(as: ResolveRequest.self, context: context)
            guard let status = CorrectionStatus(rawValue: body.status), status != .open else {
                throw HTTPError(.badRequest, message: "status must be one of \(CorrectionFilter.resolutions.joined(separator: ", ")).")
            }
            try FreeText.check(body.note, field: "note", max: 2000, required: true)
            let record: CorrectionRecord
            do {
                record = try await parts.store.resolveCorrection(id: id, status: status, by: caller.name, note: body.note, at: parts.clock.now())
            } catch StoreError.notFound {
                throw HTTPError(.notFound, message: "There is no correction request with this id.")
            }
            return try Reply.json(record)
        }
    }

    private func audit(_ event: String, _ caller: Caller, subject: String?, detail: String) async throws {
        _ = try await parts.store.audit(event: event, actor: caller.name, subject: subject, detail: detail, at: parts.clock.now())
    }
}

/// Numeric record ids in paths. Anything else — `..`, `%2F`, letters — is refused before the store sees it.
enum ListID {
    static func parse(_ text: String, what: String = "list") throws -> Int64 {
        guard text.utf8.count <= 18, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let id = Int64(text), id > 0 else {
            throw HTTPError(.badRequest, message: "A \(what) id is a positive whole number.")
        }
        return id
    }
}

/// The correction states inspectors filter and resolve by (the store's ``CorrectionStatus``).
enum CorrectionFilter {
    static let resolutions = CorrectionStatus.allCases.filter { $0 != .open }.map(\.rawValue)
    static let filters = CorrectionStatus.allCases.map(\.rawValue) + ["all"]
}
