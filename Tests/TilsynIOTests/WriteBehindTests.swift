import Foundation
import Testing
@testable import TilsynIO

/// The write-behind thread under `tilsyn score` and `tilsyn explain --all`: pieces in order, a bounded
/// queue, and a failure part-way that leaves no output and one sentence naming the file.
@Suite struct WriteBehindTests {
    /// What a sink saw, guarded by a lock (the sink runs on the writer's thread).
    final class Seen: @unchecked Sendable {
        private let lock = NSLock()
        private var pieces: [([UInt8], Int)] = []
        func add(_ piece: [UInt8], _ offset: Int) { lock.lock(); pieces.append((piece, offset)); lock.unlock() }
        var all: [([UInt8], Int)] { lock.lock(); defer { lock.unlock() }; return pieces }
    }

    @Test func writesEveryPieceInOrderWithItsOffset() throws {
        let seen = Seen()
        let writer = WriteBehind(path: "/x/scores.csv", depth: 2) { piece, offset in seen.add(piece, offset) }
        let pieces = (0..<200).map { i in [UInt8](repeating: UInt8(i % 251), count: 1 + i % 7) }
        for piece in pieces { try writer.write(piece) }
        try writer.finish()
        #expect(seen.all.map(\.0) == pieces)
        #expect(seen.all.map(\.1) == pieces.indices.map { i in pieces[..<i].reduce(0) { $0 + $1.count } })
    }

    @Test func aFullQueueHoldsTheWriterBack() throws {
        let release = DispatchSemaphore(value: 0)
        let seen = Seen()
        let writer = WriteBehind(path: "/x/scores.csv", depth: 2) { piece, offset in
            release.wait()
            seen.add(piece, offset)
        }
        // The thread takes piece 0 and waits; pieces 1 and 2 fill the queue; piece 3 must wait for room.
        for i in 0..<3 { try writer.write([UInt8(i)]) }
        let fourth = DispatchSemaphore(value: 0)
        let queued = Seen()
        Thread {
            try? writer.write([3])
            queued.add([3], 0)
            fourth.signal()
        }.start()
        #expect(fourth.wait(timeout: .now() + 0.3) == .timedOut, "the fourth piece waited while the queue was full")
        #expect(queued.all.isEmpty)
        for _ in 0..<4 { release.signal() }
        #expect(fourth.wait(timeout: .now() + 10) == .success)
        try writer.finish()
        #expect(seen.all.map(\.0) == [[0], [1], [2], [3]])
    }

