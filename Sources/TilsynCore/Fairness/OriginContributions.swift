import TilsynNumerics

/// Per-row Σ|contribution| of the features of each origin (``FeatureSpec/Origin``) — the inputs of the
/// feedback-loop monitor.
///
/// Contributions are those of ``Explainer``: `βⱼ·(xⱼ − refⱼ)` summed over a feature's design columns,
/// computed here in bulk (chunked encoding, no per-row allocation) because the report needs all rows.
public struct OriginContributions: Sendable {
    public var discovered: [Double]
    public var reported: [Double]
    public var register: [Double]
    public var unspecified: [Double]

    public static func compute(model: FittedModel, table: DataTable) throws(DataError) -> OriginContributions {
        let encoder = model.encoder, prepared = try encoder.prepare(table)
        let n = table.rowCount, p = encoder.layout.columnCount
        let beta = model.beta, reference = model.referenceVector
        let offsets = encoder.layout.featureOffsets, widths = encoder.layout.features.map { $0.columns.count }
        let origins = model.spec.features.map(\.origin)
        var result = OriginContributions(discovered: .init(repeating: 0, count: n), reported: .init(repeating: 0, count: n),
                                         register: .init(repeating: 0, count: n), unspecified: .init(repeating: 0, count: n))
        let chunk = 2048
        var buffer = [Double](repeating: 0, count: chunk * p)
        var start = 0
        while start < n {
            let m = min(chunk, n - start)
            try buffer.withUnsafeMutableBufferPointer { b throws(DataError) in
                try encoder.encode(prepared, rows: start..<(start + m), into: b, leadingDimension: m, rowOffset: start)
            }
            for f in origins.indices {
                for i in 0..<m {
                    var c = 0.0
                    for j in offsets[f]..<(offsets[f] + widths[f]) { c += beta[j] * (buffer[j * m + i] - reference[j]) }
                    switch origins[f] {
                    case .discovered: result.discovered[start + i] += abs(c)
                    case .reported: result.reported[start + i] += abs(c)
                    case .register: result.register[start + i] += abs(c)
                    case nil: result.unspecified[start + i] += abs(c)
                    }
                }
            }
            start += m
        }
        return result
    }

    /// Shares of the summed |contributions| of `rows` by origin.
    public func shares(rows: [Int]) -> OriginShares? {
        var d = 0.0, r = 0.0, g = 0.0, u = 0.0
        for i in rows { d += discovered[i]; r += reported[i]; g += register[i]; u += unspecified[i] }
        let total = d + r + g + u
        guard total > 0, !rows.isEmpty else { return nil }
        return OriginShares(discovered: d / total, reported: r / total, register: g / total, unspecified: u / total,
                            meanAbsoluteDeviation: total / Double(rows.count))
    }
}
