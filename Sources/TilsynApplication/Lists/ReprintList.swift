import Foundation
import TilsynCore
import TilsynReports
import TilsynStore

/// The inspectors' printable list of a list already issued and recorded: the job behind the service's
/// `GET /api/v1/inspector/lists/{id}?format=html` and its JSON form.
///
/// The store keeps a list's rows, not their reasons; the reasons are re-derived by drawing the list
/// again from its manifest (as-of date, capacities, share, seed, exclusions, floor) over the register
/// and model in hand, and the draw is accepted only when its CSV hashes to the SHA-256 recorded at issue
/// time. So a printed list is never an approximation: it is the issued list, or it is refused.
public struct ReprintList: Sendable {
    public var register: ScoredRegister

    public init(register: ScoredRegister) { self.register = register }

    /// The printable list of `record`, titled `title`.
    /// - Throws: ``ListNotReprintable`` when the list was drawn from another register or model, or its
    ///   manifest cannot be read, or the draw does not reproduce the recorded CSV.
    public func run(_ record: ListRecord, title: String) async throws -> ListSummary {
        let id = record.id
        guard let manifest = try? JSONDecoder().decode(RecordedManifest.self, from: Data(record.manifest.utf8)) else {
            throw ListNotReprintable(list: id, reason: "its recorded manifest cannot be read")
        }
        guard record.fingerprint == register.model.fingerprint else {
            throw ListNotReprintable(list: id, reason: "it was drawn with model fingerprint \(record.fingerprint.prefix(16)), not the \(register.model.fingerprint.prefix(16)) loaded here")
        }
        let registerInput = manifest.inputs.first { $0.role == "register" }
        guard registerInput?.sha256 == register.registerFile.sha256 else {
            throw ListNotReprintable(list: id, reason: "it was drawn from another register (SHA-256 \(registerInput?.sha256.prefix(16) ?? "unknown")) than the one loaded here (\(register.registerFile.sha256.prefix(16)))")
        }
        let p = manifest.parameters
        guard let language = ListReasons.Language(rawValue: p.language) else {
            throw ListNotReprintable(list: id, reason: "its manifest names the language '\(p.language)'")
        }
        let order = ListOrder(
            asOf: p.asOf, capacity: p.regionCapacities == nil ? p.capacity : nil,
            quotas: p.regionCapacities.map { .given($0.map { RegionCapacity(region: $0.region, capacity: $0.capacity) }) },
            randomShare: p.randomShare, seed: p.seed, excludeDays: p.excludeDays, excludeIf: p.excludeIf, language: language,
            floorProbability: p.floorProbability)
        // The list was approved (or allowed) when it was issued; printing it again issues nothing.
        let issued = try await IssueList(register: register, gate: ApprovalGate(store: nil, allowUnapproved: true))
            .run(order, files: nil, recording: nil, at: Date())
        guard issued.listSHA256 == record.listSHA256 else {
            throw ListNotReprintable(list: id, reason: "drawing it again from its manifest does not give the rows recorded (SHA-256 \(issued.listSHA256.prefix(16)), recorded \(record.listSHA256.prefix(16)))")
        }
        var summary = issued.summary
        summary.title = title
        summary.approval = manifest.approval.status
        summary.inputs = manifest.inputs.map { (name: ($0.file as NSString).lastPathComponent, sha256: $0.sha256) }
        return summary
    }
}

/// An issued list whose printable form cannot be made here, with the reason as a phrase.
public struct ListNotReprintable: Error, Sendable, Equatable, CustomStringConvertible {
    public var list: Int64
    public var reason: String
    public var description: String {
        "List \(list) cannot be printed here: \(reason). Print it where it was issued (tilsyn list writes it beside the list CSV)."
    }
}

/// The parts of a recorded list manifest ⚖ (``ListManifest``) a reprint reads.
struct RecordedManifest: Decodable {
    struct Input: Decodable {
        var role: String
        var file: String
        var sha256: String
    }
    struct Quota: Decodable {
        var region: String
        var capacity: Int
    }
    struct Parameters: Decodable {
        var asOf: String
        var capacity: Int
        var regionCapacities: [Quota]?
        var randomShare: Double
        var seed: UInt64
        var excludeDays: Int
        var excludeIf: [String]
        var language: String
        var floorProbability: Double?
        enum CodingKeys: String, CodingKey {
            case capacity, seed, language
            case asOf = "as_of"
            case regionCapacities = "region_capacities"
            case randomShare = "random_share"
            case excludeDays = "exclude_days"
            case excludeIf = "exclude_if"
            case floorProbability = "floor_probability"
        }
    }
    /// `{fingerprint, approved_by, date, reference}` or the unapproved sentence.
    enum Approval: Decodable {
        case approved(BoardDecision)
        case unapproved
        init(from decoder: any Decoder) throws {
            if let c = try? decoder.container(keyedBy: Keys.self), let by = try? c.decode(String.self, forKey: .approvedBy) {
                let date = try c.decode(String.self, forKey: .date)
                guard let decidedAt = ISOTime.parse(date) else {
                    throw DecodingError.dataCorruptedError(forKey: .date, in: c, debugDescription: "not an ISO 8601 time")
                }
                self = .approved(BoardDecision(fingerprint: try c.decode(String.self, forKey: .fingerprint), decision: .approved, decidedBy: by,
                                               decidedAt: decidedAt, note: (try? c.decode(String.self, forKey: .reference)) ?? ""))
            } else {
                self = .unapproved
            }
        }
        enum Keys: String, CodingKey { case fingerprint, date, reference, approvedBy = "approved_by" }
        var status: ApprovalStatus {
            switch self {
            case .approved(let d): .approved(d)
            case .unapproved: .unapprovedAllowed
            }
        }
    }
    var inputs: [Input]
    var parameters: Parameters
    var approval: Approval
}
