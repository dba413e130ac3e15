import Foundation
import Testing
import TilsynCore
@testable import TilsynIO

/// The one-pass census (line feeds, quotes, any NUL) the quote-free reader takes before it parses must
/// count exactly what a byte-by-byte count finds, at every length and alignment, and a NUL anywhere
/// in a file must still be refused with its byte and line, whichever part of the split it falls in.
@Suite struct ByteCensusTests {
    static func naive(_ bytes: ArraySlice<UInt8>) -> ByteCensus {
        ByteCensus(lineFeeds: bytes.count { $0 == UInt8(ascii: "\n") }, quotes: bytes.count { $0 == UInt8(ascii: "\"") },
                   hasNUL: bytes.contains(0))
    }

    @Test func countsWhatAByteByByteCountFinds() {
        var random = SeededRandom(seed: 2026)
        // Mostly the three bytes that matter, so counts reach past a lane's 255 within one range.
        let alphabet: [UInt8] = [10, 10, 10, 34, 34, 0, 44, 48, 57, 13, 255, 128]
        for length in [0, 1, 15, 16, 17, 31, 33, 255 * 16 - 1, 255 * 16, 255 * 16 + 17, 20_000] {
            for trial in 0..<4 {
                let bytes = (0..<(length + 40)).map { _ in
                    trial == 3 ? alphabet[Int.random(in: 0..<5, using: &random)] : alphabet[Int.random(in: 0..<alphabet.count, using: &random)]
                }
                for from in [0, 1, 7, 39] {
                    let to = from + length
                    let census = bytes.withUnsafeBufferPointer { ByteCensus.take($0, from: from, to: to) }
                    #expect(census == Self.naive(bytes[from..<to]), "length \(length), from \(from), trial \(trial)")
                }
            }
        }
        // A NUL only in the scalar tail, or only in a vector block, or nowhere.
        var text = [UInt8](repeating: UInt8(ascii: "a"), count: 100)
        #expect(text.withUnsafeBufferPointer { ByteCensus.take($0, from: 0, to: 100) }.hasNUL == false)
        text[99] = 0
        #expect(text.withUnsafeBufferPointer { ByteCensus.take($0, from: 0, to: 100) }.hasNUL)
        text[99] = 1
        text[3] = 0
        #expect(text.withUnsafeBufferPointer { ByteCensus.take($0, from: 0, to: 100) }.hasNUL)
    }

    /// A mapped file read on two threads, with a NUL past the 64 KiB probe in the second part: refused
    /// with the byte and line counted over the whole file, not the part.
    @Test func aNULInTheSecondPartOfAMappedFileIsNamedByItsByteAndLine() throws {
        var text = "unit_id,x\n"
        for i in 0..<40_000 { text += "P\(i),\(i % 10)\n" }
        var bytes = Array(text.utf8)
        let offset = bytes.count - 5
        bytes[offset] = 0
        let line = bytes[..<offset].count { $0 == UInt8(ascii: "\n") } + 1
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("tilsyn-census-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data(bytes).write(to: file)
        let expected = DataError.invalid(file: file.path, reason: "byte \(offset + 1) (line \(line)) is a NUL character; a CSV file is UTF-8 text, which never holds one, so this looks like a binary or zero-filled file")
        var data = bytes
        #expect(throws: expected) {
            try CSVReader.read(data: &data, source: file.path, columns: [ColumnRequest("unit_id", .string), ColumnRequest("x", .numeric)],
                               threads: 2, minimumChunkBytes: 1)
        }
        #expect(throws: expected) {
            try CSVReader.read(path: file.path, columns: [ColumnRequest("unit_id", .string)], threads: 2)
        }
    }
}