    @Test func theFirstFailureStopsTheWritesAndIsThrown() throws {
        let seen = Seen()
        let writer = WriteBehind(path: "/x/all.csv", depth: 1) { piece, offset throws(OutputError) in
            if piece == [2] { throw .cannotWrite(path: "/x/all.csv", reason: "No space left on device") }
            seen.add(piece, offset)
        }
        var thrown: OutputError?
        for i in 0..<100 {
            do throws(OutputError) { try writer.write([UInt8(i)]) } catch { thrown = error; break }
        }
        let error = try #require(thrown ?? { () -> OutputError? in
            do throws(OutputError) { try writer.finish() } catch { return error }
            return nil
        }())
        #expect(error.description == "/x/all.csv: cannot be written (No space left on device).")
        #expect(throws: OutputError.cannotWrite(path: "/x/all.csv", reason: "No space left on device")) { try writer.finish() }
        #expect(seen.all.map(\.0) == [[0], [1]], "nothing after the failed piece was written")
    }

    @Test func afterCancelTheSinkIsNeverCalledAgain() throws {
        let release = DispatchSemaphore(value: 0)
        let seen = Seen()
        let writer = WriteBehind(path: "/x/all.csv", depth: 4) { piece, offset in
            release.wait()
            seen.add(piece, offset)
        }
        for i in 0..<4 { try writer.write([UInt8(i)]) }
        // Lets the piece being written (and any the thread takes before cancel empties the queue) finish.
        Thread { for _ in 0..<4 { Thread.sleep(forTimeInterval: 0.05); release.signal() } }.start()
        writer.cancel()
        let written = seen.all.count
        Thread.sleep(forTimeInterval: 0.3)
        #expect(seen.all.count == written, "nothing was written after cancel returned")
        #expect(written < 4, "the queued pieces were dropped, not written: \(seen.all.map(\.0))")
        #expect(throws: OutputError.cannotWrite(path: "/x/all.csv", reason: "the output was already closed")) { try writer.write([9]) }
    }

    /// A write that fails part-way through a written-behind stream: the error names the file in one
    /// sentence, the old output stays as it was and no temporary file is left.
    @Test func aFailedWriteBehindLeavesTheOldFileAndNoTemporary() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tilsyn-behind-\(UUID())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/all.csv"
        try AtomicFile.write(string: "old\n", to: path)
        final class Count: @unchecked Sendable { var calls = 0 }
        let count = Count()
        let stream = try AtomicFileStream(path: path, writeBehind: true) { fd, bytes in
            count.calls += 1
            return count.calls == 3 ? "No space left on device" : LibC.writeAll(fd, bytes)
        }
        var thrown: OutputError?
        do throws(OutputError) {
            for i in 0..<50 { try stream.write(Array("row \(i)\n".utf8)) }
            try stream.commit()
        } catch { thrown = error }
        #expect(thrown?.description == "\(path): cannot be written (No space left on device).")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "old\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["all.csv"])
        #expect(throws: OutputError.cannotWrite(path: path, reason: "the output was already closed")) { try stream.commit() }
    }

    @Test func aWrittenBehindStreamPublishesTheSameBytes() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tilsyn-behind-\(UUID())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/scores.csv"
        let pieces = (0..<300).map { i in Array("\(i),\(Double(i) / 7)\n".utf8) }
        let stream = try AtomicFileStream(path: path, writeBehind: true)
        for piece in pieces { try stream.write(piece) }
        #expect(!FileManager.default.fileExists(atPath: path), "nothing published before the commit")
        try stream.commit()
        #expect(try Array(Data(contentsOf: URL(fileURLWithPath: path))) == pieces.flatMap { $0 })
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["scores.csv"])
        // Abandoned with pieces still queued: nothing published, nothing left behind.
        do {
            let abandoned = try AtomicFileStream(path: directory + "/other.csv", writeBehind: true)
            for piece in pieces { try abandoned.write(piece) }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["scores.csv"])
    }
}

@Suite struct NumberMemoTests {
    /// Through the memo, every number is written exactly as ``CSVWriter/append(_:)-(Double)`` writes it:
    /// many repeats (hits), many distinct values (misses and slot collisions), integers, −0, NaN, extremes.
    @Test func writesWhatPlainAppendWrites() {
        var rng = SplitMix64(seed: 16)
        var values: [Double] = [0, -0.0, .nan, 1e15, -1e15, 1e16, 0.1, -2.2250738585072014e-308, .leastNonzeroMagnitude,
                                .greatestFiniteMagnitude, .infinity, -.infinity, 123456789012345, 0.30000000000000004]
        let repeated = (0..<300).map { _ in Double(Int64(bitPattern: rng.next()) % 100_000) * 0.0137 }
        for i in 0..<60_000 {
            let bits = rng.next()
            switch i % 4 {
            case 0: values.append(repeated[Int(bits % 300)])
            case 1: values.append(Double(bitPattern: bits))
            case 2: values.append(Double(Int64(bitPattern: bits) % 5000))
            default: values.append(Double(bits >> 11) / Double(1 << 53))
            }
        }
        var plain = CSVWriter(), memoized = CSVWriter()
        var memo = CSVWriter.NumberMemo()
        for (i, v) in values.enumerated() {
            plain.append(v)
            memoized.append(v, memo: &memo)
            if i % 9 == 8 { plain.endRow(); memoized.endRow() }
        }
        #expect(memoized.bytes == plain.bytes)
    }
}
