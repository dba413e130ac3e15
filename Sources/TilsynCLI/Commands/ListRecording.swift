import Foundation
import TilsynReports
import TilsynStore

/// Puts a written list on record in the store.
enum ListRecording {
    /// Records `result` (the files are already written) and returns the stored list.
    /// - Throws: ``ListRecordError`` naming the list and the store when recording fails.
    static func record(_ result: ListJob.Result, out: String, db: String, store: TilsynDatabase?) throws -> ListRecord {
        do {
            let store = try store ?? TilsynDatabase(path: db)
            let draft = ListDraft(
                manifest: String(decoding: result.manifestBytes, as: UTF8.self), listSHA256: result.listSHA256,
                fingerprint: result.fingerprint, asOf: result.asOf, issuedBy: CLIActor.current,
                rows: result.rows.map { .init(rank: $0.rank, unit: $0.unit, channel: $0.channel, probability: $0.probability, region: $0.region) })
            return try store.recordList(draft, at: nowISO8601())
        } catch {
            throw ListRecordError(out: out, db: db, reason: StoreError.reason(of: error))
        }
    }
}

/// The list files were written but the store did not take the record.
struct ListRecordError: Error, CustomStringConvertible {
    var out: String
    var db: String
    var reason: String
    var description: String {
        "\(out) was written but could not be recorded in the store \(db) (\(reason)); it is not on record, so do not use it until a rerun records it."
    }
}
