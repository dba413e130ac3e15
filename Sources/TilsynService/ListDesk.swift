import Foundation
import Hummingbird
import TilsynApplication
import TilsynCore
import TilsynReports
import TilsynStore

/// Draws and records inspection lists for inspectors through the application's ``IssueList``, the job
/// `tilsyn list` calls, so a list drawn here has the rows — and the CSV bytes, whose SHA-256 the manifest
/// records — that `tilsyn list` gives for the same register, model and options.
struct ListDesk: Sendable {
    let served: ServedModel
    let store: TilsynDatabase
    let clock: ServiceClock
    let allowUnapproved: Bool
    /// The service's bound on a list's rows (``ServiceConfiguration/maxListRows``).
    var maxRows: Int = 20_000

    /// The list the request describes, recorded in the store, with its rows and manifest.
    func issue(_ request: ListRequest, by caller: Caller) async throws -> ListDetailBody {
        guard let language = ListReasons.Language(rawValue: request.language ?? "da") else {
            throw HTTPError(.badRequest, message: "language must be da or en.")
        }
        try checkSize(request)
        let order = ListOrder(
            asOf: request.asOf, capacity: request.capacity,
            quotas: request.capacityPerRegion.map { .given($0.map { RegionCapacity(region: $0.region, capacity: $0.capacity) }) },
            randomShare: request.randomShare, seed: request.seed, excludeDays: request.excludeDays,
            excludeIf: request.excludeIf ?? [], language: language)
        let job = IssueList(register: served.register, gate: ApprovalGate(store: store, allowUnapproved: allowUnapproved))
        let issued = try await ServicePhrasing.answering {
            try await job.run(order, files: nil, recording: .init(store: store, issuedBy: caller.name), at: clock.now())
        }
        guard let record = issued.record else { throw HTTPError(.internalServerError, message: "The list was not recorded.") }
        return ListDetailBody(
            list: Self.summary(record),
            rows: issued.rows.map { ListRowBody(rank: $0.rank, unit: $0.unit, probability: $0.probability, channel: $0.channel, region: $0.region, topReasons: $0.reasons) },
            manifest: JSONValue.parse(issued.manifestText) ?? .null)
    }

    /// The printable list of an issued list (``ReprintList``): 409 when it was drawn from another register
    /// or model than the one this service has loaded.
    func printable(_ record: ListRecord, language: String) async throws -> ListSummary {
        do {
            let title = language == "da" ? "nr. \(record.id)" : "no. \(record.id)"
            return try await ReprintList(register: served.register).run(record, title: title)
        } catch let error as ListNotReprintable {
            throw HTTPError(.conflict, message: error.description)
        }
    }

    /// Refuses a list longer than the register or the configured maximum before any work is done.
    func checkSize(_ request: ListRequest) throws {
        let units = served.register.unitCount
        let bound = min(units, maxRows)
        let asked = request.capacity ?? request.capacityPerRegion?.reduce(0) { $0 &+ max(0, $1.capacity) } ?? 0
        guard asked > bound else { return }
        let what = request.capacity != nil ? "The requested capacity, \(asked)," : "The requested capacity_per_region, \(asked) places in all,"
        let reason = units <= maxRows
            ? "the register has only \(units) units"
            : "this service issues lists of at most \(maxRows) rows (its operator sets the limit)"
        throw HTTPError(.badRequest, message: "\(what) is more than a list can hold: \(reason); ask for \(bound) or fewer.")
    }

    static func summary(_ record: ListRecord) -> ListSummaryBody {
        ListSummaryBody(id: record.id, asOf: record.asOf, issuedBy: record.issuedBy, issuedAt: ISOTime.text(record.issuedAt),
                        fingerprint: record.fingerprint, sha256: record.listSHA256, rows: record.rowCount)
    }
}
