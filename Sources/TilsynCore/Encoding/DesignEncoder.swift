import Foundation
import TilsynNumerics

/// Turns data rows into design rows per a spec and a learned ``DesignLayout`` (DESIGN §4).
///
/// The encoder is learned once from training data (``learn(spec:from:)``) and then applied to any table
/// with the same columns: training data for the fit, a register for scoring. It writes rows straight into
/// a column-major buffer, so the fit gets one design matrix and scoring can work in cache-sized chunks
/// without ever holding the whole design.
public struct DesignEncoder: Sendable {
    public let spec: ModelSpec
    public let layout: DesignLayout

    public init(spec: ModelSpec, layout: DesignLayout) {
        precondition(spec.features.count == layout.features.count, "layout does not match spec")
        self.spec = spec
        self.layout = layout
    }

    /// The columns a reader must materialise to encode this spec.
    public static func columnRequests(for spec: ModelSpec) -> [ColumnRequest] {
        spec.features.map { ColumnRequest($0.name, $0.type == .categorical ? .categorical : .numeric) }
    }

    // MARK: Learning

    /// Learns fills, levels and references from training data.
    /// - Throws: ``DataError`` naming the file and column when the data cannot support the spec (a column
    ///   with no values, a reference level that never occurs, a missing value where the spec forbids one).
    public static func learn(spec: ModelSpec, from table: DataTable) throws(DataError) -> DesignEncoder {
        var features: [FeatureEncoding] = []
        for f in spec.features {
            switch f.type {
            case .numeric: features.append(try learnNumeric(f, table))
            case .categorical: features.append(try learnCategorical(f, table))
            case .binned: features.append(try learnBinned(f, table))
            }
        }
        return DesignEncoder(spec: spec, layout: DesignLayout(features: features))
    }

    private static func learnNumeric(_ f: FeatureSpec, _ table: DataTable) throws(DataError) -> FeatureEncoding {
        let indicator = f.effectiveMissing == .indicator
        // The transformed values are needed only for a learned fill; without one, encoding checks the
        // transform's domain on every value anyway (with the same message), so it is not computed twice.
        let values = try presentValues(f, table) { (x, row) throws(DataError) in indicator ? try transformed(x, f, table, row) : x }
        let fill = indicator ? try learnedFill(f, values) { v throws(DataError) in try transformed(v, f, table, nil) } : nil
        return FeatureEncoding(
            feature: f.name, columns: [f.name] + (indicator ? ["\(f.name):missing"] : []),
            fill: fill, reference: nil, levels: nil, hasMissingIndicator: indicator)
    }

    /// The feature's non-missing values, each passed through `map`, after the checks every numeric
    /// feature shares: the column is not entirely empty, and a missing cell is an error unless the
    /// feature asks for a missing indicator.
    private static func presentValues(
        _ f: FeatureSpec, _ table: DataTable, map: (Double, Int) throws(DataError) -> Double
    ) throws(DataError) -> [Double] {
        let raw = try table.numeric(f.name)
        var values: [Double] = []
        values.reserveCapacity(raw.count)
        var firstMissing: Int?
        for (row, x) in raw.enumerated() {
            if x.isNaN {
                if firstMissing == nil { firstMissing = row }
                continue
            }
            values.append(try map(x, row))
        }
        if values.isEmpty {
            throw .invalid(file: table.source, reason: "column '\(f.name)' has no values (every cell is empty)")
        }
        if f.effectiveMissing != .indicator, let row = firstMissing { throw missingError(f, table, row) }
        return values
    }

    /// The value a missing cell takes: the spec's number (through `number`, e.g. the feature's
    /// transform), or the mean or median of the training values.
    private static func learnedFill(
        _ f: FeatureSpec, _ values: [Double], number: (Double) throws(DataError) -> Double
    ) throws(DataError) -> Double {
        switch f.fill ?? .value(0) {
        case .value(let v): try number(v)
        case .mean: mean(values)
        case .median: median(values)
        }
    }

