import TilsynCore
import TilsynNumerics

extension CSVReader {
    /// How much of a file is looked at before the rest is read: enough to tell text from a binary or
    /// zero-filled file without holding the whole of it.
    static let probeBytes = 1 << 16

    /// Reads the file at `path` for parsing, refusing it first if it is not text.
    ///
    /// A CSV file is UTF-8 text, which never holds a NUL byte. A file that does is a binary, a disk
    /// image or a zero-filled file, and parsing it anyway was the worst case twice over: a 2 GB file of
    /// NULs is one 2 GB "header" line, which cost 6.3 GB of memory and then said "header but no data
    /// rows". So the reader looks before it parses:
    ///
    /// - the first ``probeBytes`` are read alone; a NUL there stops it at that size, whatever the file's;
    /// - the rest is read and searched with `memchr` (gigabytes a second) before any parsing, so a NUL
    ///   further on stops it at the file's own size, with no parse structures built.
    ///
    /// Peak memory is therefore at most the file's size (or 64 KiB), never a multiple of it, and
    /// the message names the byte and line. A NUL inside a quoted cell is refused the same way: SQLite
    /// and C strings end at a NUL, so such a cell (a unit id, say) would read differently downstream.
    /// - Throws: ``DataError/invalid(file:reason:)`` naming the first NUL; read errors as
    ///   ``read(path:columns:threads:)``.
    static func readText(path: String) throws(DataError) -> [UInt8] {
        let probe: [UInt8]
        do {
            probe = try LibC.readFile(path: path, limit: probeBytes)
        } catch {
            throw readError(error, path: path)
        }
        try refuseNUL(probe, source: path)
        guard probe.count == probeBytes else { return probe }
        let bytes: [UInt8]
        do {
            bytes = try LibC.readFile(path: path)
        } catch {
            throw readError(error, path: path)
        }
        try refuseNUL(bytes, source: path)
        return bytes
    }

    /// Throws if `bytes` hold a NUL, naming its byte offset (1-based) and line.
    static func refuseNUL(_ bytes: [UInt8], source: String) throws(DataError) {
        try bytes.withUnsafeBufferPointer { (b) throws(DataError) in try refuseNUL(b, source: source) }
    }

    /// ``refuseNUL(_:source:)`` over bytes in place (a mapped file).
    static func refuseNUL(_ b: UnsafeBufferPointer<UInt8>, source: String) throws(DataError) {
        guard let hit = firstIndex(of: 0, in: b, from: 0, to: b.count) else { return }
        var line = 1
        var at = 0
        while let next = LibC.firstIndex(of: UInt8(ascii: "\n"), in: b, from: at, to: hit) {
            line += 1
            at = next + 1
        }
        throw .invalid(file: source, reason: "byte \(hit + 1) (line \(line)) is a NUL character; a CSV file is UTF-8 text, which never holds one, so this looks like a binary or zero-filled file")
    }

    /// The first `byte` in `b[from..<to]`, two threads searching halves of a large range.
    ///
    /// The NUL check of a file read into memory searches all of it before the parse starts (about 30 ms
    /// of a 160 MB file on one thread, `perf`, 2026-12-01), so it is split like the parse. A mapped file
    /// is searched by the parse's ``ByteCensus`` instead, and this runs only once a NUL is known to be there.
    static func firstIndex(of byte: UInt8, in b: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Int? {
        let parts = to - from >= 8 << 20 ? 2 : 1
        if parts == 1 { return LibC.firstIndex(of: byte, in: b, from: from, to: to) }
        let middle = from + (to - from) / 2
        nonisolated(unsafe) let shared = b
        let hits = parallelMap(count: 2) { part in
            LibC.firstIndex(of: byte, in: shared, from: part == 0 ? from : middle, to: part == 0 ? middle : to)
        }
        return hits[0] ?? hits[1]
    }
}
