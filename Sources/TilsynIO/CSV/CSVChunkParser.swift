/// What the reader does with one field of every row.
enum FieldKind: UInt8, Sendable {
    case skip, numeric, date, categorical, string
}

/// For each header field: what to make of it and where (the index among columns of its storage kind).
struct FieldPlan: Sendable {
    var kind: FieldKind
    var slot: Int
}

/// The reader's plan for a file: one entry per header field, plus the names for error messages.
struct ChunkPlan: Sendable {
    var fields: [FieldPlan]
    var names: [String]
    /// Numeric and date columns (both are doubles), categorical columns, string columns.
    var doubleColumns: Int
    var codeColumns: Int
    var stringColumns: Int
}

/// A data problem found inside a chunk, with the line counted from the chunk's start.
struct RowFailure: Error, Sendable {
    enum Problem: Sendable {
        case badCell(column: String, value: [UInt8], expected: String)
        case malformed(String)
    }

    var line: Int
    var problem: Problem
}

/// Everything one thread read from its byte range; the reader concatenates these in order.
struct ChunkOutput: Sendable {
    var rows = 0
    /// Line feeds consumed, including those inside quoted fields.
    var lines = 0
    /// One array per numeric/date column and per categorical column (chunk-local codes).
    var doubles: [[Double]] = []
    var codes: [[Int32]] = []
    var strings: [[String]] = []
    var levels: [LevelTable] = []
    /// Rows (chunk-local) whose quoted fields contained line breaks, and how many.
    var multiLineRows: [(row: Int, extraLines: Int)] = []
    var failure: RowFailure? = nil
}

/// The table's own numeric and categorical arrays, for a chunk whose first row and row count are known
/// before parsing: the chunk writes its rows there directly (see ``CSVReader`` on quote-free files).
///
/// The buffers point into arrays that the reader keeps open and unresized for the whole parse; each chunk
/// writes only rows `firstRow..<firstRow + rows`, so threads never share an element.
struct ColumnDestination: @unchecked Sendable {
    var doubles: [UnsafeMutableBufferPointer<Double>]
    var codes: [UnsafeMutableBufferPointer<Int32>]
    var firstRow: Int
    var rows: Int

    /// Faults in rows `rows` (counted from this chunk's first) of every column at once, before the
    /// parse writes them.
    ///
    /// A fresh column's pages are otherwise faulted in one at a time as the parse first stores to them,
    /// about 2 µs each on the virtual benchmark machine, 70,000 of them for the 1M-row history; one
    /// `madvise(MADV_POPULATE_WRITE)` per column and window of ``ChunkParser/populateRows`` rows saved
    /// 5 % of a read made in a fresh process (341 → 324 ms, medians of 7 interleaved, 2026-12-02).
    /// Window by window, not the whole chunk at once, so the columns grow only as fast as the parsed
    /// file pages are let go and the peak memory stays the file plus the table, not both whole.
    func populate(_ rows: Range<Int>) {
        Self.populate(doubles, rows: (firstRow + rows.lowerBound)..<(firstRow + rows.upperBound))
        Self.populate(codes, rows: (firstRow + rows.lowerBound)..<(firstRow + rows.upperBound))
    }

    private static func populate<T>(_ columns: [UnsafeMutableBufferPointer<T>], rows: Range<Int>) {
        let size = MemoryLayout<T>.stride
        for column in columns {
            guard let base = column.baseAddress else { continue }
            LibC.populate(UnsafeRawPointer(base), from: rows.lowerBound * size, to: rows.upperBound * size)
        }
    }
}

private let comma = UInt8(ascii: ",")
private let lineFeed = UInt8(ascii: "\n")
private let carriageReturn = UInt8(ascii: "\r")
private let quote = UInt8(ascii: "\"")

/// Parses the rows of one byte range: split and parse in one pass, numbers straight into column storage.
///
/// The byte range always ends just after a line feed (the reader guarantees a final one), so every
/// unquoted scan stops at a comma or line feed before the end without checking bounds on each byte.
struct ChunkParser {
    let plan: ChunkPlan
    let fieldCount: Int
    /// The fields before the last, in runs of one kind (``plainRow(_:_:_:row:_:)``).
    let runs: [FieldRun]
    var line = 0
    var strings: [[String]]
    var levels: [LevelTable]
    /// Per numeric-or-date slot, the last plain date cell (only date slots use theirs).
    var lastDates: [LastDate]
    var multiLineRows: [(row: Int, extraLines: Int)] = []
    private var strtodScratch: [CChar] = []
    /// Rows of this chunk before the current block.
    var rowBase = 0
    /// Line feeds inside quoted fields of the row being parsed.
    private var rowExtraLines = 0