    private static func learnCategorical(_ f: FeatureSpec, _ table: DataTable) throws(DataError) -> FeatureEncoding {
        let column = try table.categorical(f.name)
        var counts = [Int](repeating: 0, count: column.levels.count)
        var firstMissing: Int?
        for (row, code) in column.codes.enumerated() {
            if code < 0 {
                if firstMissing == nil { firstMissing = row }
            } else {
                counts[Int(code)] += 1
            }
        }
        let indicator = f.effectiveMissing == .indicator
        if !indicator, let row = firstMissing { throw missingError(f, table, row) }
        let present = column.levels.indices.filter { counts[$0] > 0 }
        if present.isEmpty {
            throw .invalid(file: table.source, reason: "column '\(f.name)' has no values (every cell is empty)")
        }
        let sorted = present.map { column.levels[$0] }.sorted(by: utf8Less)
        let reference: String
        if let chosen = f.reference {
            guard sorted.contains(chosen) else {
                let shown = sorted.prefix(12).joined(separator: ", ") + (sorted.count > 12 ? ", …" : "")
                throw .invalid(file: table.source, reason: "the reference level '\(chosen)' of feature '\(f.name)' never occurs in column '\(f.name)' (its levels: \(shown))")
            }
            reference = chosen
        } else {
            // Most frequent level; ties go to the first in byte order, so the choice is reproducible.
            let best = present.max { a, b in
                counts[a] != counts[b] ? counts[a] < counts[b] : utf8Less(column.levels[b], column.levels[a])
            }
            reference = best.map { column.levels[$0] } ?? sorted[0]
        }
        let levels = sorted.filter { $0 != reference }
        return FeatureEncoding(
            feature: f.name,
            columns: levels.map { "\(f.name)=\($0)" } + (indicator ? ["\(f.name):missing"] : []),
            fill: nil, reference: reference, levels: levels, hasMissingIndicator: indicator)
    }

    private static func learnBinned(_ f: FeatureSpec, _ table: DataTable) throws(DataError) -> FeatureEncoding {
        let edges = f.edges ?? []
        let values = try presentValues(f, table) { x, _ in x }
        let indicator = f.effectiveMissing == .indicator
        let fill = indicator ? try learnedFill(f, values) { v in v } : nil
        if let v = fill, bin(clipped(v, f), edges) == nil {
            throw .invalid(file: table.source, reason: "the fill \(v) of feature '\(f.name)' lies outside its bin edges")
        }
        let labels = FeatureEncoding.binLabels(edges)
        let reference = f.reference ?? labels[0]
        return FeatureEncoding(
            feature: f.name,
            columns: labels.filter { $0 != reference }.map { "\(f.name)=\($0)" } + (indicator ? ["\(f.name):missing"] : []),
            fill: fill, reference: reference, levels: nil, hasMissingIndicator: indicator)
    }

    // MARK: Encoding

    /// A table's columns resolved against the layout once, so that encoding chunks does no look-ups.
    public struct Prepared: Sendable {
        let source: String
        let rowCount: Int
        var table: DataTable
        var parts: [Part]

        enum Part: Sendable {
            case numeric([Double])
            /// Per table code: design column offset within the feature, `-1` reference, `-2` unseen.
            case categorical(codes: [Int32], columnOf: [Int], levels: [String])
            case binned([Double], referenceBin: Int, binCount: Int)
        }
    }

