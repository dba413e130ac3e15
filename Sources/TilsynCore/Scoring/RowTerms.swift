import Foundation

/// A model's log-odds and explanation lines computed straight from a table's columns, a chunk of rows
/// at a time, without encoding design rows.
///
/// The numbers are the dense ones bit for bit. The log-odds is `β₀ + Σⱼ βⱼ xⱼ` added in design-column
/// order, as ``Explainer/explain(_:row:unit:rank:population:asOf:)`` adds it; a one-hot column that is 0
/// adds `±0`, which changes no sum, so a categorical or binned feature adds just its level's
/// coefficient. A feature's line is `Σⱼ βⱼ (xⱼ − rⱼ)` over its columns in order, from 0; for a
/// categorical or binned feature that sum depends only on the level (and, for bins, on whether the value
/// was missing), so it is taken once per level, with the same operations, and looked up per row.
///
/// The one difference from the dense sum: a partial sum that is exactly −0 stays −0 here where adding
/// `+0` would make it +0; with a non-zero intercept no partial sum is −0 in practice.
struct RowTerms: Sendable {
    let intercept: Double
    let terms: [Term]
    /// Line of each feature (undisclosed features share the merged line).
    let lineOf: [Int]
    let lineCount: Int

    enum Term: Sendable {
        /// `x` (clipped, transformed, or the fill when missing) at one design column, with the missing
        /// indicator's coefficient and reference if the feature has one.
        case numeric(raw: [Double], beta: Double, reference: Double, fill: Double?, indicator: (beta: Double, reference: Double)?)
        /// A level key per table code (`missingKey` for a missing cell, `-1` for "error"); the key's
        /// first (and, for bins, second) log-odds addend and its line total.
        case categorical(codes: [Int32], keyOfCode: [Int32], missingKey: Int32, first: [Double], line: [Double])
        /// Bins: key = 2·(bin level + 1) + missing.
        case binned(raw: [Double], fill: Double?, first: [Double], second: [Double]?, line: [Double])
    }

    init(model: FittedModel, prepared: DesignEncoder.Prepared, lineOf: [Int], lineCount: Int) {
        let beta = model.beta
        let reference = model.referenceVector
        let layout = model.encoding
        self.intercept = beta[0]
        self.lineOf = lineOf
        self.lineCount = lineCount
        var terms: [Term] = []
        for (index, (f, first)) in zip(model.spec.features, layout.featureOffsets).enumerated() {
            let enc = layout.features[index]
            let width = enc.columns.count
            // The line of a row whose design values in this feature are `x`, summed as explain() sums it.
            func line(_ x: [Double]) -> Double {
                var total = 0.0
                for (k, j) in (first..<(first + width)).enumerated() { total += beta[j] * (x[k] - reference[j]) }
                return total
            }
            func unit(_ k: Int?) -> [Double] {
                var x = [Double](repeating: 0, count: width)
                if let k { x[k] = 1 }
                return x
            }
            switch prepared.parts[index] {
            case .numeric(let raw):
                let indicator = enc.hasMissingIndicator ? (beta[first + 1], reference[first + 1]) : nil
                terms.append(.numeric(raw: raw, beta: beta[first], reference: reference[first], fill: enc.fill, indicator: indicator))
            case .categorical(let codes, let columnOf, _):
                // Keys: 0 the reference level, k + 1 design column k of the feature.
                let unseenKey: Int32 = f.effectiveUnseen == .error ? -1 : 0
                let keyOfCode = columnOf.map { c -> Int32 in c >= 0 ? Int32(c + 1) : (c == -1 ? 0 : unseenKey) }
                let missingKey: Int32 = enc.hasMissingIndicator ? Int32(width) : -1
                let keys = 0...width
                terms.append(.categorical(
                    codes: codes, keyOfCode: keyOfCode, missingKey: missingKey,
                    first: keys.map { $0 == 0 ? 0 : beta[first + $0 - 1] },
                    line: keys.map { line(unit($0 == 0 ? nil : $0 - 1)) }))
            case .binned(let raw, let referenceBin, let binCount):
                var firsts: [Double] = [], seconds: [Double] = [], lines: [Double] = []
                for b in 0..<binCount {
                    let column: Int? = b == referenceBin ? nil : (b < referenceBin ? b : b - 1)
                    for missing in [false, true] {
                        var x = unit(column)
                        if enc.hasMissingIndicator && missing { x[width - 1] = 1 }
                        firsts.append(column.map { beta[first + $0] } ?? 0)
                        seconds.append(enc.hasMissingIndicator ? beta[first + width - 1] * (missing ? 1 : 0) : 0)
                        lines.append(line(x))
                    }
                }
                terms.append(.binned(raw: raw, fill: enc.fill, first: firsts,
                                     second: enc.hasMissingIndicator ? seconds : nil, line: lines))
            }
        }
        self.terms = terms
    }

