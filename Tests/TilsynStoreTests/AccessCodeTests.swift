import Foundation
import GRDB
import Testing
@testable import TilsynStore
import _TilsynTestSupport

@Suite struct AccessCodeTests {
    static let t0 = isoTime("2026-03-01T10:00:00Z")

    @Test func codesLookLikeTheFormat() async throws {
        let db = try TilsynDatabase.inMemory()
        let codes = try await db.issueAccessCodes(units: (1...200).map { "U\($0)" }, at: Self.t0)
        #expect(codes.map(\.unit) == (1...200).map { "U\($0)" })
        let pattern = try Regex("^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{2}$")
        for code in codes { #expect(code.code.wholeMatch(of: pattern) != nil, "\(code.code)") }
        #expect(Set(codes.map(\.code)).count == 200)
        // Every symbol turns up: the 5-bit groups are drawn from the whole alphabet.
        #expect(Set(codes.flatMap { $0.code.filter { $0 != "-" } }).count == 32)
    }

    @Test func rightCodeWrongCodeAndAnotherUnitsCode() async throws {
        let db = try TilsynDatabase.inMemory()
        let codes = try await db.issueAccessCodes(units: ["P1", "P2"], at: Self.t0)
        #expect(try await db.verifyAccessCode(unit: "P1", code: codes[0].code))
        #expect(try await db.verifyAccessCode(unit: "P2", code: codes[1].code))
        #expect(try await !db.verifyAccessCode(unit: "P1", code: codes[1].code), "another unit's code")
        var wrong = Array(codes[0].code)
        wrong[0] = wrong[0] == "A" ? "B" : "A"
        #expect(try await !db.verifyAccessCode(unit: "P1", code: String(wrong)))
        #expect(try await !db.verifyAccessCode(unit: "P9", code: codes[0].code), "unknown unit")
        #expect(try await !db.verifyAccessCode(unit: "P1", code: ""))
        #expect(try await !db.verifyAccessCode(unit: "P1", code: codes[0].code + "0"), "too long")
        #expect(try await !db.verifyAccessCode(unit: "P1", code: String(codes[0].code.dropLast())), "too short")
    }

    @Test func typingIsForgiven() async throws {
        let db = try TilsynDatabase.inMemory()
        let code = try #require(try await db.issueAccessCodes(units: ["P1"], at: Self.t0).first).code
        let bare = code.replacingOccurrences(of: "-", with: "")
        #expect(try await db.verifyAccessCode(unit: "P1", code: code.lowercased()))
        #expect(try await db.verifyAccessCode(unit: "P1", code: bare))
        #expect(try await db.verifyAccessCode(unit: "P1", code: " " + code.replacingOccurrences(of: "-", with: " ") + " "))
        #expect(try await db.verifyAccessCode(unit: "P1", code: code.replacingOccurrences(of: "0", with: "O").replacingOccurrences(of: "1", with: "l")))
        #expect(AccessCodeFormat.normalise("k7qd-4m2x 9trb-h3") == Array("K7QD4M2X9TRBH3".utf8))
        #expect(AccessCodeFormat.normalise("OIL0-0000-0000-00") == Array("01100000000000".utf8))
        #expect(AccessCodeFormat.normalise("K7QD-4M2X-9TRB-HU") == nil, "U is not in the alphabet")
        #expect(AccessCodeFormat.normalise("K7QD-4M2X-9TRB-HÆ") == nil)
    }

    @Test func reissueInvalidatesTheOldCode() async throws {
        let db = try TilsynDatabase.inMemory()
        let first = try await db.issueAccessCodes(units: ["P1", "P2"], at: Self.t0)
        let second = try await db.issueAccessCodes(units: ["P1"], at: isoTime("2026-04-01T10:00:00Z"))
        #expect(try await !db.verifyAccessCode(unit: "P1", code: first[0].code))
        #expect(try await db.verifyAccessCode(unit: "P1", code: second[0].code))
        #expect(try await db.verifyAccessCode(unit: "P2", code: first[1].code), "other units keep theirs")
        #expect(try await db.accessCodeIssued(unit: "P1") == isoTime("2026-04-01T10:00:00Z"))
        let entries = try await db.auditEntries(subject: "unit:P1")
        #expect(entries.map(\.event) == ["code.issued", "code.issued"])
        #expect(entries.map { $0.detail.hasPrefix(#"{"replaced":false,"row_sha256":""#) } == [true, false])
        #expect(entries.map { $0.detail.hasPrefix(#"{"replaced":true,"row_sha256":""#) } == [false, true])
    }

    @Test func repeatedOrEmptyUnitsAreRefusedAndNothingIsIssued() async throws {
        let db = try TilsynDatabase.inMemory()
        await #expect(throws: StoreError.invalidField(field: "unit", reason: "'P1' is listed twice; a unit has one code")) {
            try await db.issueAccessCodes(units: ["P1", "P2", "P1"], at: Self.t0)
        }
        await #expect(throws: StoreError.invalidField(field: "unit", reason: "must not be empty")) {
            try await db.issueAccessCodes(units: ["P1", " "], at: Self.t0)
        }
        #expect(try await db.accessCodeIssued(unit: "P1") == nil)
        #expect(try await db.auditEntries().isEmpty)
    }

    @Test func codesAreNeverStoredInPlainText() async throws {
        let dir = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("store.sqlite").path
        var codes: [IssuedAccessCode] = []
        do {
            let db = try TilsynDatabase(path: path)
            codes = try await db.issueAccessCodes(units: (1...50).map { "P\($0)" }, at: Self.t0)
            // Every byte the store has written so far, WAL included, while it is still open…
            try await expectAbsent(codes, in: dir)
            #expect(try await db.verifyAccessCode(unit: "P7", code: codes[6].code))
        }
        // …and after it is closed and checkpointed into the main file.
        try await expectAbsent(codes, in: dir)
        #expect(try await TilsynDatabase(path: path).verifyAccessCode(unit: "P7", code: codes[6].code))
    }

    private func expectAbsent(_ codes: [IssuedAccessCode], in dir: URL) async throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        #expect(files.contains("store.sqlite"))
        var bytes = Data()
        for file in files { bytes += try Data(contentsOf: dir.appendingPathComponent(file)) }
        #expect(bytes.count > 0)
        for code in codes {
            for form in [code.code, code.code.replacingOccurrences(of: "-", with: ""), code.code.lowercased()] {
                #expect(bytes.range(of: Data(form.utf8)) == nil, "\(form) found in the store's files")
            }
        }
        #expect(bytes.range(of: Data("P7".utf8)) != nil, "the scan does read the store")
    }
}