    /// Resolves `table`'s columns for encoding.
    /// - Throws: ``DataError/missingColumn(file:column:available:)`` for an absent feature column.
    public func prepare(_ table: DataTable) throws(DataError) -> Prepared {
        var parts: [Prepared.Part] = []
        for (f, enc) in zip(spec.features, layout.features) {
            switch f.type {
            case .numeric:
                parts.append(.numeric(try table.numeric(f.name)))
            case .categorical:
                let column = try table.categorical(f.name)
                let position = Dictionary(uniqueKeysWithValues: (enc.levels ?? []).enumerated().map { ($1, $0) })
                let columnOf = column.levels.map { level -> Int in
                    if level == enc.reference { return -1 }
                    return position[level] ?? -2
                }
                parts.append(.categorical(codes: column.codes, columnOf: columnOf, levels: column.levels))
            case .binned:
                let labels = FeatureEncoding.binLabels(f.edges ?? [])
                parts.append(.binned(try table.numeric(f.name), referenceBin: labels.firstIndex(of: enc.reference ?? "") ?? 0, binCount: labels.count))
            }
        }
        return Prepared(source: table.source, rowCount: table.rowCount, table: table, parts: parts)
    }

    /// Encodes the whole table into an `n × p` design matrix, rows split across threads.
    /// - Throws: ``DataError`` naming the first offending line and column.
    public func designMatrix(_ table: DataTable, threads: Int = defaultThreadCount) throws(DataError) -> Matrix {
        let prepared = try prepare(table)
        let n = table.rowCount, p = layout.columnCount
        let t = max(1, min(threads, n / 4096 + 1))
        var firstError: DataError?
        let storage = [Double](unsafeUninitializedCapacity: n * p) { buffer, initialized in
            nonisolated(unsafe) let out = buffer
            let errors = parallelMap(count: t) { k -> DataError? in
                let rows = (n * k / t)..<(n * (k + 1) / t)
                do throws(DataError) {
                    try encode(prepared, rows: rows, into: out, leadingDimension: n, rowOffset: 0)
                    return nil
                } catch {
                    return error
                }
            }
            firstError = errors.compactMap { $0 }.first
            if firstError != nil {
                // Fill so the buffer is fully initialised even though it is discarded.
                for i in 0..<(n * p) { buffer.initializeElement(at: i, to: 0) }
            }
            initialized = n * p
        }
        if let firstError { throw firstError }
        return Matrix(rows: n, columns: p, columnMajor: storage)
    }

    /// Encodes `rows` of a prepared table into a column-major buffer: row `r` goes to buffer row
    /// `r − rowOffset`, column `j` starts at `j · leadingDimension`.
    public func encode(
        _ prepared: Prepared, rows: Range<Int>, into out: UnsafeMutableBufferPointer<Double>,
        leadingDimension ld: Int, rowOffset: Int
    ) throws(DataError) {
        let m = rows.count
        precondition(rows.lowerBound - rowOffset >= 0 && rows.upperBound - rowOffset <= ld, "encode: rows outside buffer")
        let base0 = rows.lowerBound - rowOffset
        for i in 0..<m { out[base0 + i] = 1 }
        let offsets = layout.featureOffsets
        for (index, part) in prepared.parts.enumerated() {
            let f = spec.features[index]
            let enc = layout.features[index]
            let first = offsets[index]
            let width = enc.columns.count
            // Zero this feature's block, then set what is non-zero.
            for j in first..<(first + width) {
                let start = j * ld + base0
                for i in 0..<m { out[start + i] = 0 }
            }
            let indicatorColumn = enc.hasMissingIndicator ? first + width - 1 : -1
            switch part {
            case .numeric(let raw):
                let start = first * ld + base0
                for (i, r) in rows.enumerated() {
                    let x = raw[r]
                    if x.isNaN {
                        guard let fill = enc.fill else { throw Self.missingError(f, prepared.table, r) }
                        out[start + i] = fill
                        out[indicatorColumn * ld + base0 + i] = 1
                    } else {
                        out[start + i] = try Self.transformed(x, f, prepared.table, r)
                    }
                }
            case .categorical(let codes, let columnOf, let levels):
                for (i, r) in rows.enumerated() {
                    let code = codes[r]
                    if code < 0 {
                        guard indicatorColumn >= 0 else { throw Self.missingError(f, prepared.table, r) }
                        out[indicatorColumn * ld + base0 + i] = 1
                        continue
                    }
                    let column = columnOf[Int(code)]
                    if column >= 0 {
                        out[(first + column) * ld + base0 + i] = 1
                    } else if column == -2 && f.effectiveUnseen == .error {
                        throw DataError.badCell(
                            file: prepared.source, line: prepared.table.line(ofRow: r), column: f.name, value: levels[Int(code)],
                            expected: "a level seen in training (\(Self.describeLevels(enc))); set \"unseen\": \"reference\" in the spec to score unseen levels as the reference level")
                    }
                }
            case .binned(let raw, let referenceBin, _):
                let edges = f.edges ?? []
                for (i, r) in rows.enumerated() {
                    var x = raw[r]
                    if x.isNaN {
                        guard let fill = enc.fill else { throw Self.missingError(f, prepared.table, r) }
                        x = fill
                        out[indicatorColumn * ld + base0 + i] = 1
                    }
                    guard let b = Self.bin(Self.clipped(x, f), edges) else {
                        throw DataError.badCell(
                            file: prepared.source, line: prepared.table.line(ofRow: r), column: f.name, value: FeatureEncoding.formatNumber(x),
                            expected: "a value in [\(FeatureEncoding.formatNumber(edges[0])), \(FeatureEncoding.formatNumber(edges[edges.count - 1]))) (the bin edges)")
                    }
                    if b != referenceBin {
                        let column = b < referenceBin ? b : b - 1
                        out[(first + column) * ld + base0 + i] = 1
                    }
                }
            }
        }
    }