    /// Log-odds of `rows` into `eta[0..<m]` and, if `lines` is given, each row's line totals into
    /// `lines[i·lineCount ..< (i+1)·lineCount]`.
    /// - Throws: ``DataError`` for the first bad cell of the chunk, feature by feature (as encoding does).
    func evaluate(
        _ prepared: DesignEncoder.Prepared, encoder: DesignEncoder, rows: Range<Int>,
        eta: UnsafeMutableBufferPointer<Double>, lines: UnsafeMutableBufferPointer<Double>?
    ) throws(DataError) {
        let m = rows.count, start = rows.lowerBound, lc = lineCount
        for i in 0..<m { eta[i] = intercept }
        if let lines { for i in 0..<(m * lc) { lines[i] = 0 } }
        for (index, term) in terms.enumerated() {
            let f = encoder.spec.features[index]
            let line = lines == nil ? 0 : lineOf[index]
            switch term {
            case .numeric(let raw, let beta, let reference, let fill, let indicator):
                let plain = f.effectiveTransform == .identity && (f.clip?.count ?? 0) != 2
                for i in 0..<m {
                    let r = start &+ i
                    var x = raw[r]
                    var missing = 0.0
                    if x.isNaN {
                        guard let fill else { throw DesignEncoder.missingError(f, prepared.table, r) }
                        x = fill
                        missing = 1
                    } else if !plain {
                        x = try DesignEncoder.transformed(x, f, prepared.table, r)
                    }
                    var e = eta[i] + beta * x
                    var total = 0.0 + beta * (x - reference)
                    if let indicator {
                        e += indicator.beta * missing
                        total += indicator.beta * (missing - indicator.reference)
                    }
                    eta[i] = e
                    if let lines { lines[i &* lc &+ line] += total }
                }
            case .categorical(let codes, let keyOfCode, let missingKey, let first, let lineTable):
                for i in 0..<m {
                    let r = start &+ i
                    let code = codes[r]
                    let key = code < 0 ? missingKey : keyOfCode[Int(code)]
                    if key < 0 {
                        if code < 0 { throw DesignEncoder.missingError(f, prepared.table, r) }
                        throw unseenError(prepared, encoder: encoder, feature: index, row: r)
                    }
                    eta[i] += first[Int(key)]
                    if let lines { lines[i &* lc &+ line] += lineTable[Int(key)] }
                }
            case .binned(let raw, let fill, let first, let second, let lineTable):
                let edges = f.edges ?? []
                for i in 0..<m {
                    let r = start &+ i
                    var x = raw[r]
                    var missing = 0
                    if x.isNaN {
                        guard let fill else { throw DesignEncoder.missingError(f, prepared.table, r) }
                        x = fill
                        missing = 1
                    }
                    guard let b = DesignEncoder.bin(DesignEncoder.clipped(x, f), edges) else {
                        throw DataError.badCell(
                            file: prepared.source, line: prepared.table.line(ofRow: r), column: f.name, value: FeatureEncoding.formatNumber(x),
                            expected: "a value in [\(FeatureEncoding.formatNumber(edges[0])), \(FeatureEncoding.formatNumber(edges[edges.count - 1]))) (the bin edges)")
                    }
                    let key = 2 &* b &+ missing
                    var e = eta[i] + first[key]
                    if let second { e += second[key] }
                    eta[i] = e
                    if let lines { lines[i &* lc &+ line] += lineTable[key] }
                }
            }
        }
    }

    private func unseenError(_ prepared: DesignEncoder.Prepared, encoder: DesignEncoder, feature index: Int, row r: Int) -> DataError {
        let f = encoder.spec.features[index]
        guard case .categorical(let codes, _, let levels) = prepared.parts[index] else { return .invalid(file: prepared.source, reason: "") }
        return .badCell(
            file: prepared.source, line: prepared.table.line(ofRow: r), column: f.name, value: levels[Int(codes[r])],
            expected: "a level seen in training (\(DesignEncoder.describeLevels(encoder.layout.features[index]))); set \"unseen\": \"reference\" in the spec to score unseen levels as the reference level")
    }
}