    init(plan: ChunkPlan) {
        self.plan = plan
        fieldCount = plan.fields.count
        runs = FieldRun.runs(plan.fields)
        strings = Array(repeating: [], count: plan.stringColumns)
        levels = Array(repeating: LevelTable(), count: plan.codeColumns)
        lastDates = Array(repeating: LastDate(), count: plan.doubleColumns)
    }

    /// Rows parsed per block: into the cache-resident block buffers before they are appended to the
    /// columns (quoted files), or straight into the table's columns between two moves of ``CellPlaces``.
    static let blockRows = 1024

    /// Distance between two columns' block buffers, in elements: not a multiple of 4 KB.
    ///
    /// With a stride of exactly 1024 doubles (8 KB) every column's current cache line maps to the same
    /// L1 set, so a row's 36 stores fight over 12 ways and evict each other; 16 elements more puts
    /// neighbouring columns in different sets. (On the shared benchmark machine the gain was within the
    /// noise, a few percent at most; the padding costs nothing.)
    static let blockStride = blockRows + 16

    /// Parses `data[range]` into a ``ChunkOutput``, stopping at the first bad row.
    ///
    /// Rows are parsed a block at a time. With a `destination` they are stored straight into the table's
    /// columns (``CellPlaces``); otherwise into small column-major buffers that stay in cache, each
    /// column's block then appended to its array, which was reserved for the expected row count: the big
    /// arrays are written once, in order, with no zero-filling and no later copy.
    ///
    /// - Parameters:
    ///   - reserveFor: the byte range whose rows the columns should have room for (the first chunk
    ///     reserves for the whole file, since the others are appended to it).
    ///   - destination: if given, numeric and categorical rows go there instead, and the output's
    ///     `doubles` and `codes` stay empty.
    ///   - releaseInput: `b` is a file mapping whose pages may be dropped once parsed (see
    ///     ``LibC/releaseMappedPages(_:from:to:)``), so the file and the table are never both resident.
    ///   - quoteFree: `b[range]` holds no quote, so rows are tried with ``plainRow(_:_:_:row:_:)``
    ///     first, the general parser taking any row that is not plain.
    static func parse(
        _ b: UnsafeBufferPointer<UInt8>, range: Range<Int>, plan: ChunkPlan, reserveFor: Range<Int>,
        into destination: ColumnDestination? = nil, releaseInput: Bool = false, quoteFree: Bool = false
    ) -> ChunkOutput {
        do {
            var parser = ChunkParser(plan: plan)
            let expected = destination == nil ? estimateRows(b, sample: range, total: reserveFor.count) : 0
            // Plain 4 KB pages: `madvise(MADV_HUGEPAGE)` on these columns cost 0.28 s more system time
            // per 1M-row read on the shared machine (2026-12-01, `LD_PRELOAD` A/B, three pairs), as
            // fault-time compaction of fragmented memory outweighed the fewer faults.
            var doubleColumns = (0..<plan.doubleColumns).map { _ -> [Double] in
                var column: [Double] = []
                column.reserveCapacity(expected)
                return column
            }
            var codeColumns = (0..<plan.codeColumns).map { _ -> [Int32] in
                var column: [Int32] = []
                column.reserveCapacity(expected)
                return column
            }
            let block = blockRows
            let stride = blockStride
            // Block buffers only where the rows are appended to this chunk's own arrays (quoted files).
            let buffered = destination == nil
            let blockDoubles = UnsafeMutableBufferPointer<Double>.allocate(capacity: buffered ? stride * plan.doubleColumns : 0)
            let blockCodes = UnsafeMutableBufferPointer<Int32>.allocate(capacity: buffered ? stride * plan.codeColumns : 0)
            blockDoubles.initialize(repeating: 0)
            blockCodes.initialize(repeating: 0)
            let places = CellPlaces(fields: plan.fields.count)
            defer {
                blockDoubles.deallocate()
                blockCodes.deallocate()
                places.deallocate()
            }
            if buffered {
                places.point(plan, doubles: { blockDoubles.baseAddress.unsafelyUnwrapped + $0 * stride },
                             codes: { blockCodes.baseAddress.unsafelyUnwrapped + $0 * stride })
            }
            var pos = range.lowerBound
            let end = range.upperBound
            var rows = 0
            var failure: RowFailure? = nil
            var released = range.lowerBound
            var populated = 0
            var ends = FieldEnds(b, from: range.lowerBound)
            while pos < end && failure == nil {
                var inBlock = 0
                parser.rowBase = rows
                let room = destination.map { $0.rows - rows } ?? block
                if room <= 0 {
                    // The line feeds were counted before parsing; only a file rewritten meanwhile has more rows.
                    failure = RowFailure(line: parser.line, problem: .malformed("the file changed while it was being read"))
                    break
                }
                let limit = min(block, room)
                if let destination {
                    if rows + limit > populated {
                        let next = min(destination.rows, rows + Self.populateRows)
                        destination.populate(populated..<next)
                        populated = next
                    }
                    let at = destination.firstRow + rows
                    places.point(plan, doubles: { destination.doubles[$0].baseAddress.unsafelyUnwrapped + at },
                                 codes: { destination.codes[$0].baseAddress.unsafelyUnwrapped + at })
                }
                do throws(RowFailure) {
                    if quoteFree {
                        while pos < end && inBlock < limit {
                            if !parser.plainRow(b, &pos, &ends, row: inBlock, places) {
                                try parser.parseRow(b, &pos, end, row: inBlock, places)
                                ends.seek(pos)
                            }
                            inBlock += 1
                        }
                    } else {
                        while pos < end && inBlock < limit {
                            try parser.parseRow(b, &pos, end, row: inBlock, places)
                            inBlock += 1
                        }
                    }
                } catch {
                    failure = error
                }
                if buffered {
                    for j in 0..<plan.doubleColumns {
                        doubleColumns[j].append(contentsOf: blockDoubles[(j * stride)..<(j * stride + inBlock)])
                    }
                    for j in 0..<plan.codeColumns {
                        codeColumns[j].append(contentsOf: blockCodes[(j * stride)..<(j * stride + inBlock)])
                    }
                }
                rows += inBlock
                // A few megabytes at a time, so the calls (and the TLB flushes they cost) stay rare.
                if releaseInput && pos - released >= Self.releaseBytes {
                    LibC.releaseMappedPages(b, from: released, to: pos)
                    released = pos
                }
            }
            if releaseInput { LibC.releaseMappedPages(b, from: released, to: pos) }
            return ChunkOutput(
                rows: rows, lines: parser.line, doubles: doubleColumns, codes: codeColumns,
                strings: parser.strings, levels: parser.levels, multiLineRows: parser.multiLineRows,
                failure: failure)
        }
    }

