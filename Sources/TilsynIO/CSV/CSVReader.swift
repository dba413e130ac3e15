import TilsynCore
import TilsynNumerics

/// Reads RFC 4180 CSV files into a ``DataTable``, exactly and fast.
///
/// The file is mapped (or read with bulk `read(2)` calls), cut into one byte range per thread at row
/// boundaries, and each range is parsed straight into column storage; the pieces are then joined in file
/// order. A file without quotes (the usual case) has its separators found 64 bytes at a time
/// (``FieldEnds``) and its rows read by ``ChunkParser/plainRow(_:_:_:row:_:)``, which hands
/// any row it is unsure of to the general byte-by-byte parser. Only requested columns are materialised.
/// Numbers are the doubles `strtod` would give, bit for bit (see ``DecimalParser``), so results do not
/// depend on the thread count.
///
/// Accepted input: comma separated, `"` quoting with `""` for a quote, quoted fields may hold commas and
/// line breaks, LF or CRLF line ends, an optional final line break (trailing blank lines are ignored),
/// UTF-8 with an optional byte order mark. Every problem is a ``DataError`` naming file, line and column.
public enum CSVReader {
    /// Reads the requested columns of the CSV file at `path`.
    ///
    /// - Parameters:
    ///   - path: the file; it becomes `DataTable.source`, as given, for messages.
    ///   - columns: what to read; absent optional columns are simply missing from the table.
    ///   - threads: how many threads parse (at least 1); small files use fewer.
    /// - Returns: the table, with `lineNumbers` set only if quoted fields contain line breaks.
    /// - Throws: ``DataError`` for a missing, unreadable, empty or malformed file or a bad cell.
    public static func read(
        path: String, columns: [ColumnRequest], threads: Int = defaultThreadCount
    ) throws(DataError) -> DataTable {
        try read(path: path, columns: columns, threads: threads) { _ in }
    }

    /// ``read(path:columns:threads:)``, showing `inspect` the file's bytes as read (to hash them).
    static func read(
        path: String, columns: [ColumnRequest], threads: Int, inspect: (UnsafeBufferPointer<UInt8>) -> Void
    ) throws(DataError) -> DataTable {
        let mapped: LibC.MappedFile?
        do {
            mapped = try LibC.mapFile(path: path)
        } catch {
            throw readError(error, path: path)
        }
        // A mapped file is parsed where it lies when it already ends in a line feed (the usual case).
        if let mapped, let end = terminatedEnd(mapped.bytes) {
            // Text never holds a NUL. A binary or zero-filled file shows one in its first bytes, so
            // it is refused before the header is read; a NUL further on is found by the census of the
            // rows (``ByteCensus``), before any row is parsed.
            try refuseNUL(UnsafeBufferPointer(rebasing: mapped.bytes.prefix(probeBytes)), source: path)
            inspect(mapped.bytes)
            return try withExtendedLifetime(mapped) { () throws(DataError) in
                try read(buffer: UnsafeBufferPointer(rebasing: mapped.bytes[0..<end]), source: path, columns: columns,
                         threads: threads, minimumChunkBytes: 1 << 20, releaseInput: true)
            }
        }
        var bytes = try readText(path: path)
        bytes.withUnsafeBufferPointer { inspect($0) }
        // In place: the array has a spare byte for the final line feed, so 200 MB are never copied.
        return try read(data: &bytes, source: path, columns: columns, threads: threads, minimumChunkBytes: 1 << 20)
    }

    /// Where `b` would end after ``normaliseEnding(_:)`` if that needs no added byte: just after the
    /// line feed that follows the last text; `nil` if a line feed must be added or there is no text.
    static func terminatedEnd(_ b: UnsafeBufferPointer<UInt8>) -> Int? {
        let start = textStart(b)
        var last = b.count - 1
        while last >= start && (b[last] == UInt8(ascii: "\n") || b[last] == UInt8(ascii: "\r")) { last -= 1 }
        guard last >= start, last + 1 < b.count, b[last + 1] == UInt8(ascii: "\n") else { return nil }
        return last + 2
    }

