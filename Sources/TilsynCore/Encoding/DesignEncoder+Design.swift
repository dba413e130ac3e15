import TilsynNumerics

extension DesignEncoder {
    /// Encodes the whole table for the fit as a structured ``Design``: the intercept and numeric columns
    /// dense, each categorical feature (with its missing column) and each binned feature's bins as a
    /// one-hot block of codes. The values are those of ``designMatrix(_:threads:)``, column for column.
    ///
    /// A numeric column that needs no transform, clip or fill is the table's own array, shared rather
    /// than copied, so the design adds only the transformed columns and the codes to what is in memory.
    /// Features are encoded in parallel, one whole column at a time.
    /// - Throws: ``DataError`` for the first feature (in spec order) with a bad cell, naming its line.
    public func design(_ table: DataTable, threads: Int = defaultThreadCount) throws(DataError) -> Design {
        let prepared = try prepare(table)
        let n = table.rowCount
        let offsets = layout.featureOffsets
        let results = parallelMap(count: prepared.parts.count) { index -> Result<EncodedFeature, DataError> in
            do throws(DataError) {
                return .success(try encodeFeature(prepared, index: index, first: offsets[index]))
            } catch {
                return .failure(error)
            }
        }
        var dense: [(column: Int, values: [Double])] = [(0, [Double](repeating: 1, count: n))]
        var blocks: [Design.OneHotBlock] = []
        for result in results {
            switch result {
            case .success(let encoded):
                dense += encoded.dense
                if let block = encoded.block { blocks.append(block) }
            case .failure(let error):
                throw error
            }
        }
        return Design(rows: n, dense: dense, blocks: blocks)
    }

    /// One feature's share of the design.
    struct EncodedFeature: Sendable {
        var dense: [(column: Int, values: [Double])] = []
        var block: Design.OneHotBlock?
    }

    private func encodeFeature(_ prepared: Prepared, index: Int, first: Int) throws(DataError) -> EncodedFeature {
        let f = spec.features[index]
        let enc = layout.features[index]
        let width = enc.columns.count
        let n = prepared.rowCount
        let table = prepared.table
        var out = EncodedFeature()
        switch prepared.parts[index] {
        case .numeric(let raw):
            let plain = f.effectiveTransform == .identity && (f.clip?.count ?? 0) != 2
            var missing: [Double] = []
            if enc.hasMissingIndicator { missing = [Double](repeating: 0, count: n) }
            if plain && !raw.contains(where: \.isNaN) {
                out.dense.append((first, raw))
            } else {
                var values = [Double](repeating: 0, count: n)
                for r in 0..<n {
                    let x = raw[r]
                    if x.isNaN {
                        guard let fill = enc.fill else { throw Self.missingError(f, table, r) }
                        values[r] = fill
                        if enc.hasMissingIndicator { missing[r] = 1 }
                    } else {
                        values[r] = try Self.transformed(x, f, table, r)
                    }
                }
                out.dense.append((first, values))
            }
            if enc.hasMissingIndicator { out.dense.append((first + width - 1, missing)) }
        case .categorical(let codes, let columnOf, let levels):
            var block = [Int32](repeating: -1, count: n)
            let missingLevel = enc.hasMissingIndicator ? Int32(width - 1) : -1
            for r in 0..<n {
                let code = codes[r]
                if code < 0 {
                    guard missingLevel >= 0 else { throw Self.missingError(f, table, r) }
                    block[r] = missingLevel
                    continue
                }
                let column = columnOf[Int(code)]
                if column >= 0 {
                    block[r] = Int32(column)
                } else if column == -2 && f.effectiveUnseen == .error {
                    throw DataError.badCell(
                        file: prepared.source, line: table.line(ofRow: r), column: f.name, value: levels[Int(code)],
                        expected: "a level seen in training (\(Self.describeLevels(enc))); set \"unseen\": \"reference\" in the spec to score unseen levels as the reference level")
                }
            }
            out.block = Design.OneHotBlock(columns: Array(first..<(first + width)), codes: block)
        case .binned(let raw, let referenceBin, _):
            let edges = f.edges ?? []
            var block = [Int32](repeating: -1, count: n)
            var missing: [Double] = []
            if enc.hasMissingIndicator { missing = [Double](repeating: 0, count: n) }
            for r in 0..<n {
                var x = raw[r]
                if x.isNaN {
                    guard let fill = enc.fill else { throw Self.missingError(f, table, r) }
                    x = fill
                    if enc.hasMissingIndicator { missing[r] = 1 }
                }
                guard let b = Self.bin(Self.clipped(x, f), edges) else {
                    throw DataError.badCell(
                        file: prepared.source, line: table.line(ofRow: r), column: f.name, value: FeatureEncoding.formatNumber(x),
                        expected: "a value in [\(FeatureEncoding.formatNumber(edges[0])), \(FeatureEncoding.formatNumber(edges[edges.count - 1]))) (the bin edges)")
                }
                if b != referenceBin { block[r] = Int32(b < referenceBin ? b : b - 1) }
            }
            let bins = width - (enc.hasMissingIndicator ? 1 : 0)
            out.block = Design.OneHotBlock(columns: Array(first..<(first + bins)), codes: block)
            if enc.hasMissingIndicator { out.dense.append((first + width - 1, missing)) }
        }
        return out
    }
}
