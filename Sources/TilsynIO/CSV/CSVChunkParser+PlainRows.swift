private let comma = UInt8(ascii: ",")
private let lineFeed = UInt8(ascii: "\n")
private let carriageReturn = UInt8(ascii: "\r")

/// Neighbouring fields of one kind, all before a row's last field: the plain-row parser's unit of work,
/// so that a register's thirty-odd numeric columns in a row cost one dispatch, not one each.
struct FieldRun: Sendable {
    var kind: FieldKind
    var fields: Range<Int>

    /// The runs of `fields` without the last field, which the row parser takes on its own (it ends at
    /// the line feed, perhaps after a carriage return).
    static func runs(_ fields: [FieldPlan]) -> [FieldRun] {
        var runs: [FieldRun] = []
        for (i, field) in fields.enumerated().dropLast() {
            if let last = runs.last, last.kind == field.kind {
                runs[runs.count - 1].fields = last.fields.lowerBound..<(i + 1)
            } else {
                runs.append(FieldRun(kind: field.kind, fields: i..<(i + 1)))
            }
        }
        return runs
    }
}

/// The last date a date column's plain cells held, as its ten bytes, and its day number.
///
/// A history's or register's dates repeat row after row (a week's inspections, one as-of date), so
/// a cell equal to the one before is two loads and a compare, not a parse and a calendar computation
/// (2–3 % of the plain-row parse's time in `perf` of the 1M-row history, 2026-12-02).
struct LastDate: Sendable {
    private var head: UInt64 = 0
    private var tail: UInt16 = 0
    private var days = Double.nan

    /// The remembered day number if `b[start..<end]` is the remembered date, else `nil`.
    @inline(__always)
    func value(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Double? {
        guard end &- start == 10, !days.isNaN, let base = UnsafeRawPointer(b.baseAddress) else { return nil }
        let cellHead = base.loadUnaligned(fromByteOffset: start, as: UInt64.self)
        let cellTail = base.loadUnaligned(fromByteOffset: start &+ 8, as: UInt16.self)
        return cellHead == head && cellTail == tail ? days : nil
    }

    /// Remembers the valid date `b[start..<end]` (ten bytes) and its day number.
    mutating func remember(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, days: Double) {
        guard end &- start == 10, let base = UnsafeRawPointer(b.baseAddress) else { return }
        head = base.loadUnaligned(fromByteOffset: start, as: UInt64.self)
        tail = base.loadUnaligned(fromByteOffset: start &+ 8, as: UInt16.self)
        self.days = days
    }
}

extension ChunkParser {
    /// Parses one row of quote-free text if every cell in it is plain, and returns `false` otherwise,
    /// having changed nothing that ``parseRow(_:_:_:row:_:)`` would not redo.
    ///
    /// The row's field ends come from `ends` (``FieldEnds``), so each cell is parsed knowing where it
    /// stops: numbers by ``DecimalParser/plain(_:_:_:)`` (else ``DecimalParser/scan(_:from:)``), dates by
    /// ``CivilDate``, categories by a lookup of labels already seen. Anything else — a field count that
    /// is wrong, a cell that is not what its column needs, a label not seen before (the general parser
    /// adds it and checks its UTF-8), invalid UTF-8 in a text — returns `false` before `pos` moves, and
    /// the caller has the general parser read the row from its start: it gives the same values and
    /// throws the same error, naming row and column, so the two can never disagree.
    ///
    /// Hand-written for speed (no library parses into caller-owned columns): per 1M-row read of the
    /// benchmark history the parse fell from 0.83 s of CPU (``parseRow(_:_:_:row:_:)`` alone)
    /// to 0.56 s (`perf` of `tilsyn bench`, 2026-12-01, loaded machine; BENCHMARKS.md), and from
    /// 0.87–0.99 s to 0.50–0.75 s on one thread in a stand-alone loop of the parser, interleaved.
    ///
    /// Each cell goes to its field's place in `places` (``CellPlaces``), one load of an address and no
    /// bounds check rather than a lookup through the plan; a per-field table of this kind made whole
    /// reads 5–8 % faster (interleaved in one process, one and two threads, 2026-12-02).
    mutating func plainRow(
        _ b: UnsafeBufferPointer<UInt8>, _ pos: inout Int, _ ends: inout FieldEnds, row: Int, _ places: CellPlaces
    ) -> Bool {
        // Locals the compiler can keep in registers, not the caller's memory or this parser's arrays.
        var next = ends
        defer { ends = next }
        var start = pos
        for run in runs {
            if run.kind == .numeric {
                // The bulk of a register's row, so without the dispatch on the kind per cell.
                for field in run.fields {
                    let end = next.next()
                    guard b[end] == comma, let value = plainNumber(b, start, end) else {
                        return undoStrings(before: field)
                    }
                    places.double(field, row: row).pointee = value
                    start = end &+ 1
                }
                continue
            }
            for field in run.fields {
                let end = next.next()
                guard b[end] == comma,
                      plainCell(run.kind, field: field, b, start, end, places, row: row)
                else { return undoStrings(before: field) }
                start = end &+ 1
            }
        }
        let last = fieldCount &- 1
        let end = next.next()
        // A carriage return just before the line feed is the line end's, not the cell's.
        let contentEnd = end > start && b[end &- 1] == carriageReturn ? end &- 1 : end
        guard b[end] == lineFeed,
              plainCell(plan.fields[last].kind, field: last, b, start, contentEnd, places, row: row)
        else { return undoStrings(before: last) }
        pos = end &+ 1
        line &+= 1
        return true
    }