    /// Reads the requested columns from CSV text already in memory.
    ///
    /// - Parameters:
    ///   - bytes: the file's contents.
    ///   - source: the name used in messages and `DataTable.source`.
    ///   - columns: what to read.
    ///   - threads: how many threads parse (at least 1).
    /// - Throws: ``DataError`` as ``read(path:columns:threads:)`` does.
    public static func read(
        bytes: [UInt8], source: String, columns: [ColumnRequest], threads: Int
    ) throws(DataError) -> DataTable {
        try refuseNUL(bytes, source: source)
        var data = bytes
        return try read(data: &data, source: source, columns: columns, threads: threads, minimumChunkBytes: 1 << 20)
    }

    /// The header of the CSV file at `path`, reading only as much of the file as the header needs.
    ///
    /// - Throws: ``DataError`` for a missing, unreadable or empty file, or a malformed header.
    public static func header(path: String) throws(DataError) -> [String] {
        var limit = 1 << 16
        while true {
            let bytes: [UInt8]
            do {
                bytes = try LibC.readFile(path: path, limit: limit)
            } catch {
                throw readError(error, path: path)
            }
            let atEnd = bytes.count < limit
            let header = try bytes.withUnsafeBufferPointer { (b) throws(DataError) -> Header? in
                let start = textStart(b)
                if atEnd && b[start...].allSatisfy({ $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }) {
                    throw .emptyFile(file: path)
                }
                let header = try parseHeader(b, from: start, source: path, atEndOfInput: atEnd)
                return header.terminated ? header : nil
            }
            if let header { return header.names }
            limit *= 4
        }
    }

    static func readError(_ failure: LibC.ReadFailure, path: String) -> DataError {
        switch failure {
        case .notFound: .fileNotFound(file: path)
        case .isDirectory: .unreadable(file: path, reason: "it is a directory")
        case .failed(let reason): .unreadable(file: path, reason: reason)
        }
    }

    /// The reader proper; `minimumChunkBytes` keeps small inputs on one thread (tests lower it to
    /// exercise the split on tiny files).
    static func read(
        data: inout [UInt8], source: String, columns requests: [ColumnRequest], threads: Int, minimumChunkBytes: Int
    ) throws(DataError) -> DataTable {
        guard normaliseEnding(&data) else { throw .emptyFile(file: source) }
        return try data.withUnsafeBufferPointer { (b) throws(DataError) in
            try read(buffer: b, source: source, columns: requests, threads: threads, minimumChunkBytes: minimumChunkBytes)
        }
    }