    /// Rows of the columns a chunk faults in at a time (``ColumnDestination/populate(_:)``): 256 KB of
    /// each numeric column, about 5 MB of the benchmark history's text, near the ``releaseBytes`` step
    /// by which parsed file pages are let go.
    static let populateRows = 32_768

    /// How much parsed input a chunk lets go of at a time when `releaseInput` is set.
    static let releaseBytes = 4 << 20

    /// Rows expected in `total` bytes, from the line feeds in the first 256 KB of `sample`, with a
    /// little slack; the columns simply grow if the guess is short.
    private static func estimateRows(_ b: UnsafeBufferPointer<UInt8>, sample: Range<Int>, total: Int) -> Int {
        let sampleEnd = min(sample.upperBound, sample.lowerBound + (1 << 18))
        var feeds = 0
        for i in sample.lowerBound..<sampleEnd where b[i] == lineFeed { feeds += 1 }
        let sampled = sampleEnd - sample.lowerBound
        return Int(Double(total) * Double(feeds) / Double(max(1, sampled)) * 1.05) + 16
    }

    // MARK: Rows

    /// Parses one row starting at `pos` and leaves `pos` at the start of the next.
    mutating func parseRow(
        _ b: UnsafeBufferPointer<UInt8>, _ pos: inout Int, _ end: Int, row: Int, _ places: CellPlaces
    ) throws(RowFailure) {
        let rowLine = line
        let rowStart = pos
        rowExtraLines = 0
        var field = 0
        let last = fieldCount - 1
        while true {
            let target = plan.fields[field]
            if b[pos] == quote {
                try quotedField(b, &pos, end, field: field, target: target, row: row, places)
            } else {
                switch target.kind {
                case .numeric:
                    places.double(field, row: row).pointee = try number(b, &pos, field: field)
                case .skip:
                    _ = try unquotedEnd(b, &pos, field: field)
                case .date:
                    let start = pos
                    let contentEnd = try unquotedEnd(b, &pos, field: field)
                    places.double(field, row: row).pointee = try date(b, start, contentEnd, field: field)
                case .categorical:
                    let start = pos
                    let contentEnd = try unquotedEnd(b, &pos, field: field)
                    places.code(field, row: row).pointee = try category(b, start, contentEnd, slot: target.slot, field: field)
                case .string:
                    let start = pos
                    let contentEnd = try unquotedEnd(b, &pos, field: field)
                    strings[target.slot].append(try text(b, start, contentEnd, field: field))
                }
            }
            // `pos` is at a comma, a line feed, or a carriage return followed by a line feed.
            if b[pos] == comma {
                if field == last {
                    throw RowFailure(line: rowLine, problem: .malformed(
                        "expected \(fieldCount) fields, found \(fieldCount + Self.remainingFields(b, pos, end))"))
                }
                pos &+= 1
                field &+= 1
                continue
            }
            if b[pos] == carriageReturn { pos &+= 1 }
            if field != last {
                let empty = field == 0 && (pos == rowStart || (pos == rowStart + 1 && b[rowStart] == carriageReturn))
                throw RowFailure(line: rowLine, problem: .malformed(
                    empty ? "the line is empty; expected \(fieldCount) fields"
                        : "expected \(fieldCount) fields, found \(field + 1)"))
            }
            pos &+= 1
            line &+= 1
            if rowExtraLines > 0 { multiLineRows.append((rowBase + row, rowExtraLines)) }
            return
        }
    }