    // MARK: Helpers

    static func clipped(_ x: Double, _ f: FeatureSpec) -> Double {
        guard let clip = f.clip, clip.count == 2 else { return x }
        return min(max(x, clip[0]), clip[1])
    }

    /// `transform(clip(x))`, with a clear error when the transform is undefined for the value.
    static func transformed(_ x: Double, _ f: FeatureSpec, _ table: DataTable, _ row: Int?) throws(DataError) -> Double {
        let c = clipped(x, f)
        switch f.effectiveTransform {
        case .identity: return c
        case .log1p:
            if c <= -1 { throw domainError(f, table, row, x, "a value > −1 (log1p is undefined below)") }
            return log1p(c)
        case .sqrt:
            if c < 0 { throw domainError(f, table, row, x, "a value ≥ 0 (sqrt is undefined below)") }
            return c.squareRoot()
        }
    }

    private static func domainError(_ f: FeatureSpec, _ table: DataTable, _ row: Int?, _ x: Double, _ expected: String) -> DataError {
        guard let row else { return .invalid(file: table.source, reason: "the fill of feature '\(f.name)' is outside the transform's domain; expected \(expected)") }
        return .badCell(file: table.source, line: table.line(ofRow: row), column: f.name, value: FeatureEncoding.formatNumber(x), expected: expected)
    }

    static func missingError(_ f: FeatureSpec, _ table: DataTable, _ row: Int) -> DataError {
        .badCell(
            file: table.source, line: table.line(ofRow: row), column: f.name, value: "",
            expected: "a value (the spec says missing values are an error for '\(f.name)'; use \"missing\": \"indicator\" to allow them)")
    }

    static func bin(_ x: Double, _ edges: [Double]) -> Int? {
        guard let last = edges.last, x >= edges[0], x < last else { return nil }
        var lo = 0, hi = edges.count - 1  // invariant: edges[lo] <= x < edges[hi]
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if x >= edges[mid] { lo = mid } else { hi = mid }
        }
        return lo
    }

    static func describeLevels(_ enc: FeatureEncoding) -> String {
        let all = [enc.reference ?? ""] + (enc.levels ?? [])
        return all.prefix(8).joined(separator: ", ") + (all.count > 8 ? ", …" : "")
    }

    static func mean(_ values: [Double]) -> Double { values.reduce(0, +) / Double(values.count) }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        let n = sorted.count
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
    }
}

/// Byte-wise (UTF-8) ordering, the same in every locale and in the Python reference.
func utf8Less(_ a: String, _ b: String) -> Bool { a.utf8.lexicographicallyPrecedes(b.utf8) }