    /// Parses text that ends with exactly one line feed after its last row (see ``normaliseEnding(_:)``).
    ///
    /// - Parameter releaseInput: `data` is a file mapping whose parsed pages may be dropped as the
    ///   parse goes (``ChunkParser/parse(_:range:plan:reserveFor:into:releaseInput:)``).
    static func read(
        buffer data: UnsafeBufferPointer<UInt8>, source: String, columns requests: [ColumnRequest], threads: Int,
        minimumChunkBytes: Int, releaseInput: Bool = false
    ) throws(DataError) -> DataTable {
        precondition(threads >= 1, "CSVReader: threads must be at least 1")
        let header = try parseHeader(data, from: textStart(data), source: source)
        try refuseNUL(UnsafeBufferPointer(rebasing: data[..<header.end]), source: source)
        guard header.end < data.count else { throw .noDataRows(file: source) }
        let plan = try makePlan(header: header.names, requests: requests, source: source)

        let parts = max(1, min(threads, (data.count - header.end) / max(1, minimumChunkBytes)))
        // Cut as if there were no quotes (at line feeds), and take each part's census in parallel: a
        // file without quotes, the usual case, is then parsed on these cuts with its row counts known.
        nonisolated(unsafe) let frozen = data
        let lineRanges = rowAlignedRanges(data, start: header.end, end: data.count, parts: parts, hasQuotes: false)
        let censuses = parallelMap(count: lineRanges.count) { part in
            ByteCensus.take(frozen, from: lineRanges[part].lowerBound, to: lineRanges[part].upperBound)
        }
        if censuses.contains(where: \.hasNUL) { try refuseNUL(data, source: source) }
        if censuses.allSatisfy({ $0.quotes == 0 }) {
            return try readInPlace(data, ranges: lineRanges, rowCounts: censuses.map(\.lineFeeds), header: header,
                                   plan: plan, source: source, releaseInput: releaseInput)
        }
        // Quotes: cut again where no quoted field spans the cut.
        let ranges = rowAlignedRanges(data, start: header.end, end: data.count, parts: parts, hasQuotes: true)
        var chunks = parallelMap(count: ranges.count) { part in
            ChunkParser.parse(frozen, range: ranges[part], plan: plan,
                              reserveFor: part == 0 ? header.end..<frozen.count : ranges[part])
        }

        // The earliest failure in file order is the one to report; lines before it are all counted.
        var firstLine = 1 + header.lineFeeds
        for chunk in chunks {
            if let failure = chunk.failure { throw dataError(failure, line: firstLine + failure.line, source: source) }
            firstLine += chunk.lines
        }
        return assemble(
            &chunks, header: header, plan: plan, requests: requests, source: source, threads: threads)
    }

    /// The reader for a file without quotes, the usual case: every row is one line, so the line feeds
    /// of each thread's range are its row count, known before parsing.
    ///
    /// Each column is then allocated once at its final size and each thread writes its rows straight
    /// into it at their final place. Against parsing into per-thread arrays and appending them, this
    /// saves copying the later threads' rows and touching their fresh pages twice, and the kernel's
    /// first-touch page clearing is shared by the threads instead of falling on the joining thread.
    /// Hand-written (no library parses into caller-owned columns): in `perf` of `tilsyn fit` at 1M rows
    /// the read fell from 0.72–0.83 s to 0.66–0.67 s of CPU (2026-12-01, loaded machine, BENCHMARKS.md).
    static func readInPlace(
        _ data: UnsafeBufferPointer<UInt8>, ranges: [Range<Int>], rowCounts: [Int], header: Header, plan: ChunkPlan,
        source: String, releaseInput: Bool
    ) throws(DataError) -> DataTable {
        nonisolated(unsafe) let frozen = data
        var firstRows = [0]
        for count in rowCounts { firstRows.append(firstRows[firstRows.count - 1] + count) }
        let total = firstRows[firstRows.count - 1]
        var doubles = (0..<plan.doubleColumns).map { _ in uninitializedColumn(of: Double.self, count: total) }
        var codes = (0..<plan.codeColumns).map { _ in uninitializedColumn(of: Int32.self, count: total) }
        var chunks = withBuffers(&doubles) { doubleBuffers in
            withBuffers(&codes) { codeBuffers in
                let destinations = ranges.indices.map { part in
                    ColumnDestination(doubles: doubleBuffers, codes: codeBuffers, firstRow: firstRows[part],
                                      rows: rowCounts[part])
                }
                return parallelMap(count: ranges.count) { part in
                    ChunkParser.parse(frozen, range: ranges[part], plan: plan, reserveFor: ranges[part],
                                      into: destinations[part], releaseInput: releaseInput, quoteFree: true)
                }
            }
        }
        var firstLine = 1 + header.lineFeeds
        for chunk in chunks {
            if let failure = chunk.failure { throw dataError(failure, line: firstLine + failure.line, source: source) }
            firstLine += chunk.lines
        }
        // Consumed, so the table's arrays are uniquely owned: translating the later chunks' codes in place
        // would otherwise copy each categorical column first (5 ms of a 1M-row read, 2026-12-02).
        let columns = InPlaceColumns(doubles: consume doubles, codes: consume codes, firstRows: firstRows)
        return assemble(&chunks, inPlace: columns, header: header, plan: plan, source: source)
    }

