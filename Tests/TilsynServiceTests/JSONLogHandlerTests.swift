import Foundation
import Logging
import Testing
import TilsynCore
@testable import TilsynService

/// The service's log lines are written by hand (``JSONLogHandler/line(time:level:label:message:metadata:event:)``,
/// ``LogTime``); they must be the text `JSONEncoder` and `Date.formatted(.iso8601)` wrote before, key
/// for key and escape for escape, so a log collector's parsing does not change.
@Suite struct JSONLogHandlerTests {
    /// The former implementation, kept as the reference: `JSONEncoder` over `JSONValue`s.
    static func reference(time: Date, level: Logger.Level, label: String, message: String, metadata: Logger.Metadata,
                          event: Logger.Metadata?) throws -> String {
        func json(_ value: Logger.Metadata.Value) -> JSONValue {
            switch value {
            case .string(let s): .string(s)
            case .stringConvertible(let c):
                if let i = Int64(c.description) { .integer(i) } else if let d = Double(c.description), d.isFinite { .number(d) } else { .string(c.description) }
            case .array(let a): .array(a.map(json))
            case .dictionary(let d): .object(d.mapValues(json))
            }
        }
        var fields: [String: JSONValue] = [
            "time": .string(time.formatted(.iso8601)), "level": .string(level.rawValue), "logger": .string(label), "message": .string(message),
        ]
        for (key, value) in metadata.merging(event ?? [:], uniquingKeysWith: { $1 }) where fields[key] == nil {
            fields[key] = json(value)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(fields), as: UTF8.self) + "\n"
    }

    static func check(_ message: String, _ metadata: Logger.Metadata, event: Logger.Metadata?, at time: Date = Date(timeIntervalSince1970: 1_796_157_940.75),
                      sourceLocation: SourceLocation = #_sourceLocation) throws {
        let line = JSONLogHandler.line(time: time, level: .info, label: "tilsyn", message: message, metadata: metadata, event: event)
        let expected = try reference(time: time, level: .info, label: "tilsyn", message: message, metadata: metadata, event: event)
        #expect(line == expected, sourceLocation: sourceLocation)
    }

    @Test func aRequestLineIsTheEncodersLine() throws {
        try Self.check("request", ["service": "tilsyn"], event: [
            "request_id": "b3c8f0a2-1d4e", "method": "POST", "route": "/api/v1/company/card",
            "status": .stringConvertible(200), "duration_ms": .stringConvertible(1.23),
        ])
        // Whole, tiny, huge and negative durations; a status that is text.
        for number in [0.0, 3.0, 0.1, 1e-05, 123_456.78, -2.5, 1e21, 5e-324] {
            try Self.check("request", [:], event: ["duration_ms": .stringConvertible(number), "status": "fine"])
        }
        try Self.check("request", [:], event: ["big": .stringConvertible(Int64.max), "small": .stringConvertible(Int64.min),
                                                "over": .stringConvertible(UInt64.max), "nan": .stringConvertible(Double.nan)])
    }

    @Test func escapesNestingAndOverridesAreTheEncoders() throws {
        try Self.check("a \"quoted\" \\ line\nwith\ttabs, \u{1} and æøå / €", [
            "z": "handler's", "shared": "handler's", "time": "not the time", "message": "not the message",
        ], event: [
            "shared": "event's", "list": .array(["a", .stringConvertible(2), .array([]), .dictionary(["k": "v"])]),
            "object": .dictionary(["b": "2", "a": .stringConvertible(1.5), "Æ": "x", "a_b": "y", "A": "z"]),
            "key \"with\" quotes": "q", "Upper": "u", "_under": "_", "ü": "ü",
        ])
        try Self.check("", [:], event: nil)
    }

    /// Random keys and values, from every range of characters, against the encoder.
    @Test func randomTextIsEscapedAsTheEncoderEscapesIt() throws {
        var generator = SeededRandom(seed: 16)
        let pieces = ["a", "Z", "_", " ", "\"", "\\", "/", "\n", "\r", "\t", "\u{0}", "\u{1f}", "\u{7f}", "æ", "ø", "é", "€", "\u{2028}", "𝄞", "👩‍👩‍👧", "0", "9"]
        func text() -> String { (0..<Int.random(in: 0...8, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined() }
        for _ in 0..<300 {
            var metadata: Logger.Metadata = [:]
            for _ in 0..<Int.random(in: 0...4, using: &generator) { metadata[text()] = .string(text()) }
            var event: Logger.Metadata = [:]
            for _ in 0..<Int.random(in: 0...4, using: &generator) { event[text()] = .array([.string(text()), .dictionary([text(): .string(text())])]) }
            try Self.check(text(), metadata, event: event)
        }
    }

    /// ``LogTime`` against `Date.formatted(.iso8601)` on random instants from 1970 to 9999, fractions of
    /// a second included, and on the edges of days, months, leap years and centuries.
    @Test func theTimeIsTheFormatStylesTime() {
        var generator = SeededRandom(seed: 1970)
        var dates = (0..<5_000).map { _ in Date(timeIntervalSince1970: Double.random(in: 0..<253_402_300_800, using: &generator)) }
        for text in ["1970-01-01T00:00:00Z", "2000-02-29T23:59:59Z", "2000-03-01T00:00:00Z", "2100-02-28T23:59:59Z", "2100-03-01T00:00:00Z",
                     "2024-12-31T23:59:59Z", "2026-12-01T20:45:40Z", "9999-12-31T23:59:59Z"] {
            let date = ISO8601DateFormatter().date(from: text)!
            dates += [date, date.addingTimeInterval(0.999), date.addingTimeInterval(-0.001), date.addingTimeInterval(1)]
        }
        for date in dates where date.timeIntervalSince1970 >= 0 {
            #expect(LogTime.text(date) == date.formatted(.iso8601), "\(date.timeIntervalSince1970)")
        }
    }
}
