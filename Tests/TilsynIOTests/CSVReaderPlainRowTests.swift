import Foundation
import Testing
@testable import TilsynIO
import _TilsynTestSupport

/// A quote-free file is read by the plain-row parser, which hands every row it is unsure of to the
/// general parser: whatever the cells, the table and the errors must be those of the general parser
/// alone (which a file with a quote anywhere gets), and every number strtod's.
@Suite struct CSVReaderPlainRowTests {
    static let header = "n,skip,c,d,t,m"
    static let requests = [
        ColumnRequest("n", .numeric), ColumnRequest("c", .categorical), ColumnRequest("d", .date),
        ColumnRequest("t", .string), ColumnRequest("m", .numeric),
    ]

    /// A numeric cell of a random shape: mostly plain (short, signs, points, leading zeros), some that
    /// the plain path declines (exponents, `+`, long digit runs, 17+ digits), some empty.
    static func numberCell(_ rng: inout SplitMix64) -> String {
        switch rng.next() % 10 {
        case 0: return ""
        case 1: return ["1e5", "+3", "-2.5E-3", "12345678901234567890", "0.000000000123456789", "4.9e-324", "7e22"][Int(rng.next() % 7)]
        case 2: return String(rng.next() % 10)
        default:
            var text = rng.next() % 4 == 0 ? "-" : ""
            for _ in 0..<Int(rng.next() % 9) { text += String(rng.next() % 10) }
            if rng.next() % 2 == 0 || text.isEmpty || text == "-" {
                text += "."
                for _ in 0..<Int(1 + rng.next() % 9) { text += String(rng.next() % 10) }
            }
            return text
        }
    }

    /// `rows` random rows of every column kind: labels (short, long, non-ASCII) that first appear
    /// anywhere, empty cells, texts with UTF-8, and rows ended by LF or CRLF at random.
    static func randomText(rows: Int, seed: UInt64) -> String {
        var rng = SplitMix64(seed: seed)
        let labels = ["IG01", "5-9", "Hovedstaden", "Sjælland", "a-label-of-twenty-bytes", "x", "IG1"]
        var text = header + "\n"
        for i in 0..<rows {
            let label = rng.next() % 9 == 0 ? "" : labels[Int(rng.next() % UInt64(i < rows / 2 ? 3 : labels.count))]
            let date = rng.next() % 7 == 0 ? "" : "20\(10 + rng.next() % 20)-0\(1 + rng.next() % 9)-1\(rng.next() % 10)"
            let texts = ["", "plain", "blå bog", "id-\(i)"]
            text += [numberCell(&rng), i == 0 ? "zz" : "zz\(i)", label, date, texts[Int(rng.next() % 4)], numberCell(&rng)]
                .joined(separator: ",")
            text += rng.next() % 5 == 0 ? "\r\n" : "\n"
        }
        return text
    }

    /// The same text read by the general parser alone: a quote anywhere after the header sends the
    /// reader there, so the first row's skipped cell `zz` is quoted.
    static func general(_ text: String) -> String {
        let quoted = text.replacing(",zz,", with: ",\"zz\",", maxReplacements: 1)
        precondition(quoted != text, "no first-row cell to quote")
        return quoted
    }

    static func expectSameTables(_ text: String, threads: [Int]) throws {
        let general = try readCSV(Self.general(text), Self.requests)
        for threads in threads {
            let table = try readCSV(text, Self.requests, threads: threads, chunk: 1)
            #expect(table.rowCount == general.rowCount)
            for name in ["c", "t"] { #expect(table.columns[name] == general.columns[name], "\(name), \(threads) threads") }
            // Bit patterns, so NaN cells and -0 compare too.
            for name in ["n", "d", "m"] {
                #expect(try table.numeric(name).map(\.bitPattern) == general.numeric(name).map(\.bitPattern),
                        "\(name), \(threads) threads")
            }
        }
    }

    @Test(arguments: [1, 2, 3])
    func randomFilesReadAsTheGeneralParserReadsThem(seed: UInt64) throws {
        try Self.expectSameTables(Self.randomText(rows: 3000, seed: seed), threads: [1, 2, 5])
    }

