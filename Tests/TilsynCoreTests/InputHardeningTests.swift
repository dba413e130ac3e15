import Foundation
import Testing
import TilsynCore
import TilsynIO

/// Issue 17: what an attacker or a clumsy operator can put in a register or a spec (findings 2, 9, 10).
@Suite struct InputHardeningTests {
    static func table(_ csv: String) throws -> DataTable {
        try CSVReader.read(bytes: Array(csv.utf8), source: "register.csv", columns: [ColumnRequest("unit_id", .string)], threads: 1)
    }

    /// Finding 2's class: an id SQLite or a terminal reads differently from Swift is refused where the
    /// register's unit column is read, naming the line.
    @Test(arguments: [
        ("1000000001\u{1B}evil", "expected a unit id (it holds the control character \\u{1B}), found '1000000001\\u{1B}evil'"),
        ("A\u{202E}B", "expected a unit id (it holds the control character \\u{202E}), found 'A\\u{202E}B'"),
        (" P1", "expected a unit id (it begins or ends with a space), found ' P1'"),
        ("A\u{030A}", "expected a unit id (it is not in Unicode normal form C (an accented letter is written as letter + accent)), found 'Å'"),
    ])
    func anIdThatWouldReadDifferentlyIsRefusedNamingItsLine(id: String, expected: String) throws {
        let table = try Self.table("unit_id\nP0\n\"\(id)\"\n")
        do {
            _ = try table.unitIDs("unit_id")
            Issue.record("'\(DisplayText.escaped(id))' must be refused")
        } catch {
            #expect("\(error)" == "register.csv, line 3, column 'unit_id': \(expected).")
        }
    }

    @Test func ordinaryIdsPass() throws {
        let table = try Self.table("unit_id\n1000000001\nP-07/Å\n\"Jensen & Søn, ApS\"\n")
        #expect(try table.unitIDs("unit_id") == ["1000000001", "P-07/Å", "Jensen & Søn, ApS"])
        #expect(UnitID.problem(String(repeating: "x", count: UnitID.maxLength)) == nil)
        #expect(UnitID.problem(String(repeating: "x", count: UnitID.maxLength + 1)) == "it is longer than 200 characters")
    }

    /// Finding 9: a message quoting an input never carries a raw control character.
    @Test func quotedValuesShowControlCharactersEscaped() {
        #expect(DisplayText.escaped("a\u{1B}[2Jb\u{7}\0\t\\") == "a\\u{1B}[2Jb\\u{7}\\0\\t\\\\")
        #expect(DisplayText.escaped(#"C:\data\x.csv"#) == #"C:\data\x.csv"#, "nothing to escape: shown as is")
        let message = DataError.badCell(file: "r.csv", line: 2, column: "n", value: "\u{1B}]0;owned\u{7}", expected: "a number").description
        #expect(message == "r.csv, line 2, column 'n': expected a number, found '\\u{1B}]0;owned\\u{7}'.")
        #expect(!message.unicodeScalars.contains { $0.value < 0x20 })
    }

    /// Finding 10: a 100,000-deep JSON spec gets its own sentence, not "not valid JSON".
    @Test func aDeeplyNestedSpecIsRefusedWithWhereItWentTooDeep() {
        let deep = Data((String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)).utf8)
        #expect(throws: SpecError(file: "deep.json", field: "", problem: "nests arrays and objects more than 64 levels deep (at byte 65, line 1); no Tilsyn file needs more than a few levels")) {
            try ModelSpec.decode(deep, file: "deep.json")
        }
        #expect(JSONNesting.tooDeep(Data(#"{"a": "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["}"#.utf8)) == nil,
                "brackets inside strings do not count")
    }

    /// Finding 10: a spec with 10,000 features (here 10,000 bins) gives a message of bounded length.
    @Test func aHugeSpecGivesABoundedMessage() throws {
        let edges = (0...10_000).map(String.init).joined(separator: ",")
        let spec = #"{"name":"x","version":"1","unit":"u","label":"y","features":[{"name":"b","type":"binned","edges":[\#(edges)],"reference":"nope"}]}"#
        do {
            _ = try ModelSpec.decode(Data(spec.utf8), file: "wide.json")
            Issue.record("a reference outside the bins must be refused")
        } catch {
            let message = "\(error)"
            #expect(message.count < 400, "\(message.count) characters")
            #expect(message.hasSuffix("and 9988 more."), "\(message)")
        }
        #expect(Abbreviated.list((1...10_000).map { "f\($0)" }) == "f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11, f12 and 9988 more")
    }
}
