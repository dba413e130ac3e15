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
/// block of ranks at a time, each block split between the threads, and handed to `emit` block by
/// block, so memory is bounded by a block rather than by the output, and the bytes are the same for any
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
        let baselineCell = CSVWriter.cell(baseline), asOfCell = CSVWriter.cell(asOf), nameCells = names.map { CSVWriter.cell($0) }

        var header: [String] = [unitColumn, "probability", "log_odds", "rank", "percentile", "baseline_log_odds", "as_of"]
        for i in 1...max(1, k) where k > 0 { header += ["feature_\(i)", "value_\(i)", "contribution_\(i)"] }
        if format == .csv { try emit(CSVWriter(header: header, reservingCapacity: 256).bytes) }

        try explainer.withRawCells(prepared) { cells in
        var blockStart = 0
        while blockStart < n {
            let blockEnd = min(n, blockStart + blockRanks)
            let t = max(1, min(threads, (blockEnd - blockStart) / 4096 + 1))
            let parts = parallelMap(count: t) { [blockStart] part -> [UInt8] in
                let span = blockEnd - blockStart
                let ranks = (blockStart + span * part / t)..<(blockStart + span * (part + 1) / t)
                var out = CSVWriter(reservingCapacity: format == .csv ? ranks.count * (90 + 48 * k) : 0)
                var json = JSONLineBuilder(reservingCapacity: format == .jsonl ? ranks.count * (140 + 80 * k) : 0)
                for position in ranks {
                    let row = order[position]
                    let logOdds = top.logOdds[row]
                    let rank = position + 1
                    let percentile = Explainer.percentile(rank: rank, population: n)
                    switch format {
                    case .csv:
                        out.append(units[row])
                        out.append(Scorer.logistic(logOdds))
                        out.append(logOdds)
                        out.append(rank)
                        out.append(percentile)
                        out.append(preformatted: baselineCell)
                        out.append(preformatted: asOfCell)
                        for q in 0..<k {
                            let line = Int(top.lineIndex[row * k + q])
                            out.append(preformatted: nameCells[line])
                            switch cells.columns[line] {
                            case .numbers(let values):
                                out.append(values[row])  // NaN (missing) is an empty cell
                            case .labels(let codes, let levels):
                                let code = Int(codes[row])
                                if code < 0 {
                                    out.appendMissing()
                                } else {
                                    out.append(utf8: UnsafeBufferPointer(rebasing: cells.levelBytes[levels[code]]))
                                }
                            case .hidden:
                                out.appendMissing()
                            }
                            out.append(top.contribution[row * k + q])
                        }
                        out.endRow()
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
                return format == .csv ? out.bytes : json.bytes
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