    /// Stores the plain cell `b[start..<end]` of field `field`, a `kind` column, at its place for row
    /// `row`, or returns `false` if it is not plain.
    @inline(__always)
    private mutating func plainCell(
        _ kind: FieldKind, field: Int, _ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int,
        _ places: CellPlaces, row: Int
    ) -> Bool {
        switch kind {
        case .skip:
            return true
        case .numeric:
            guard let value = plainNumber(b, start, end) else { return false }
            places.double(field, row: row).pointee = value
            return true
        case .date:
            let double = places.double(field, row: row)
            let slot = plan.fields[field].slot
            if start == end {
                double.pointee = .nan
            } else if let known = lastDates[slot].value(b, start, end) {
                double.pointee = known
            } else {
                guard let days = CivilDate.days(b, start, end) else { return false }
                lastDates[slot].remember(b, start, end, days: days)
                double.pointee = days
            }
            return true
        case .categorical:
            let code = places.code(field, row: row)
            if start == end {
                code.pointee = -1
            } else {
                guard let known = levels[plan.fields[field].slot].existingCode(b, start, end) else { return false }
                code.pointee = known
            }
            return true
        case .string:
            guard let text = String(validating: UnsafeBufferPointer(rebasing: b[start..<end]), as: UTF8.self) else {
                return false
            }
            strings[plan.fields[field].slot].append(text)
            return true
        }
    }

    /// A numeric cell's value as ``number(_:_:field:)`` would give it, or `nil` where that would throw.
    ///
    /// Small, so that it is inlined into the row loop; the rare cells go to ``declinedNumber(_:_:_:)``.
    @inline(__always)
    private func plainNumber(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Double? {
        // One digit is most cells of a register ("0", "1"): a branch of its own, no word to take apart.
        if end &- start == 1 {
            let digit = b[start] &- UInt8(ascii: "0")
            if digit < 10 { return Double(digit) }
        }
        if let value = DecimalParser.plain(b, start, end) { return value }
        return declinedNumber(b, start, end)
    }

    /// The numeric cells ``DecimalParser/plain(_:_:_:)`` declines: empty (`NaN`), or read as the
    /// general parser reads them (``DecimalParser/scan(_:from:)``, `strtod`); `nil` where it would throw.
    @inline(never)
    private func declinedNumber(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Double? {
        if start == end { return .nan }
        let scan = DecimalParser.scan(b, from: start)
        guard scan.end == end else { return nil }
        switch scan.status {
        case .exact:
            return scan.value
        case .needsStrtod:
            var scratch: [CChar] = []
            let value = DecimalParser.strtodValue(b, start, end, scratch: &scratch)
            return value.isFinite ? value : nil
        case .invalid:
            return nil
        }
    }

    /// Takes back the texts this row appended to string columns before `field`, and returns `false`.
    private mutating func undoStrings(before field: Int) -> Bool {
        for earlier in 0..<field where plan.fields[earlier].kind == .string {
            strings[plan.fields[earlier].slot].removeLast()
        }
        return false
    }
}
