import Foundation
import TilsynCore
import TilsynIO
import TilsynNumerics

/// Formats for every unit's explanation in one file.
public enum ExplainAllFormat: String, CaseIterable, Sendable {
    case csv, jsonl
}

/// Writes every unit's score with its top contributions — `tilsyn explain --all` — as CSV or JSON Lines.
///
/// First every row's top lines are computed in one pass over chunks of input rows
/// (``Explainer/topLines(_:k:threads:chunk:)``: a single card's lines, bit for bit, and the scorer's
/// log-odds). Then the output is formatted in rank order a
/// block of ranks at a time, each block split into parts for the threads, and handed to `emit` part by
/// part, so memory is bounded by a block rather than by the output, and the bytes are the same for any
/// thread count.
///
/// CSV columns: the unit column, `probability`, `log_odds`, `rank`, `percentile`, `baseline_log_odds`,
/// `as_of`, then `feature_k`, `value_k`, `contribution_k` for k = 1…K. A missing value is an empty
/// cell; the merged line of undisclosed features is `(undisclosed)` with an empty value. With every line
/// (`--full`), `baseline_log_odds + Σ contribution_k = log_odds`.
public enum ExplainAllWriter {
    /// Ranks in one formatted block.
    static let blockRanks = 1 << 16

    /// - Parameters:
    ///   - scores: the register's scores, for the rank order.
    ///   - top: lines per unit; `nil` for every line.
    ///   - emit: receives the output's bytes in order, a block at a time.
    /// - Throws: ``DataError`` when a row cannot be encoded, or what `emit` throws.
    public static func write(
        explainer: Explainer, prepared: DesignEncoder.Prepared, scores: Scores, unitColumn: String,
        format: ExplainAllFormat, top: Int?, asOf: String, threads: Int, emit: ([UInt8]) throws -> Void
    ) throws {
        let lineCount = explainer.lineFeatures.count
        let top = try explainer.topLines(prepared, k: min(top ?? lineCount, lineCount), threads: threads)
        try write(top, explainer: explainer, prepared: prepared, scores: scores, unitColumn: unitColumn, format: format,
                  asOf: asOf, threads: threads, emit: emit)
    }

    /// ``write(explainer:prepared:scores:unitColumn:format:top:asOf:threads:emit:)`` for a register not
    /// yet scored: the ranks come from the top lines' log-odds, which are the scorer's bit for bit, so
    /// every row's log-odds are computed once, not twice (`tilsyn explain --all`).
    /// - Parameter units: the register's unit ids (``DataTable/unitIDs(_:)``), in row order.
    public static func write(
        explainer: Explainer, prepared: DesignEncoder.Prepared, units: [String], seed: UInt64, unitColumn: String,
        format: ExplainAllFormat, top: Int?, asOf: String, threads: Int, emit: ([UInt8]) throws -> Void
    ) throws {
        let lineCount = explainer.lineFeatures.count
        let top = try explainer.topLines(prepared, k: min(top ?? lineCount, lineCount), threads: threads)
        let scores = Scorer.scores(logOdds: top.logOdds, units: units, seed: seed)
        try write(top, explainer: explainer, prepared: prepared, scores: scores, unitColumn: unitColumn, format: format,
                  asOf: asOf, threads: threads, emit: emit)
    }

