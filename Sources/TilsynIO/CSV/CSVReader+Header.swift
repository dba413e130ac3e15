import TilsynCore

extension CSVReader {
    /// The header record: names, where the data starts, and the line feeds it spans.
    struct Header {
        var names: [String]
        /// Index of the first byte after the header's line feed (or the end of the data).
        var end: Int
        /// Line feeds consumed, its terminator included; the first data row is on line `1 + lineFeeds`.
        var lineFeeds: Int
        /// Whether a line feed (or the end of the input) ended the record.
        var terminated: Bool
    }

    static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// Where the text starts: after a UTF-8 byte order mark if there is one.
    static func textStart(_ b: UnsafeBufferPointer<UInt8>) -> Int {
        b.count >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF ? 3 : 0
    }

    /// Parses and checks the header record at `start`: RFC 4180 quoting, UTF-8, no duplicate names.
    ///
    /// - Parameter atEndOfInput: whether `b` holds the whole input; if not, a record cut off by the end
    ///   of `b` comes back with `terminated == false` so the caller can read more.
    static func parseHeader(
        _ b: UnsafeBufferPointer<UInt8>, from start: Int, source: String, atEndOfInput: Bool = true
    ) throws(DataError) -> Header {
        var fields: [[UInt8]] = []
        var current: [UInt8] = []
        var i = start
        var feeds = 0
        var atFieldStart = true
        var quoted = false
        var terminated = false
        func finishField() {
            fields.append(current)
            current = []
            atFieldStart = true
            quoted = false
        }
        scan: while i < b.count {
            let c = b[i]
            if atFieldStart && c == UInt8(ascii: "\"") {
                atFieldStart = false
                quoted = true
                i += 1
                while true {
                    guard i < b.count else {
                        if !atEndOfInput { return Header(names: [], end: i, lineFeeds: feeds, terminated: false) }
                        throw .malformedRow(file: source, line: 1, reason:
                            "the quote that opens header column \(fields.count + 1) is never closed")
                    }
                    let q = b[i]
                    if q == UInt8(ascii: "\"") {
                        if i + 1 < b.count && b[i + 1] == UInt8(ascii: "\"") {
                            current.append(q)
                            i += 2
                            continue
                        }
                        i += 1
                        break
                    }
                    if q == UInt8(ascii: "\n") { feeds += 1 }
                    current.append(q)
                    i += 1
                }
                guard i >= b.count || b[i] == UInt8(ascii: ",") || b[i] == UInt8(ascii: "\n")
                        || (b[i] == UInt8(ascii: "\r") && i + 1 < b.count && b[i + 1] == UInt8(ascii: "\n"))
                else {
                    throw .malformedRow(file: source, line: 1 + feeds, reason:
                        "header column \(fields.count + 1) has text after its closing quote")
                }
                continue
            }
            atFieldStart = false
            switch c {
            case UInt8(ascii: ","):
                finishField()
            case UInt8(ascii: "\n"):
                if !quoted, current.last == UInt8(ascii: "\r") { current.removeLast() }
                feeds += 1
                i += 1
                terminated = true
                break scan
            case UInt8(ascii: "\r") where quoted:
                break  // the CR of a CRLF after a closing quote
            case UInt8(ascii: "\""):
                throw .malformedRow(file: source, line: 1 + feeds, reason:
                    "header column \(fields.count + 1) has a quote inside an unquoted name")
            default:
                current.append(c)
            }
            i += 1
        }
        if !terminated && !atEndOfInput { return Header(names: [], end: i, lineFeeds: feeds, terminated: false) }
        fields.append(current)
        var names: [String] = []
        var seen: Set<String> = []
        for (index, field) in fields.enumerated() {
            guard let name = String(validating: field, as: UTF8.self) else {
                throw .invalid(file: source, reason: "header column \(index + 1) is not valid UTF-8 text")
            }
            guard seen.insert(name).inserted else { throw .duplicateColumn(file: source, column: name) }
            names.append(name)
        }
        return Header(names: names, end: i, lineFeeds: feeds, terminated: true)
    }
}
