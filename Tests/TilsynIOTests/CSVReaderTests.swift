import Foundation
import Testing
@testable import TilsynIO
import _TilsynTestSupport

/// Reads `text` as a CSV file named "t.csv".
func readCSV(_ text: String, _ columns: [ColumnRequest], threads: Int = 1, chunk: Int = 1 << 20) throws(DataError) -> DataTable {
    var data = Array(text.utf8)
    return try CSVReader.read(data: &data, source: "t.csv", columns: columns, threads: threads, minimumChunkBytes: chunk)
}

func readError(_ text: String, _ columns: [ColumnRequest]) -> DataError? {
    do {
        _ = try readCSV(text, columns)
        return nil
    } catch {
        return error
    }
}

@Suite struct CSVReaderTests {
    @Test func quotingEscapesAndEmbeddedLineBreaks() throws {
        let text = "id,note,x\n1,\"a, b\",1.5\n2,\"say \"\"hi\"\"\",2\n3,\"two\nlines\",3\n4,plain,4\n5,\"x\",oops\n"
        let error = readError(text, [ColumnRequest("note", .string), ColumnRequest("x", .numeric)])
        // Row 5 starts on line 7 because row 3 spans lines 4-5.
        #expect(error == .badCell(file: "t.csv", line: 7, column: "x", value: "oops", expected: "a number"))

        let table = try readCSV(text.replacingOccurrences(of: "5,\"x\",oops\n", with: ""), [ColumnRequest("note", .string), ColumnRequest("x", .numeric)])
        #expect(try table.strings("note") == ["a, b", "say \"hi\"", "two\nlines", "plain"])
        #expect(try table.numeric("x") == [1.5, 2, 3, 4])
        #expect(table.lineNumbers == [2, 3, 4, 6])
        #expect(table.line(ofRow: 3) == 6)
    }

    @Test func lineNumbersStayUnsetWithoutQuotedLineBreaks() throws {
        let table = try readCSV("a,b\n1,\"x\"\n2,y\n", [ColumnRequest("a", .numeric)])
        #expect(table.lineNumbers == nil)
        #expect(table.line(ofRow: 1) == 3)
    }

    @Test func crlfBomAndDanishLetters() throws {
        let text = "\u{FEFF}enhed,by,værdi\r\n007,Århus,1\r\n008,Køge,\r\n009,\"Æblø, Å\",-2.5e1\r\n"
        let table = try readCSV(text, [ColumnRequest("enhed", .string), ColumnRequest("by", .categorical),
                                       ColumnRequest("værdi", .numeric)])
        #expect(table.header == ["enhed", "by", "værdi"])
        #expect(try table.strings("enhed") == ["007", "008", "009"])
        let by = try table.categorical("by")
        #expect(by.levels == ["Århus", "Køge", "Æblø, Å"])
        let values = try table.numeric("værdi")
        #expect(values[0] == 1 && values[1].isNaN && values[2] == -25)
    }

    @Test func emptyCellsAndMissingTrailingNewline() throws {
        let table = try readCSV("a,b,c,d\n,,,\n1,x,y,2020-02-29", [
            ColumnRequest("a", .numeric), ColumnRequest("b", .categorical), ColumnRequest("c", .string),
            ColumnRequest("d", .date), ColumnRequest("zz", .numeric, required: false),
        ])
        #expect(table.rowCount == 2)
        #expect(try table.numeric("a")[0].isNaN)
        #expect(try table.categorical("b").codes == [-1, 0])
        #expect(try table.strings("c") == ["", "y"])
        let d = try table.numeric("d")
        #expect(d[0].isNaN && d[1] == 18321)
        #expect(table.columns["zz"] == nil)
    }

    @Test func categoricalLevelsInFirstAppearanceOrderAcrossThreads() throws {
        var text = "g,x\n"
        let labels = ["c", "a", "c", "b", "a", "d", "", "e", "b", "f"]
        for i in 0..<400 { text += "\(labels[(i * 7 + i / 13) % labels.count]),\(i)\n" }
        let requests = [ColumnRequest("g", .categorical), ColumnRequest("x", .numeric)]
        let single = try readCSV(text, requests)
        for threads in [2, 3, 7] {
            let multi = try readCSV(text, requests, threads: threads, chunk: 1)
            #expect(multi.columns == single.columns)
            #expect(multi.rowCount == 400)
        }
        var seen: [String] = []
        for i in 0..<400 {
            let label = labels[(i * 7 + i / 13) % labels.count]
            if !label.isEmpty && !seen.contains(label) { seen.append(label) }
        }
        #expect(try single.categorical("g").levels == seen)
    }

