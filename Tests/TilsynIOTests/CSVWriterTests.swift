import Foundation
import Testing
@testable import TilsynIO
import _TilsynTestSupport

@Suite struct CSVWriterTests {
    @Test func quotesOnlyWhenNeededAndFormatsNumbers() {
        var writer = CSVWriter(header: ["a", "b,c"])
        writer.append("plain"); writer.append("has \"q\""); writer.endRow()
        writer.append("line\nbreak"); writer.append("cr\r"); writer.endRow()
        writer.append(3.0); writer.append(-0.0); writer.endRow()
        writer.append(.nan); writer.append(0.1); writer.endRow()
        writer.append(1e15); writer.append(-123456789012345.0); writer.endRow()
        writer.append(42); writer.appendMissing(); writer.endRow()
        let expected = ["a,\"b,c\"", "plain,\"has \"\"q\"\"\"", "\"line\nbreak\",\"cr\r\"", "3,-0", ",0.1",
                        "1000000000000000.0,-123456789012345", "42,"].map { $0 + "\n" }.joined()
        #expect(String(decoding: writer.bytes, as: UTF8.self) == expected)
    }

    @Test func tableRoundTripIsBitExact() throws {
        var rng = SplitMix64(seed: 42)
        var numbers: [Double] = []
        for i in 0..<2000 {
            let bits = rng.next()
            switch i % 6 {
            case 0: numbers.append(Double(bitPattern: bits & 0x7FEF_FFFF_FFFF_FFFF | (bits & 0x8000_0000_0000_0000)))
            case 1: numbers.append(Double(Int64(bitPattern: bits) % 1_000_000))
            case 2: numbers.append(.nan)
            case 3: numbers.append(Double(bitPattern: bits & 0x000F_FFFF_FFFF_FFFF))  // subnormal
            case 4: numbers.append((Double(bits % 10_000_000) / 1000).rounded(.down) / 7)
            default: numbers.append(i % 2 == 0 ? -0.0 : 1e300)
            }
        }
        let labels = ["Sjælland", "a,b", "say \"x\"", "two\nlines", "007"]
        let codes = (0..<2000).map { Int32($0 % 6) - 1 }
        let strings = (0..<2000).map { i in i % 3 == 0 ? "" : String(format: "%05d", i) }
        let table = DataTable(source: "mem", header: ["id", "x", "g", "skipped"], rowCount: 2000, columns: [
            "id": .string(strings), "x": .numeric(numbers),
            "g": .categorical(CategoricalColumn(codes: codes, levels: labels)),
        ])
        let bytes = CSVWriter.bytes(of: table)
        for threads in [1, 3] {
            var data = bytes
            let back = try CSVReader.read(data: &data, source: "mem", columns: [
                ColumnRequest("id", .string), ColumnRequest("x", .numeric), ColumnRequest("g", .categorical),
            ], threads: threads, minimumChunkBytes: 1)
            #expect(back.header == ["id", "x", "g"])
            #expect(try back.strings("id") == strings)
            #expect(try back.numeric("x").map(\.bitPattern) == numbers.map { $0.isNaN ? Double.nan.bitPattern : $0.bitPattern })
            #expect(try back.categorical("g").codes.map { $0 < 0 ? nil : labels[Int($0)] }
                    == codes.map { $0 < 0 ? nil : labels[Int($0)] })
        }
    }
}

@Suite struct AtomicFileTests {
    @Test func writesAndLeavesNoTemporaryFile() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tilsyn-atomic-\(UUID())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/scores.csv"
        try CSVWriter.write(header: ["unit", "score"], rows: [["007", "0.5"], ["a,b", "1"]], to: path)
        try AtomicFile.write(string: "replaced\n", to: path)
        try AtomicFile.write(Data("again\n".utf8), to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "again\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["scores.csv"])
    }

    @Test func streamPublishesOnlyWhenCommitted() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tilsyn-stream-\(UUID())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/all.csv"
        try AtomicFile.write(string: "old\n", to: path)
        // Abandoned (an error stopped the writer): the old file stays, no temporary file is left.
        do {
            let stream = try AtomicFileStream(path: path)
            try stream.write(Array("half".utf8))
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "old\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["all.csv"])
        let stream = try AtomicFileStream(path: path)
        for piece in ["a,b\n", "1,2\n", "3,4\n"] { try stream.write(Array(piece.utf8)) }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "old\n")
        try stream.commit()
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "a,b\n1,2\n3,4\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["all.csv"])
        let error = try #require(throws: OutputError.self) { try stream.write([1]) }
        #expect(error.description == "\(path): cannot be written (the output was already closed).")
        let missing = "/nonexistent-\(UUID())/x.csv"
        let refused = #expect(throws: OutputError.self) { _ = try AtomicFileStream(path: missing) }
        #expect(refused?.description == "\(missing): cannot be written (the directory '\(missing.dropLast("/x.csv".count))' does not exist).")
    }

    @Test func refusesAMissingDirectoryClearly() throws {
        let path = "/nonexistent-\(UUID())/out.csv"
        let error = try #require(throws: OutputError.self) { try AtomicFile.write([1, 2, 3], to: path) }
        #expect(error.description == "\(path): cannot be written (the directory '\(path.dropLast(8))' does not exist).")
    }
}

@Suite struct ShortestDoubleTests {
    /// The allocation-free formatting writes exactly `description`'s characters.
    @Test func matchesDescription() {
        var state: UInt64 = 99
        var values: [Double] = [0, -0.0, 1, -1, 0.1, 1e-300, Double.leastNonzeroMagnitude, 1.7976931348623157e308, 1e15, 1e16, 123456.789, .pi]
        for _ in 0..<20_000 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let v = Double(bitPattern: state)
            if v.isFinite { values.append(v) }
            values.append(Double(state >> 11) / Double(1 << 53))
        }
        for v in values {
            var bytes: [UInt8] = [0x2C]
            appendShortestDescription(v, to: &bytes)
            if bytes != [0x2C] + Array(v.description.utf8) { Issue.record("\(v): \(String(decoding: bytes, as: UTF8.self))"); return }
        }
    }
}