    /// An array of `count` elements whose values are left as the allocator gave them, for columns every
    /// element of which the parse overwrites (a file that fails to parse throws the array away).
    ///
    /// Only for plain values (`Double`, `Int32`), for which any bit pattern is a value.
    static func uninitializedColumn<T: BitwiseCopyable>(of: T.Type, count: Int) -> [T] {
        [T](unsafeUninitializedCapacity: count) { _, initialized in initialized = count }
    }

    /// Calls `body` with the storage of every array in `arrays`, all open at once and none resized
    /// meanwhile, so the buffers stay valid for the whole call (one `withUnsafeMutableBufferPointer`
    /// nested per array, each array taken out of `arrays` so that it is uniquely owned and not copied).
    static func withBuffers<T, R>(_ arrays: inout [[T]], _ body: ([UnsafeMutableBufferPointer<T>]) -> R) -> R {
        func nest(_ i: Int, _ buffers: [UnsafeMutableBufferPointer<T>]) -> R {
            if i == arrays.count { return body(buffers) }
            var array: [T] = []
            swap(&array, &arrays[i])
            defer { swap(&array, &arrays[i]) }
            return array.withUnsafeMutableBufferPointer { buffer in nest(i + 1, buffers + [buffer]) }
        }
        return nest(0, [])
    }

    /// Drops trailing blank lines and makes the data end with exactly one line feed, so that every row,
    /// the last included, is terminated; `false` if there is no text at all.
    static func normaliseEnding(_ data: inout [UInt8]) -> Bool {
        let start = data.withUnsafeBufferPointer { textStart($0) }
        var last = data.count - 1
        while last >= start && (data[last] == UInt8(ascii: "\n") || data[last] == UInt8(ascii: "\r")) { last -= 1 }
        guard last >= start else { return false }
        let wanted = last + 2
        if data.count >= wanted && data[last + 1] == UInt8(ascii: "\n") {
            if data.count > wanted { data.removeSubrange(wanted...) }
        } else if data.count >= wanted {
            data[last + 1] = UInt8(ascii: "\n")
            if data.count > wanted { data.removeSubrange(wanted...) }
        } else {
            data.append(UInt8(ascii: "\n"))
        }
        return true
    }

    /// Matches requests to header fields; every required column must exist.
    static func makePlan(header: [String], requests: [ColumnRequest], source: String) throws(DataError) -> ChunkPlan {
        var index: [String: Int] = [:]
        for (i, name) in header.enumerated() { index[name] = i }
        var fields = [FieldPlan](repeating: FieldPlan(kind: .skip, slot: 0), count: header.count)
        var counts = (doubles: 0, codes: 0, strings: 0)
        for request in requests {
            guard let i = index[request.name] else {
                if request.required { throw .missingColumn(file: source, column: request.name, available: header) }
                continue
            }
            guard fields[i].kind == .skip else { continue }
            switch request.kind {
            case .numeric:
                fields[i] = FieldPlan(kind: .numeric, slot: counts.doubles)
                counts.doubles += 1
            case .date:
                fields[i] = FieldPlan(kind: .date, slot: counts.doubles)
                counts.doubles += 1
            case .categorical:
                fields[i] = FieldPlan(kind: .categorical, slot: counts.codes)
                counts.codes += 1
            case .string:
                fields[i] = FieldPlan(kind: .string, slot: counts.strings)
                counts.strings += 1
            }
        }
        return ChunkPlan(
            fields: fields, names: header, doubleColumns: counts.doubles, codeColumns: counts.codes,
            stringColumns: counts.strings)
    }

    static func dataError(_ failure: RowFailure, line: Int, source: String) -> DataError {
        switch failure.problem {
        case .badCell(let column, let value, let expected):
            .badCell(file: source, line: line, column: column, value: String(decoding: value, as: UTF8.self),
                     expected: expected)
        case .malformed(let reason):
            .malformedRow(file: source, line: line, reason: reason)
        }
    }
}