    /// Moves `pos` to the field's terminator and returns where its content ends (before a CR of CRLF).
    @inline(__always)
    private func unquotedEnd(_ b: UnsafeBufferPointer<UInt8>, _ pos: inout Int, field: Int) throws(RowFailure) -> Int {
        let start = pos
        var p = pos
        while true {
            let c = b[p]
            if c == comma || c == lineFeed { break }
            if c == quote {
                throw RowFailure(line: line, problem: .malformed(
                    "column '\(plan.names[field])' has a quote inside an unquoted field; quote the whole field and double the inner quotes"))
            }
            p &+= 1
        }
        if b[p] == lineFeed && p > start && b[p - 1] == carriageReturn { p &-= 1 }
        pos = p
        return p
    }

    /// Whether `b[p]` ends a field: a comma, a line feed, or CR LF.
    @inline(__always)
    private static func isTerminator(_ b: UnsafeBufferPointer<UInt8>, _ p: Int) -> Bool {
        let c = b[p]
        return c == comma || c == lineFeed || (c == carriageReturn && b[p &+ 1] == lineFeed)
    }

    @inline(__always)
    private mutating func number(_ b: UnsafeBufferPointer<UInt8>, _ pos: inout Int, field: Int) throws(RowFailure) -> Double {
        let start = pos
        if Self.isTerminator(b, start) { return .nan }
        let scan = DecimalParser.scan(b, from: start)
        if scan.status == .exact && Self.isTerminator(b, scan.end) {
            pos = scan.end
            return scan.value
        }
        let contentEnd = try unquotedEnd(b, &pos, field: field)
        return try numberSlow(b, start, contentEnd, scan: scan, field: field)
    }

    /// The rare cases of a numeric cell: strtod's share, and the error message.
    private mutating func numberSlow(
        _ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, scan: DecimalParser.Scan, field: Int
    ) throws(RowFailure) -> Double {
        if start == end { return .nan }
        if scan.end == end && scan.status == .needsStrtod {
            let value = DecimalParser.strtodValue(b, start, end, scratch: &strtodScratch)
            if value.isFinite { return value }
            throw badCell(b, start, end, field: field, expected: "a finite number (at most about 1.8e308 in size)")
        }
        if scan.end == end && scan.status == .exact { return scan.value }
        var from = start
        var to = end
        while from < to && (b[from] == 0x20 || b[from] == 0x09) { from += 1 }
        while to > from && (b[to - 1] == 0x20 || b[to - 1] == 0x09) { to -= 1 }
        if (from, to) != (start, end) && from < to {
            let inner = DecimalParser.scan(b, from: from)
            if inner.end == to && inner.status != .invalid {
                throw badCell(b, start, end, field: field, expected: "a number without spaces around it")
            }
        }
        throw badCell(b, start, end, field: field, expected: "a number")
    }

    @inline(__always)
    private func date(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, field: Int) throws(RowFailure) -> Double {
        if start == end { return .nan }
        guard let days = CivilDate.days(b, start, end) else {
            throw badCell(b, start, end, field: field, expected: "a date YYYY-MM-DD")
        }
        return days
    }

