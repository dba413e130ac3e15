import Foundation
import Testing
import TilsynCore
import TilsynIO

/// Issue 17: files Tilsyn reads and writes (findings 8, 9, 10).
@Suite struct OutputHardeningTests {
    let dir: URL

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("tilsyn-hardening-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { dir.appendingPathComponent(name).path }

    /// Finding 10: a NUL-filled file is refused before parsing, with the byte and line; by design the
    /// reader then holds only its 64 KiB probe (a NUL at the start) or the file itself (a NUL later),
    /// never the parse structures that cost 6.3 GB for 2 GB of NULs.
    @Test func aNULFilledFileIsRefusedBeforeParsing() throws {
        try Data(count: 300_000).write(to: URL(fileURLWithPath: path("zeros.csv")))
        #expect(throws: DataError.invalid(file: path("zeros.csv"), reason: "byte 1 (line 1) is a NUL character; a CSV file is UTF-8 text, which never holds one, so this looks like a binary or zero-filled file")) {
            try CSVReader.read(path: path("zeros.csv"), columns: [ColumnRequest("unit_id", .string)], threads: 1)
        }
        var late = Data("unit_id,x\n".utf8) + Data(repeating: UInt8(ascii: "a"), count: 100_000)
        late += Data("\nP1\0evil,2\n".utf8)
        try late.write(to: URL(fileURLWithPath: path("late.csv")))
        #expect(throws: DataError.invalid(file: path("late.csv"), reason: "byte 100014 (line 3) is a NUL character; a CSV file is UTF-8 text, which never holds one, so this looks like a binary or zero-filled file")) {
            try CSVReader.readDigested(path: path("late.csv"), columns: [ColumnRequest("unit_id", .string)], threads: 1)
        }
    }

    /// Finding 2 at the reader: the NUL row that gave one company another's card never gets past it.
    @Test func aNULInAQuotedIdIsRefused() {
        #expect(throws: DataError.invalid(file: "r.csv", reason: "byte 23 (line 3) is a NUL character; a CSV file is UTF-8 text, which never holds one, so this looks like a binary or zero-filled file")) {
            try CSVReader.read(bytes: Array("unit_id\nP0\n\"1000000001\0evil\"\n".utf8), source: "r.csv", columns: [ColumnRequest("unit_id", .string)], threads: 1)
        }
    }

    /// Finding 9: cells a spreadsheet would run are written as text; numbers stay numbers.
    @Test(arguments: [
        ("=cmd|' /C calc'!A0", #""'=cmd|' /C calc'!A0""#),
        ("@SUM(A1)", #""'@SUM(A1)""#),
        ("+1+cmd", #""'+1+cmd""#),
        ("-2+3", #""'-2+3""#),
        ("\tx", "\"'\tx\""),
        ("-0.25", "-0.25"),
        ("+3e-4", "+3e-4"),
        ("P-1", "P-1"),
        ("a,b", #""a,b""#),
    ])
    func formulaCellsAreWrittenAsText(cell: String, written: String) {
        var csv = CSVWriter()
        csv.append(cell)
        #expect(String(decoding: csv.bytes, as: UTF8.self) == written)
    }

    /// Finding 10: every output is created 0600 (the store's own test is in the CLI tests).
    @Test func outputsAreReadableByTheirOwnerOnly() throws {
        try AtomicFile.write(string: "rank,unit\n", to: path("list.csv"))
        try AtomicFile.write(Array("u,c\n".utf8), to: path("codes.csv"), secret: true)
        for name in ["list.csv", "codes.csv"] {
            let mode = try #require(try FileManager.default.attributesOfItem(atPath: path(name))[.posixPermissions] as? Int)
            #expect(mode == 0o600, "\(name): \(String(mode, radix: 8))")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["codes.csv", "list.csv"], "no temporary file is left")
    }

    /// Finding 8: temporary files a killed run left are removed by the next write in their directory;
    /// a running process's are left alone.
    @Test func temporariesOfDeadProcessesAreRemovedOnTheNextWrite() throws {
        let ownPID = ProcessInfo.processInfo.processIdentifier
        let stale = ".codes.csv.tmp-2147483000-12345", live = ".list.csv.tmp-\(ownPID)-1", other = ".hidden-notes"
        for name in [stale, live, other] { try Data("x".utf8).write(to: URL(fileURLWithPath: path(name))) }
        try AtomicFile.write(string: "x\n", to: path("scores.csv"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == [other, live, "scores.csv"].sorted())
    }
}