    @Test func multiThreadEqualsSingleThreadWithQuotesAndLineBreaks() throws {
        var text = "id,note,x,d\n"
        for i in 0..<300 {
            let note = i % 17 == 0 ? "\"multi\nline, \"\"quoted\"\"\"" : (i % 5 == 0 ? "\"q,\(i)\"" : "n\(i)")
            text += "\(i),\(note),\(Double(i) * 0.37 - 20),2024-01-\(10 + i % 20)\n"
        }
        let requests = [ColumnRequest("id", .string), ColumnRequest("note", .categorical),
                        ColumnRequest("x", .numeric), ColumnRequest("d", .date)]
        let single = try readCSV(text, requests)
        for threads in [2, 4, 9] {
            let multi = try readCSV(text, requests, threads: threads, chunk: 1)
            #expect(multi.columns == single.columns)
            #expect(multi.lineNumbers == single.lineNumbers)
        }
        #expect(single.lineNumbers?.last == 2 + 299 + 18)
        // An error late in the file names the right line from any thread count.
        let bad = text + "300,n,1,2024-02-30\n"
        for threads in [1, 3] {
            var data = Array(bad.utf8)
            #expect(throws: DataError.badCell(file: "t.csv", line: 2 + 300 + 18, column: "d", value: "2024-02-30",
                                              expected: "a date YYYY-MM-DD")) {
                try CSVReader.read(data: &data, source: "t.csv", columns: requests, threads: threads, minimumChunkBytes: 1)
            }
        }
    }

    @Test(arguments: [
        ("a,b\n1,2\n3\n", "t.csv, line 3: expected 2 fields, found 1."),
        ("a,b\n1,2\n3,4,5,6\n", "t.csv, line 3: expected 2 fields, found 4."),
        ("a,b\n1,2\n\n3,4\n", "t.csv, line 3: the line is empty; expected 2 fields."),
        ("a,b\n1,\"open\n2,3\n", "t.csv, line 2: the quote that opens column 'b' is never closed."),
        ("a,b\n1,\"x\"y\n", "t.csv, line 2: column 'b' has text after its closing quote; double any quote inside a quoted field."),
        ("a,b\n1,x\"y\n", "t.csv, line 2: column 'b' has a quote inside an unquoted field; quote the whole field and double the inner quotes."),
        ("", "t.csv: the file is empty; expected a header row and data rows."),
        ("\n\r\n", "t.csv: the file is empty; expected a header row and data rows."),
        ("a,b\r\n", "t.csv: the file has a header but no data rows."),
        ("a,b,a\n1,2,3\n", "t.csv: the header names column 'a' more than once."),
        ("x,y\n1,2\n", "t.csv: there is no column 'a' (the header has: x, y)."),
        ("a,b\n1,NA\n", "t.csv, line 2, column 'b': expected a number, found 'NA'."),
        ("a,b\n1, 2\n", "t.csv, line 2, column 'b': expected a number without spaces around it, found ' 2'."),
        ("a,b\n1,1e999\n", "t.csv, line 2, column 'b': expected a finite number (at most about 1.8e308 in size), found '1e999'."),
    ])
    func errorsNameFileLineAndColumn(text: String, message: String) throws {
        let error = try #require(readError(text, [ColumnRequest("a", .numeric), ColumnRequest("b", .numeric)]))
        #expect(error.description == message)
    }

    @Test(arguments: ["NA", "1,5", "abc", "inf", "nan", "-inf", "0x1p3", "1e", "1e+", ".", "-", "+", "1.2.3", "1 ", " 1", "1_000", "١"])
    func rejectsWhatIsNotANumber(cell: String) throws {
        let text = "a\n" + (cell.contains(",") ? "\"\(cell)\"" : cell) + "\n"
        let error = try #require(readError(text, [ColumnRequest("a", .numeric)]))
        guard case .badCell(let file, let line, let column, let value, _) = error else {
            Issue.record("unexpected \(error)")
            return
        }
        #expect((file, line, column, value) == ("t.csv", 2, "a", cell))
    }

    @Test(arguments: [("2023-02-29", false), ("2024-02-29", true), ("1900-02-29", false), ("2000-02-29", true),
                      ("2024-04-31", false), ("2024-13-01", false), ("2024-1-01", false), ("24-01-01", false),
                      ("2024-00-10", false), ("2024-12-31", true), ("1970-01-01", true)])
    func datesAreStrict(text: String, valid: Bool) throws {
        let error = readError("d\n\(text)\n", [ColumnRequest("d", .date)])
        #expect((error == nil) == valid)
        if !valid {
            #expect(error == .badCell(file: "t.csv", line: 2, column: "d", value: text, expected: "a date YYYY-MM-DD"))
        }
        #expect(try readCSV("d\n1970-01-01\n1969-12-31\n", [ColumnRequest("d", .date)]).numeric("d") == [0, -1])
    }

    @Test func invalidUTF8IsNamed() throws {
        var data = Array("id,name\n1,".utf8) + [0xC3, 0x28] + Array("\n".utf8)
        #expect(throws: DataError.badCell(file: "t.csv", line: 2, column: "name", value: "\u{FFFD}(",
                                          expected: "valid UTF-8 text")) {
            try CSVReader.read(data: &data, source: "t.csv", columns: [ColumnRequest("name", .categorical)],
                               threads: 1, minimumChunkBytes: 1)
        }
        var header = Array("id,".utf8) + [0xFF] + Array("\n1,2\n".utf8)
        #expect(throws: DataError.invalid(file: "t.csv", reason: "header column 2 is not valid UTF-8 text")) {
            try CSVReader.read(data: &header, source: "t.csv", columns: [], threads: 1, minimumChunkBytes: 1)
        }
    }

    @Test func filesAndHeaders() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tilsyn-csv-\(UUID())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/data.csv"
        try AtomicFile.write(string: "\u{FEFF}\"unit id\",x\n007,1\n", to: path)
        #expect(try CSVReader.header(path: path) == ["unit id", "x"])
        let table = try CSVReader.read(path: path, columns: [ColumnRequest("unit id", .string)])
        #expect(table.source == path)
        #expect(try table.strings("unit id") == ["007"])
        #expect(throws: DataError.fileNotFound(file: directory + "/nope.csv")) {
            try CSVReader.read(path: directory + "/nope.csv", columns: [])
        }
        #expect(throws: DataError.fileNotFound(file: directory + "/nope.csv")) {
            try CSVReader.header(path: directory + "/nope.csv")
        }
        // Mapped in place when the file ends in a line feed (trailing blank lines ignored), read into
        // memory when a final line feed has to be added: the same table either way.
        for text in ["a,b\n1,x\n2,y\n", "a,b\n1,x\n2,y", "a,b\r\n1,x\r\n2,y\r\n\r\n\n", "a,b\n1,x\n2,y\r"] {
            try AtomicFile.write(string: text, to: path)
            let t = try CSVReader.read(path: path, columns: [ColumnRequest("a", .numeric), ColumnRequest("b", .string)], threads: 2)
            #expect(try t.numeric("a") == [1, 2] && t.strings("b") == ["x", "y"], "\(Array(text.utf8))")
        }
        try AtomicFile.write(string: "a\n1\nzz\n", to: path)
        #expect(throws: DataError.badCell(file: path, line: 3, column: "a", value: "zz", expected: "a number")) {
            try CSVReader.read(path: path, columns: [ColumnRequest("a", .numeric)])
        }
        try AtomicFile.write(string: "\n\r\n", to: path)
        #expect(throws: DataError.emptyFile(file: path)) { try CSVReader.read(path: path, columns: []) }
        try AtomicFile.write(string: "", to: path)
        #expect(throws: DataError.emptyFile(file: path)) { try CSVReader.header(path: path) }
        #expect(throws: DataError.emptyFile(file: path)) { try CSVReader.read(path: path, columns: []) }
    }
}