    /// Formats `top` in the rank order of `scores`, a block of ranks at a time.
    private static func write(
        _ top: Explainer.TopLines, explainer: Explainer, prepared: DesignEncoder.Prepared, scores: Scores, unitColumn: String,
        format: ExplainAllFormat, asOf: String, threads: Int, emit: ([UInt8]) throws -> Void
    ) throws {
        let n = scores.order.count
        let order = scores.order, units = scores.units
        let k = top.k
        let names = explainer.lineFeatures
        let baseline = explainer.baselineLogOdds
        // Cells that are the same on every row, formatted once.
        let fixedCells = CSVWriter.cell(baseline) + [UInt8(ascii: ",")] + CSVWriter.cell(asOf)

        var header: [String] = [unitColumn, "probability", "log_odds", "rank", "percentile", "baseline_log_odds", "as_of"]
        for i in 1...max(1, k) where k > 0 { header += ["feature_\(i)", "value_\(i)", "contribution_\(i)"] }
        if format == .csv { try emit(CSVWriter(header: header, reservingCapacity: 256).bytes) }

        try explainer.withRawCells(prepared) { cells in
        let rowCells = format == .csv ? RowCells(cells, names: names, fixed: fixedCells) : nil
        var blockStart = 0
        while blockStart < n {
            let blockEnd = min(n, blockStart + blockRanks)
            // Four parts per thread, taken by whichever thread is free: the output stream's own thread
            // writes the previous block meanwhile, and equal halves would wait for the slower.
            let t = max(1, min(threads * 4, (blockEnd - blockStart) / 4096 + 1))
            let parts = parallelMap(count: t) { [blockStart] part -> [UInt8] in
                let span = blockEnd - blockStart
                let ranks = (blockStart + span * part / t)..<(blockStart + span * (part + 1) / t)
                if let rowCells {
                    return csvRows(ranks, top: top, cells: rowCells, order: order, units: units, population: n)
                }
                var json = JSONLineBuilder(reservingCapacity: format == .jsonl ? ranks.count * (140 + 80 * k) : 0)
                for position in ranks {
                    let row = order[position]
                    let logOdds = top.logOdds[row]
                    let rank = position + 1
                    let percentile = Explainer.percentile(rank: rank, population: n)
                    switch format {
                    case .csv:
                        break  // csvRows above
                    case .jsonl:
                        json.open()
                        json.key("unit"); json.string(units[row])
                        json.key("probability"); json.number(Scorer.logistic(logOdds))
                        json.key("log_odds"); json.number(logOdds)
                        json.key("rank"); json.integer(rank)
                        json.key("percentile"); json.number(percentile)
                        json.key("baseline_log_odds"); json.number(baseline)
                        json.key("as_of"); json.string(asOf)
                        json.key("contributions"); json.raw("[")
                        for q in 0..<k {
                            let line = Int(top.lineIndex[row * k + q])
                            if q > 0 { json.raw(",") }
                            json.raw("{\"feature\":"); json.string(names[line])
                            json.raw(",\"value\":")
                            var missing = false
                            switch cells.columns[line] {
                            case .numbers(let values):
                                let v = values[row]
                                if v.isNaN { json.raw("null"); missing = true } else { json.number(v) }
                            case .labels(let codes, let levels):
                                let code = Int(codes[row])
                                if code < 0 {
                                    json.raw("null")
                                    missing = true
                                } else {
                                    json.string(utf8: UnsafeBufferPointer(rebasing: cells.levelBytes[levels[code]]))
                                }
                            case .hidden:
                                json.raw("null")
                            }
                            json.raw(",\"missing\":"); json.raw(missing ? "true" : "false")
                            json.raw(",\"contribution\":"); json.number(top.contribution[row * k + q])
                            json.raw("}")
                        }
                        json.raw("]}\n")
                    }
                }
                return json.bytes
            }
            for part in parts { try emit(part) }
            blockStart = blockEnd
        }
        }
    }

    /// The whole output in memory (for tests and small registers).
    public static func bytes(
        explainer: Explainer, prepared: DesignEncoder.Prepared, scores: Scores, unitColumn: String,
        format: ExplainAllFormat, top: Int?, asOf: String, threads: Int
    ) throws -> [UInt8] {
        var all: [UInt8] = []
        try write(explainer: explainer, prepared: prepared, scores: scores, unitColumn: unitColumn,
                  format: format, top: top, asOf: asOf, threads: threads) { all.append(contentsOf: $0) }
        return all
    }
}