    @inline(__always)
    private mutating func category(
        _ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, slot: Int, field: Int
    ) throws(RowFailure) -> Int32 {
        if start == end { return -1 }
        var isNew = false
        let code = levels[slot].code(b, start, end, isNew: &isNew)
        if isNew && String(validating: UnsafeBufferPointer(rebasing: b[start..<end]), as: UTF8.self) == nil {
            throw badCell(b, start, end, field: field, expected: "valid UTF-8 text")
        }
        return code
    }

    @inline(__always)
    private func text(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, field: Int) throws(RowFailure) -> String {
        if start == end { return "" }
        guard let value = String(validating: UnsafeBufferPointer(rebasing: b[start..<end]), as: UTF8.self) else {
            throw badCell(b, start, end, field: field, expected: "valid UTF-8 text")
        }
        return value
    }

    private func badCell(
        _ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, field: Int, expected: String
    ) -> RowFailure {
        RowFailure(line: line, problem: .badCell(
            column: plan.names[field], value: Array(b[start..<end]), expected: expected))
    }

    // MARK: Quoted fields

    /// Parses a field that starts with a quote; `""` inside stands for one quote, and commas and line
    /// breaks are content. Leaves `pos` at the terminator after the closing quote.
    private mutating func quotedField(
        _ b: UnsafeBufferPointer<UInt8>, _ pos: inout Int, _ end: Int, field: Int, target: FieldPlan, row: Int,
        _ places: CellPlaces
    ) throws(RowFailure) {
        let openingLine = line
        let contentStart = pos + 1
        var i = contentStart
        var escaped = false
        var feeds = 0
        while true {
            guard i < end else {
                throw RowFailure(line: openingLine, problem: .malformed(
                    "the quote that opens column '\(plan.names[field])' is never closed"))
            }
            let c = b[i]
            if c == quote {
                if i + 1 < end && b[i + 1] == quote {
                    escaped = true
                    i += 2
                    continue
                }
                break
            }
            if c == lineFeed { feeds += 1 }
            i += 1
        }
        let contentEnd = i
        pos = i + 1
        line += feeds
        rowExtraLines += feeds
        guard Self.isTerminator(b, pos) else {
            throw RowFailure(line: line, problem: .malformed(
                "column '\(plan.names[field])' has text after its closing quote; double any quote inside a quoted field"))
        }
        if target.kind == .skip { return }
        if !escaped {
            try store(b, contentStart, contentEnd, field: field, target: target, row: row, places)
            return
        }
        // Rare: undouble the quotes into a copy, with a sentinel so the number scan stops.
        var content: [UInt8] = []
        content.reserveCapacity(contentEnd - contentStart + 1)
        var j = contentStart
        while j < contentEnd {
            content.append(b[j])
            j += b[j] == quote ? 2 : 1
        }
        let count = content.count
        content.append(quote)
        try content.withUnsafeBufferPointer { (c) throws(RowFailure) in
            try store(c, 0, count, field: field, target: target, row: row, places)
        }
    }

    /// Stores the content of a quoted field; `b[end]` must be a byte no number can contain.
    private mutating func store(
        _ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, field: Int, target: FieldPlan, row: Int,
        _ places: CellPlaces
    ) throws(RowFailure) {
        switch target.kind {
        case .skip:
            return
        case .numeric:
            let value: Double
            if start == end {
                value = .nan
            } else {
                let scan = DecimalParser.scan(b, from: start)
                value = try numberSlow(b, start, end, scan: scan, field: field)
            }
            places.double(field, row: row).pointee = value
        case .date:
            places.double(field, row: row).pointee = try date(b, start, end, field: field)
        case .categorical:
            places.code(field, row: row).pointee = try category(b, start, end, slot: target.slot, field: field)
        case .string:
            strings[target.slot].append(try text(b, start, end, field: field))
        }
    }

    /// Fields after position `p` (a comma) up to the end of the record, for the "found N" message.
    static func remainingFields(_ b: UnsafeBufferPointer<UInt8>, _ p: Int, _ end: Int) -> Int {
        var count = 0
        var inQuotes = false
        var i = p
        while i < end {
            let c = b[i]
            if c == quote { inQuotes.toggle() }
            else if !inQuotes && c == comma { count += 1 }
            else if !inQuotes && c == lineFeed { break }
            i += 1
        }
        return count
    }
}