    /// Dates in runs, as a history's are: the plain parser remembers the last date of each column, so a
    /// run, a date that differs only in its last bytes, an empty cell inside a run and a run after it
    /// must all read as the general parser reads them.
    @Test func datesInRunsReadAsTheGeneralParserReadsThem() throws {
        var text = Self.header + "\n"
        let dates = ["2021-11-16", "2021-11-16", "2021-11-17", "2021-11-16", "", "2021-11-16", "2024-02-29", "2024-02-29",
                     "2021-11-16", "2021-12-16"]
        for i in 0..<2000 { text += "\(i % 3),\(i == 0 ? "zz" : "zz\(i)"),IG01,\(dates[(i / 7) % dates.count]),t,\(i % 5)\n" }
        try Self.expectSameTables(text, threads: [1, 2, 3])
        let table = try readCSV(text, Self.requests)
        #expect(try Array(table.numeric("d").prefix(15)) == Array(repeating: 18947, count: 14) + [18948])
    }

    /// The numbers of a random file are strtod's, the plain path's cells and the declined ones alike.
    @Test func randomCellsAreBitIdenticalToStrtod() throws {
        let text = Self.randomText(rows: 5000, seed: 4)
        let table = try readCSV(text, Self.requests, threads: 2, chunk: 1)
        // "\r\n" is one Character, a newline like "\n".
        let rows = text.split(whereSeparator: \.isNewline).dropFirst()
        #expect(rows.count == 5000)
        for (name, column) in [("n", 0), ("m", 5)] {
            let values = try table.numeric(name)
            for (value, row) in zip(values, rows) {
                let cell = String(row.split(separator: ",", omittingEmptySubsequences: false)[column])
                #expect(cell.isEmpty ? value.isNaN : value.bitPattern == strtodBits(cell), "\(name): \(cell)")
            }
        }
    }

    /// A bad row among plain ones, at its start, middle or end (the last cell, after a CR too): the
    /// plain parser gives the row up and the general parser's sentence names the row and column.
    @Test(arguments: [
        ("5,zz,IG01,2024-01-10,a,1.5x\n", "t.csv, line 4, column 'm': expected a number, found '1.5x'."),
        ("5,zz,IG01,2024-01-10,a,1.5x\r\n", "t.csv, line 4, column 'm': expected a number, found '1.5x'."),
        ("5,zz,IG01,2024-01-10,a,1.5,9\n", "t.csv, line 4: expected 6 fields, found 7."),
        ("5,zz,IG01,2024-01-10,a\n", "t.csv, line 4: expected 6 fields, found 5."),
        ("5,zz,IG01,2024-13-10,a,1\n", "t.csv, line 4, column 'd': expected a date YYYY-MM-DD, found '2024-13-10'."),
        ("1e999,zz,IG01,2024-01-10,a,1\n", "t.csv, line 4, column 'n': expected a finite number (at most about 1.8e308 in size), found '1e999'."),
        ("- 1,zz,IG01,2024-01-10,a,1\n", "t.csv, line 4, column 'n': expected a number, found '- 1'."),
        ("\n", "t.csv, line 4: the line is empty; expected 6 fields."),
    ])
    func badRowAmongPlainRowsIsNamed(row: String, message: String) throws {
        let text = Self.header + "\n1,zz,IG01,2024-01-10,a,0.5\n2,zz,5-9,,b,\n" + row + "3,zz,IG01,2024-01-11,c,7\n"
        let error = try #require(readError(text, Self.requests))
        #expect(error.description == message)
        #expect(readError(Self.general(text), Self.requests)?.description == message)
    }

    /// Invalid UTF-8 in a new label or a text is the general parser's error, from the plain path too.
    @Test func invalidUTF8IsNamed() throws {
        var bytes = Array((Self.header + "\n1,zz,IG01,2024-01-10,a,0.5\n2,zz,").utf8)
        bytes += [0x49, 0xFF] + Array(",2024-01-10,a,0.5\n".utf8)
        var data = bytes
        #expect(throws: DataError.badCell(file: "t.csv", line: 3, column: "c", value: String(decoding: [0x49, 0xFF], as: UTF8.self),
                                          expected: "valid UTF-8 text")) {
            try CSVReader.read(data: &data, source: "t.csv", columns: Self.requests, threads: 1, minimumChunkBytes: 1)
        }
    }
}
