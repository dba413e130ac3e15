import Foundation
import Testing
@testable import TilsynIO
import _TilsynTestSupport

/// Quote-free files are parsed straight into the table's final columns (rows counted per thread
/// first), and a mapped file's parsed pages are released as the parse goes: the tables must be the
/// ones the general path (per-thread columns, then appended) gives, on any thread count.
@Suite struct CSVReaderInPlaceTests {
    /// A quote-free file with every column kind, empty cells, CRLF rows, signs, exponents and
    /// 17+-digit numbers, and labels that first appear late in the file.
    static func quoteFreeText(rows: Int, crlf: Bool = false) -> String {
        var text = "id,x,g,d,s,skip,y\n"
        let numbers = ["0.1", "-2.5e-3", "+17", "12345678901234567890", "1.7976931348623157e308", "4.9e-324",
                       "007.50", "-0", "", "3.141592653589793238", "1e22", "9007199254740993"]
        for i in 0..<rows {
            let g = i < rows / 2 ? "g\(i % 3)" : "late\(i % 5)"
            let d = i % 11 == 0 ? "" : "2024-0\(1 + i % 9)-1\(i % 10)"
            let line = "\(i),\(numbers[i % numbers.count]),\(i % 7 == 0 ? "" : g),\(d),s\(i % 4),zz\(i),\(Double(i) * 0.25 - 3)"
            text += line + (crlf ? "\r\n" : "\n")
        }
        return text
    }

    static let requests = [
        ColumnRequest("id", .string), ColumnRequest("x", .numeric), ColumnRequest("g", .categorical),
        ColumnRequest("d", .date), ColumnRequest("s", .categorical), ColumnRequest("y", .numeric),
    ]

    /// The same text with one cell quoted (a quote anywhere sends the reader down the general path).
    static func quoted(_ text: String) -> String {
        text.replacingOccurrences(of: ",s1,zz1,", with: ",\"s1\",zz1,")
    }

    @Test(arguments: [false, true])
    func inPlaceColumnsEqualTheGeneralPathOnAnyThreadCount(crlf: Bool) throws {
        let text = Self.quoteFreeText(rows: 997, crlf: crlf)
        #expect(Self.quoted(text).contains("\"") && !text.contains("\""))
        let general = try readCSV(Self.quoted(text), Self.requests)
        #expect(general.rowCount == 997)
        for threads in [1, 2, 3, 8] {
            let table = try readCSV(text, Self.requests, threads: threads, chunk: 1)
            #expect(table.rowCount == 997)
            #expect(table.lineNumbers == nil)
            for name in ["id", "g", "s"] { #expect(table.columns[name] == general.columns[name], "\(name), \(threads) threads") }
            // Bit patterns, so NaN cells and -0 compare too.
            for name in ["x", "d", "y"] {
                #expect(try table.numeric(name).map(\.bitPattern) == general.numeric(name).map(\.bitPattern),
                        "\(name), \(threads) threads")
            }
        }
        // Every number is strtod's.
        let x = try readCSV(text, Self.requests, threads: 3, chunk: 1).numeric("x")
        let cells = text.split(separator: "\n", omittingEmptySubsequences: false).dropFirst().prefix(997)
            .map { $0.split(separator: ",", omittingEmptySubsequences: false)[1] }
        for (value, cell) in zip(x, cells) {
            #expect(cell.isEmpty ? value.isNaN : value.bitPattern == strtod(String(cell), nil).bitPattern, "\(cell)")
        }
    }

    @Test func errorsInLaterThreadsNameTheirLine() throws {
        let text = Self.quoteFreeText(rows: 600)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines[501] += ",extra"
        lines[550] = "550,1,a,2024-02-30,s1,zz,1"
        let bad = lines.joined(separator: "\n")
        for threads in [1, 2, 5] {
            var data = Array(bad.utf8)
            #expect(throws: DataError.malformedRow(file: "t.csv", line: 502, reason: "expected 7 fields, found 8")) {
                try CSVReader.read(data: &data, source: "t.csv", columns: Self.requests, threads: threads, minimumChunkBytes: 1)
            }
        }
        lines[501].removeLast(",extra".count)
        for threads in [1, 4] {
            var data = Array(lines.joined(separator: "\n").utf8)
            #expect(throws: DataError.badCell(file: "t.csv", line: 551, column: "d", value: "2024-02-30",
                                              expected: "a date YYYY-MM-DD")) {
                try CSVReader.read(data: &data, source: "t.csv", columns: Self.requests, threads: threads, minimumChunkBytes: 1)
            }
        }
    }

    /// A file of several megabytes is mapped, split over threads and its pages released as parsed; the
    /// table is the one read from the same bytes in memory, and the file's digest is of those bytes.
    @Test func mappedFileWhosePagesAreReleasedReadsAsItsBytes() throws {
        let directory = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("big.csv").path
        let text = Self.quoteFreeText(rows: 250_000)
        #expect(text.utf8.count > 2 * ChunkParser.releaseBytes)
        try AtomicFile.write(string: text, to: path)
        let fromMemory = try CSVReader.read(bytes: Array(text.utf8), source: path, columns: Self.requests, threads: 1)
        for threads in [1, 2, 3] {
            let (mapped, sha256) = try CSVReader.readDigested(path: path, columns: Self.requests, threads: threads)
            #expect(mapped.rowCount == 250_000)
            #expect(sha256 == FileDigest.sha256(Data(text.utf8)))
            for name in ["id", "g", "s"] { #expect(mapped.columns[name] == fromMemory.columns[name]) }
            for name in ["x", "d", "y"] {
                #expect(try mapped.numeric(name).map(\.bitPattern) == fromMemory.numeric(name).map(\.bitPattern))
            }
        }
    }
}
