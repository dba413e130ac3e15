import Foundation
import Logging
import NIOConcurrencyHelpers
import TilsynReports

/// One JSON object per log line on standard error: time, level, logger label, message and metadata as
/// fields, so a log collector can filter by `route`, `status` or `request_id` without parsing text.
///
/// The line is written by hand (``JSONBytes``, ``LogTime``): every request logs one, and `JSONEncoder`
/// with a date format style per line was a twentieth of a JSON card's CPU time. The text is the one
/// `JSONEncoder` wrote (sorted keys, the same escapes, `withoutEscapingSlashes`), which
/// `JSONLogHandlerTests` checks against it.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    private let label: String
    private let write: @Sendable (String) -> Void

    /// - Parameter write: where a finished line goes (standard error by default; tests collect lines).
    public init(label: String, write: @escaping @Sendable (String) -> Void = JSONLogHandler.standardError) {
        self.label = label
        self.write = write
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        write(Self.line(time: Date(), level: event.level, label: label, message: event.message.description,
                        metadata: metadata, event: event.metadata))
    }

    /// The line for one event, with its final newline. An event's metadata overrides the handler's under
    /// the same key; neither overrides `time`, `level`, `logger` or `message`.
    static func line(time: Date, level: Logger.Level, label: String, message: String, metadata: Logger.Metadata,
                     event: Logger.Metadata?) -> String {
        var fields: [(key: String, value: Logger.Metadata.Value?)] = [
            ("time", nil), ("level", .string(level.rawValue)), ("logger", .string(label)), ("message", .string(message)),
        ]
        var merged = metadata
        if let event { merged.merge(event) { $1 } }
        for (key, value) in merged where !fixedKeys.contains(key) { fields.append((key, value)) }
        fields.sort { Array($0.key.utf8).lexicographicallyPrecedes(Array($1.key.utf8)) }
        var w = JSONBytes()
        w.reserve(320)
        w.open()
        for (key, value) in fields {
            w.key(escaping: key)
            if let value { json(value, into: &w) } else { w.string(LogTime.text(time)) }
        }
        w.close()
        w.bytes.append(UInt8(ascii: "\n"))
        return String(decoding: w.bytes, as: UTF8.self)
    }

    private static let fixedKeys: Set<String> = ["time", "level", "logger", "message"]

    /// A metadata value as JSON: a value whose text is a whole number (in 64 bits) or a finite number is
    /// written as one, as the request log's status and duration are.
    static func json(_ value: Logger.Metadata.Value, into w: inout JSONBytes) {
        switch value {
        case .string(let s): w.string(s)
        case .stringConvertible(let c):
            let text = c.description
            if let i = Int64(text) { w.int64(i) } else if let d = Double(text), d.isFinite { w.number(d) } else { w.string(text) }
        case .array(let a): w.array(a) { w, item in json(item, into: &w) }
        case .dictionary(let d):
            w.open()
            for key in d.keys.sorted(by: { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }) {
                w.key(escaping: key)
                if let item = d[key] { json(item, into: &w) }
            }
            w.close()
        }
    }

    private static let lock = NIOLock()

    /// Writes whole lines to standard error, one at a time so lines from concurrent requests never interleave.
    public static let standardError: @Sendable (String) -> Void = { line in
        lock.withLock { FileHandle.standardError.write(Data(line.utf8)) }
    }
}
