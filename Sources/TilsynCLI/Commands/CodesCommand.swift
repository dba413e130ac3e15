import ArgumentParser
import TilsynApplication
import Foundation
import TilsynCore
import TilsynIO
import TilsynStore

struct CodesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "codes",
        abstract: "Issue the access codes companies use to see their own explanation card.",
        subcommands: [CodesIssueCommand.self])
}

struct CodesIssueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "issue",
        abstract: "Issue a new access code to every unit of a register (or to the units named with --ids).",
        discussion: """
            Each code is 14 characters of Crockford base32 (70 random bits) in groups of four, e.g. \
            K7QD-4M2X-9TRB-H3; case, dashes and spaces do not matter when it is typed. A unit's new code \
            replaces its old one, which stops working. The store keeps only a salted SHA-256 of each code, \
            so the CSV written to --out (columns unit_id,access_code, readable by its owner only) is the \
            one and only copy: send the codes out from it, then delete it. A lost code is replaced by \
            issuing a new one. The new codes become active only once the file is safely on disk; a run killed \
            before that leaves the old codes working, and the next run settles it. Each code gets an audit entry.

            The unit column is the model's (--model) or the one --id-column names; without either, unit_id.

            Example:
              tilsyn codes issue --model model.json --data register.csv --out codes.csv
            """)

    @Option(help: "The register whose units get codes (CSV).") var data: String
    @Option(help: "The model (model.json) whose unit column names the units (its spec's `unit`).") var model: String?
    @Option(help: "The register's unit id column (default: the model's unit column with --model, else unit_id).") var idColumn: String?
    @Option(parsing: .upToNextOption, help: "Only these units (each must be in the register).") var ids: [String] = []
    @Option(help: "Where to write the codes (CSV: unit_id,access_code).") var out: String
    @Option(help: "The store (SQLite file); created if missing.") var db: String = TilsynDatabase.defaultPath

    func run() async throws {
        let column = try idColumn ?? model.map { try ModelInput.read($0).model.spec.unit } ?? "unit_id"
        let units: [String]
        do {
            units = try Self.units(register: data, column: column, only: ids)
        } catch DataError.missingColumn(let file, let column, let available) where idColumn == nil && model == nil {
            // Without --model or --id-column the column is a guess; say how to name the right one.
            let shown = available.prefix(12).map { Abbreviated.text($0, limit: 40) }.joined(separator: ", ") + (available.count > 12 ? ", …" : "")
            throw CLIError("\(file): there is no column '\(column)' (the header has: \(shown)); give --model model.json, whose spec names the unit column, or --id-column.")
        }
        // Refuse an unwritable --out before any code exists: codes issued but not written are lost.
        try Self.checkWritable(out)
        let store = try TilsynDatabase(path: db)
        try await Self.finishInterrupted(store)
        // Three steps, so that a kill at any point loses nothing: stage the new codes' hashes (old codes
        // still work), write the plain codes to --out (unnamed until complete, then renamed into place),
        // and only then make them active, in short slices that never hold the store for long.
        // The batch records the file's absolute path: a later run settling this one may start elsewhere.
        let record = URL(fileURLWithPath: out).standardizedFileURL.path
        let (batch, codes) = try await store.stageAccessCodes(units: units, actor: CLIActor.current, out: record, at: Date())
        var csv = CSVWriter(header: ["unit_id", "access_code"], reservingCapacity: codes.count * 32)
        for code in codes {
            csv.append(code.unit)
            csv.append(code.code)
            csv.endRow()
        }
        do {
            try AtomicFile.write(csv.bytes, to: out, secret: true)
        } catch {
            _ = try? await store.discardCodeBatch(batch)
            throw CodesNotWrittenError(count: codes.count, db: db, reason: "\(error)")
        }
        try await store.markCodeBatchWritten(batch, fileSHA256: FileDigest.sha256(csv.bytes))
        try await store.activateCodeBatch(batch, at: Date())
        print("Issued \(codes.count) access code\(codes.count == 1 ? "" : "s") and wrote them to \(out); the store \(db) keeps only their salted hashes, so this file is the only copy. Any earlier codes of these units no longer work.")
    }

    /// Settles runs killed part-way: one whose file was written has its activation finished (its file
    /// holds the codes that then work); one killed before that is discarded (its codes never worked).
    ///
    /// "Written" is what is on disk, not only what the store was told: a run killed between renaming
    /// its file into place and recording it left a file of this batch's codes, and discarding the batch
    /// would leave that file's codes dead and the old codes, whose file is gone, alive. So a batch not
    /// recorded as written is activated when the file at its path holds its codes.
    static func finishInterrupted(_ store: TilsynDatabase) async throws {
        for batch in try await store.unfinishedCodeBatches() {
            if batch.fileSHA256 == nil, let sha = try await writtenFile(of: batch, in: store) {
                try await store.markCodeBatchWritten(batch.id, fileSHA256: sha)
            }
            if try await store.codeBatch(batch.id)?.fileSHA256 != nil {
                let n = try await store.activateCodeBatch(batch.id, at: Date())
                note("An earlier `codes issue` (started \(ISOTime.text(batch.startedAt))) was interrupted after writing \(DisplayText.escaped(batch.out)); activated its remaining \(n) of \(batch.units) codes, so the codes in that file now all work.")
            } else {
                try await store.discardCodeBatch(batch.id)
                note("An earlier `codes issue` (started \(ISOTime.text(batch.startedAt))) was interrupted before its codes file was written; its \(batch.units) codes never worked and were discarded. The units' earlier codes still work.")
            }
        }
    }

    /// The SHA-256 of the codes file at `batch`'s path if its first code is the one `batch` staged for
    /// that unit; `nil` when there is no such file or it holds other codes (an earlier run's).
    static func writtenFile(of batch: CodeBatchRecord, in store: TilsynDatabase) async throws -> String? {
        guard let bytes = FileManager.default.contents(atPath: batch.out).map([UInt8].init), !bytes.isEmpty,
              let table = try? CSVReader.read(bytes: bytes, source: batch.out, columns: [ColumnRequest("unit_id", .string), ColumnRequest("access_code", .string)], threads: 1),
              table.rowCount > 0,
              let unit = try? table.strings("unit_id").first, let code = try? table.strings("access_code").first,
              try await store.stagedCodeMatches(batch: batch.id, unit: unit, code: code)
        else { return nil }
        return FileDigest.sha256(bytes)
    }

    static func note(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// The unit ids to issue codes to, in register order (or in `--ids` order), each checked.
    static func units(register: String, column: String, only: [String]) throws -> [String] {
        let table = try CSVReader.read(path: register, columns: [ColumnRequest(column, .string)], threads: 1)
        // The one rule for unit ids (no NUL or other control character, …): the store keys codes by
        // these bytes, so an id SQLite would read differently must never reach it.
        let ids = try table.unitIDs(column)
        var firstLine: [String: Int] = [:]
        for (i, id) in ids.enumerated() {
            let line = table.line(ofRow: i)
            if let first = firstLine[id] {
                throw DataError.malformedRow(file: register, line: line, reason: "unit '\(id)' in column '\(column)' is listed twice (first on line \(first)); a unit has one code")
            }
            firstLine[id] = line
        }
        guard !only.isEmpty else { return ids }
        var seen = Set<String>()
        for id in only {
            guard firstLine[id] != nil else {
                throw DataError.invalid(file: register, reason: "unit '\(id)' given with --ids is not in column '\(column)'")
            }
            guard seen.insert(id).inserted else { throw DataError.invalid(file: register, reason: "unit '\(id)' is given twice with --ids") }
        }
        return only
    }

    static func checkWritable(_ path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        let dir = directory.isEmpty ? "." : directory
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDirectory), isDirectory.boolValue,
              FileManager.default.isWritableFile(atPath: dir) else {
            throw OutputError.cannotWrite(path: path, reason: "the directory '\(dir)' does not exist or is not writable")
        }
    }
}

/// Codes were issued (the old ones replaced) but the file with the new ones could not be written.
struct CodesNotWrittenError: Error, CustomStringConvertible {
    var count: Int
    var db: String
    var reason: String
    var description: String {
        "\(count) codes were issued in \(db) but could not be written (\(reason.hasSuffix(".") ? String(reason.dropLast()) : reason)); nobody has them, so issue them again."
    }
}
