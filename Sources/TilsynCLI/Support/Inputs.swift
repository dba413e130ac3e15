import Foundation
import TilsynCore
import TilsynIO

/// Loading the files commands take, each failure as one sentence naming the file.
enum Inputs {
    static func spec(_ path: String) throws -> ModelSpec {
        try ModelSpec.decode(try contents(path), file: path)
    }

    static func model(_ path: String) throws -> FittedModel {
        try FittedModel.decode(try contents(path), file: path)
    }

    /// A JSON report written by another command (validation, fairness), decoded as `type`.
    static func json<T: Decodable>(_ type: T.Type, _ path: String) throws -> T {
        let data = try contents(path)
        if let deep = JSONNesting.tooDeep(data) { throw DataError.unreadable(file: path, reason: deep.problem) }
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch {
            throw DataError.unreadable(file: path, reason: "not a \(type) JSON file (\(error))")
        }
    }

    static func contents(_ path: String) throws(DataError) -> Data {
        guard FileManager.default.fileExists(atPath: path) else { throw .fileNotFound(file: path) }
        guard let data = FileManager.default.contents(atPath: path) else { throw .unreadable(file: path, reason: "permission denied or not a regular file") }
        if data.isEmpty { throw .emptyFile(file: path) }
        return data
    }
}

/// Progress lines on standard error, so standard output stays clean for data.
struct Progress: Sendable {
    var quiet: Bool
    private let start = Date()

    init(quiet: Bool) { self.quiet = quiet }

    func step(_ message: String) {
        guard !quiet else { return }
        let elapsed = String(format: "%6.2f s", Date().timeIntervalSince(start))
        FileHandle.standardError.write(Data("[\(elapsed)] \(message)\n".utf8))
    }
}

/// The current time as ISO 8601 (UTC, seconds).
func nowISO8601() -> String {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime]
    return formatter.string(from: Date())
}

/// Where a report goes: atomically to `--out` when given, otherwise to standard output.
enum ReportOutput {
    static func emit(_ bytes: [UInt8], to out: String?, progress: Progress) throws {
        guard let out else {
            FileHandle.standardOutput.write(Data(bytes))
            return
        }
        try AtomicFile.write(bytes, to: out)
        progress.step("wrote \(out) (\(bytes.count) bytes)")
    }

    /// Streams the pieces `body` emits to `out` (a temporary file renamed over it once complete, see
    /// ``AtomicFileStream``) or to standard output; if `body` throws, `out` is left as it was. The file
    /// is written behind: `emit` queues the piece and returns, and a thread of the stream's own writes
    /// it while `body` formats the next.
    static func stream(to out: String?, progress: Progress, _ body: (_ emit: ([UInt8]) throws -> Void) throws -> Void) throws {
        guard let out else {
            try body { FileHandle.standardOutput.write(Data($0)) }
            return
        }
        let file = try AtomicFileStream(path: out, writeBehind: true)
        var total = 0
        try body { bytes in
            try file.write(bytes)
            total += bytes.count
        }
        try file.commit()
        progress.step("wrote \(out) (\(total) bytes)")
    }
}