extension ExplainAllWriter {
    /// The CSV rows of `ranks`, in three passes.
    ///
    /// Rows come in rank order, that is in random order through the register's columns: formatting
    /// straight from them waited on some seven cache misses per row, one after the other (`perf` put a
    /// quarter of `explain --all`'s samples on the loads of that loop). So each row's numbers are first
    /// gathered into arrays in rank order, in tight loops whose loads do not depend on each other and so
    /// overlap, and only then formatted. Values and contributions, which repeat, are formatted through a
    /// ``CSVWriter/NumberMemo``. The bytes are the same.
    static func csvRows(
        _ ranks: Range<Int>, top: Explainer.TopLines, cells: RowCells, order: [Int], units: [String], population n: Int
    ) -> [UInt8] {
        let k = top.k, count = ranks.count
        var ids = [String](repeating: "", count: count)
        var rows = [Int](repeating: 0, count: count)
        var logOdds = [Double](repeating: 0, count: count)
        var lines = [Int32](repeating: 0, count: count * k)
        var contributions = [Double](repeating: 0, count: count * k)
        // Pass 1: what the top lines say of each row, in rank order.
        top.logOdds.withUnsafeBufferPointer { allLogOdds in
            top.lineIndex.withUnsafeBufferPointer { allLines in
                top.contribution.withUnsafeBufferPointer { allContributions in
                    for i in 0..<count {
                        let row = order[ranks.lowerBound + i]
                        rows[i] = row
                        ids[i] = units[row]
                        logOdds[i] = allLogOdds[row]
                        for q in 0..<k {
                            lines[i * k + q] = allLines[row * k + q]
                            contributions[i * k + q] = allContributions[row * k + q]
                        }
                    }
                }
            }
        }
        // Pass 2: each line's register value (a number, or a level's code; −1 and NaN are missing).
        var numbers = [Double](repeating: .nan, count: count * k)
        var codes = [Int32](repeating: -1, count: count * k)
        cells.numberColumn.withUnsafeBufferPointer { numberColumn in
            cells.codeColumn.withUnsafeBufferPointer { codeColumn in
                for i in 0..<count {
                    let row = rows[i]
                    for q in 0..<k {
                        let line = Int(lines[i * k + q])
                        if let values = numberColumn[line] {
                            numbers[i * k + q] = values[row]
                        } else if let c = codeColumn[line] {
                            codes[i * k + q] = c[row]
                        }
                    }
                }
            }
        }
        // Pass 3: the text.
        var out = CSVWriter(reservingCapacity: count * (90 + 48 * k))
        var memo = CSVWriter.NumberMemo()
        cells.text.withUnsafeBufferPointer { text in
            cells.textRanges.withUnsafeBufferPointer { textRanges in
                func cell(_ index: Int) -> UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: text[textRanges[index]]) }
                let fixed = cell(0)
                for i in 0..<count {
                    let logOdds = logOdds[i]
                    let rank = ranks.lowerBound + i + 1
                    out.append(ids[i])
                    out.append(Scorer.logistic(logOdds))
                    out.append(logOdds)
                    out.append(rank)
                    out.append(Explainer.percentile(rank: rank, population: n))
                    out.append(preformatted: fixed)  // baseline_log_odds,as_of
                    for q in 0..<k {
                        let j = i * k + q
                        let line = Int(lines[j])
                        out.append(preformatted: cell(1 + line))
                        let code = Int(codes[j])
                        if code >= 0 {
                            out.append(preformatted: cell(cells.levelCell[line] + code))
                        } else {
                            out.append(numbers[j], memo: &memo)  // NaN (missing, or a hidden line) is an empty cell
                        }
                        out.append(contributions[j], memo: &memo)
                    }
                    out.endRow()
                }
            }
        }
        return out.bytes
    }

    /// What the CSV rows read besides the top lines, as plain buffers and one table of preformatted
    /// cells (reading a cell from an array of arrays retained and released that array for every cell).
    struct RowCells: @unchecked Sendable {
        /// Each line's register numbers, if it has numbers.
        var numberColumn: [UnsafePointer<Double>?] = []
        /// Each line's level codes, if it has levels.
        var codeColumn: [UnsafePointer<Int32>?] = []
        /// Cell `c` is `text[textRanges[c]]`: cell 0 is the cells shared by every row
        /// (`baseline_log_odds,as_of`), cell 1 + l line `l`'s name, cell `levelCell[l] + v` level `v`
        /// of line `l` (as text, quoted if needed).
        var text: [UInt8] = []
        var textRanges: [Range<Int>] = []
        var levelCell: [Int] = []

        /// - Parameter fixed: the text of the cells shared by every row.
        init(_ cells: Explainer.RawCells, names: [String], fixed: [UInt8]) {
            func add(_ cell: [UInt8]) {
                textRanges.append(text.count..<(text.count + cell.count))
                text += cell
            }
            add(fixed)
            for name in names { add(CSVWriter.cell(name)) }
            for column in cells.columns {
                levelCell.append(textRanges.count)
                switch column {
                case .numbers(let values):
                    numberColumn.append(values.baseAddress)
                    codeColumn.append(nil)
                case .labels(let codes, let levels):
                    numberColumn.append(nil)
                    codeColumn.append(codes.baseAddress)
                    for level in levels {
                        var writer = CSVWriter(reservingCapacity: level.count + 4)
                        writer.append(utf8: UnsafeBufferPointer(rebasing: cells.levelBytes[level]))
                        add(writer.bytes)
                    }
                case .hidden:
                    numberColumn.append(nil)
                    codeColumn.append(nil)
                }
            }
        }
    }
}

/// A minimal JSON byte builder for JSON Lines: one object per line, strings escaped per RFC 8259,
/// numbers in Swift's shortest round-trip form.
struct JSONLineBuilder {
    private(set) var bytes: [UInt8] = []
    private var first = true

    init(reservingCapacity: Int = 0) { bytes.reserveCapacity(reservingCapacity) }

    mutating func open() {
        bytes.append(UInt8(ascii: "{"))
        first = true
    }

    mutating func key(_ name: String) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        first = false
        string(name)
        bytes.append(UInt8(ascii: ":"))
    }

    mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    mutating func integer(_ value: Int) {
        var text = String(value)
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }

    mutating func number(_ value: Double) {
        guard value.isFinite else { return raw("null") }
        appendShortestDescription(value, to: &bytes)
    }

    mutating func string(_ value: String) {
        var value = value
        value.withUTF8 { string(utf8: $0) }
    }

    mutating func string(utf8 value: UnsafeBufferPointer<UInt8>) {
        bytes.append(UInt8(ascii: "\""))
        for byte in value {
            switch byte {
            case UInt8(ascii: "\""): raw("\\\"")
            case UInt8(ascii: "\\"): raw("\\\\")
            case 0x0A: raw("\\n")
            case 0x0D: raw("\\r")
            case 0x09: raw("\\t")
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: Array("\\u00".utf8))
                bytes.append(hex[Int(byte >> 4)])
                bytes.append(hex[Int(byte & 0xF)])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
