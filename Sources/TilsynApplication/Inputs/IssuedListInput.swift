import Foundation
import TilsynCore
import TilsynIO
import TilsynStore

/// Reads an issued list for a card: a list file with its manifest beside it, or a list the store recorded.
public enum IssuedListInput {
    /// The manifest `tilsyn list` writes beside `LIST.csv`: `LIST.manifest.json`.
    public static func manifestPath(beside list: String) -> String {
        let url = URL(fileURLWithPath: list)
        return url.deletingPathExtension().path + ".manifest.json"
    }

    /// A list CSV (⚖ DESIGN §7) and its manifest; the list is named by the SHA-256 of the CSV's bytes.
    /// - Parameters:
    ///   - unitColumn: the model's unit column, which the list names its units by.
    ///   - fingerprint: the model the cards are made with; a list drawn with another model is refused,
    ///     as its cut-off and channels would not be about this model's scores.
    /// - Throws: ``DataError`` for an unreadable file; ``JobError/invalid(_:value:expected:)`` for a
    ///   missing or unreadable manifest, or one of another model.
    public static func read(list path: String, unitColumn: String, fingerprint: String) throws -> IssuedList {
        let manifestPath = manifestPath(beside: path)
        guard FileManager.default.fileExists(atPath: manifestPath) else {
            throw JobError.invalid(.list, value: path, expected: "a list written by tilsyn list, with its manifest \(manifestPath) beside it")
        }
        let manifest = try InputFile.read(manifestPath)
        guard let facts = ManifestFacts(json: manifest.bytes) else {
            throw JobError.invalid(.list, value: path, expected: "a list whose manifest \(manifestPath) is a tilsyn list manifest (with parameters.as_of and model.fingerprint)")
        }
        if facts.fingerprint != fingerprint {
            throw JobError.invalid(.list, value: path, expected: "a list drawn with this model (fingerprint \(fingerprint.prefix(16))); its manifest names fingerprint \(facts.fingerprint.prefix(16))")
        }
        let columns = [
            ColumnRequest("rank", .numeric), ColumnRequest(unitColumn, .string), ColumnRequest("probability", .numeric),
            ColumnRequest("channel", .string), ColumnRequest("region", .string, required: false),
            ColumnRequest("inclusion_probability", .numeric, required: false),
        ]
        let (table, sha256) = try CSVReader.readDigested(path: path, columns: columns, threads: 1)
        let ranks = try table.numeric("rank"), units = try table.strings(unitColumn)
        let probabilities = try table.numeric("probability"), channels = try table.strings("channel")
        let regions = table.columns["region"] != nil ? try table.strings("region") : nil
        let inclusion = table.columns["inclusion_probability"] != nil ? try table.numeric("inclusion_probability") : nil
        var rows: [IssuedList.Row] = []
        for i in 0..<table.rowCount {
            guard ranks[i].isFinite, ranks[i] >= 1, ranks[i] == ranks[i].rounded() else {
                throw DataError.invalid(file: path, reason: "line \(table.line(ofRow: i)), column rank: expected a place 1, 2, 3, …")
            }
            guard ["risk", "random", "manual"].contains(channels[i]) else {
                throw DataError.invalid(file: path, reason: "line \(table.line(ofRow: i)), column channel: expected risk, random or manual, not '\(Abbreviated.text(channels[i]))'")
            }
            guard probabilities[i] > 0, probabilities[i] < 1 else {
                throw DataError.invalid(file: path, reason: "line \(table.line(ofRow: i)), column probability: expected a probability strictly between 0 and 1")
            }
            let region = regions.map { $0[i] }.flatMap { $0.isEmpty ? nil : $0 }
            let p = inclusion.map { $0[i] }.flatMap { $0.isFinite ? $0 : nil }
            rows.append(.init(rank: Int(ranks[i]), unit: units[i], channel: channels[i], probability: probabilities[i], region: region, inclusionProbability: p))
        }
        return IssuedList(id: sha256, asOf: facts.asOf, fingerprint: facts.fingerprint, rows: rows)
    }

    /// The recorded list with `id`.
    /// - Throws: ``JobError/invalid(_:value:expected:)`` for an unknown id; the store's errors.
    public static func fromStore(_ store: TilsynDatabase, id: Int64, containing unit: String) async throws -> IssuedList? {
        guard let record = try await store.list(id: id) else {
            throw JobError.invalid(.listID, value: String(id), expected: "the id of a list recorded in the store")
        }
        return try issued(record, rows: try await store.listRows(id: id))
    }

    /// The newest recorded list of the model with `fingerprint` that contains `unit`; else the newest list
    /// of that model (the unit is not on it); `nil` when the store has none.
    /// - Throws: the store's errors.
    public static func fromStore(_ store: TilsynDatabase, fingerprint: String, containing unit: String) async throws -> IssuedList? {
        var newest: IssuedList?
        for record in try await store.lists() where record.fingerprint == fingerprint {
            let rows = try await store.listRows(id: record.id)
            if rows.contains(where: { $0.unit == unit }) { return try issued(record, rows: rows) }
            if newest == nil { newest = try issued(record, rows: rows) }
        }
        return newest
    }

    /// A recorded list as a card needs it; random rows take their inclusion probability from the
    /// manifest's counts for their region (or the whole list).
    public static func issued(_ record: ListRecord, rows: [ListRowRecord]) throws -> IssuedList {
        let facts = ManifestFacts(json: Data(record.manifest.utf8))
        return IssuedList(
            id: "store:\(record.id)", asOf: record.asOf, fingerprint: record.fingerprint,
            rows: rows.map { r in
                IssuedList.Row(rank: r.rank, unit: r.unit, channel: r.channel, probability: r.probability, region: r.region,
                               inclusionProbability: r.channel == "random" ? facts?.inclusionProbability(region: r.region) : nil)
            })
    }
}

/// What a card needs from a list manifest (DESIGN §7): its as-of date, model and random-draw probabilities.
struct ManifestFacts {
    var asOf: String
    var fingerprint: String
    /// `random_inclusion_probability` per region (`nil` key = the national draw).
    var inclusion: [String?: Double]

    init?(json: Data) {
        guard let object = try? JSONSerialization.jsonObject(with: json) as? [String: Any],
              let parameters = object["parameters"] as? [String: Any], let asOf = parameters["as_of"] as? String,
              parseISODate(asOf) != nil,
              let model = object["model"] as? [String: Any], let fingerprint = model["fingerprint"] as? String
        else { return nil }
        self.asOf = asOf
        self.fingerprint = fingerprint
        var inclusion: [String?: Double] = [:]
        if let counts = object["counts"] as? [String: Any], let p = counts["random_inclusion_probability"] as? Double { inclusion[nil] = p }
        for region in object["regions"] as? [[String: Any]] ?? [] {
            if let name = region["region"] as? String, let p = region["random_inclusion_probability"] as? Double { inclusion[name] = p }
        }
        self.inclusion = inclusion
    }

    /// The draw's inclusion probability for a unit of `region`: its region's when drawn per region, else the national one.
    func inclusionProbability(region: String?) -> Double? {
        region.flatMap { inclusion[$0] } ?? inclusion[nil]
    }
}
