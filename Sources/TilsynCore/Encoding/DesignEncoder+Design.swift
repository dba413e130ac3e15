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
        try design(prepare(table), handOver: ColumnHandOver(count: 0))
    }

    /// ``design(_:threads:)`` for a caller that is done with the numeric feature columns: each one not
    /// named in `keeping` is taken out of `table` and, where it needs a transform, clip or fill, rewritten
    /// in place into its design column instead of copied into a new one.
    ///
    /// The values are the same, bit for bit; what changes is memory. At 1M rows the fit held the table's
    /// 8 MB raw column and the design's transformed copy side by side for some thirty features (the
    /// peak of `tilsyn fit`); with the raw array uniquely owned here, the copy-on-write array is written
    /// where it lies. A column someone else still holds (the caller kept a copy of the table) is
    /// simply copied on its first write, as before.
    /// - Throws: as ``design(_:threads:)``; `table` has then lost the taken columns.
    public func design(
        taking table: inout DataTable, keeping: Set<String>, threads: Int = defaultThreadCount
    ) throws(DataError) -> Design {
        var prepared = try prepare(table)
        let handOver = ColumnHandOver(count: prepared.parts.count)
        for (i, f) in spec.features.enumerated() where f.type == .numeric && !keeping.contains(f.name) {
            guard case .numeric(let raw) = prepared.parts[i] else { continue }
            handOver.put(raw, at: i)
            prepared.parts[i] = .numeric([])
            table.columns[f.name] = nil
        }
        // The prepared copy of the table still shares the columns just removed; let it go too.
        prepared.table = table
        return try design(prepared, handOver: handOver)
    }

    private func design(_ prepared: Prepared, handOver: ColumnHandOver) throws(DataError) -> Design {
        let n = prepared.rowCount
        let offsets = layout.featureOffsets
        let results = parallelMap(count: prepared.parts.count) { index -> Result<EncodedFeature, DataError> in
            do throws(DataError) {
                return .success(try encodeFeature(prepared, index: index, first: offsets[index], handOver: handOver))
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

    private func encodeFeature(
        _ prepared: Prepared, index: Int, first: Int, handOver: ColumnHandOver
    ) throws(DataError) -> EncodedFeature {
        let f = spec.features[index]
        let enc = layout.features[index]
        let width = enc.columns.count
        let n = prepared.rowCount
        let table = prepared.table
        var out = EncodedFeature()
        switch prepared.parts[index] {
        case .numeric(let raw):
            // Taken from the hand-over, the column is this variable's alone and is written in place;
            // the table's shared `raw` is copied on its first write.
            var column = handOver.holds(index) ? handOver.take(index) : raw
            out.dense = try encodeNumeric(&column, index: index, first: first, table: table)
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

    /// A numeric feature's design column (and missing indicator), written over `values` (the raw
    /// column) itself; each value is read before it is replaced.
    private func encodeNumeric(
        _ values: inout [Double], index: Int, first: Int, table: DataTable
    ) throws(DataError) -> [(column: Int, values: [Double])] {
        let f = spec.features[index]
        let enc = layout.features[index]
        let n = table.rowCount
        var dense: [(column: Int, values: [Double])] = []
        var missing: [Double] = []
        if enc.hasMissingIndicator { missing = [Double](repeating: 0, count: n) }
        let plain = f.effectiveTransform == .identity && (f.clip?.count ?? 0) != 2
        if !(plain && !values.contains(where: \.isNaN)) {
            for r in 0..<n {
                let x = values[r]
                if x.isNaN {
                    guard let fill = enc.fill else { throw Self.missingError(f, table, r) }
                    values[r] = fill
                    if enc.hasMissingIndicator { missing[r] = 1 }
                } else {
                    values[r] = try Self.transformed(x, f, table, r)
                }
            }
        }
        dense.append((first, values))
        if enc.hasMissingIndicator { dense.append((first + enc.columns.count - 1, missing)) }
        return dense
    }
}

/// Numeric columns moved to the encoding tasks, each task taking only its own, so that a column held
/// nowhere else reaches its task uniquely owned and is transformed where it lies.
///
/// Filled before the tasks start; afterwards each slot is touched by exactly one task, so the slots need
/// no lock.
final class ColumnHandOver: @unchecked Sendable {
    private let columns: UnsafeMutableBufferPointer<[Double]>
    /// Which slots were filled (a taken column leaves its slot empty but still marked).
    private var filled: [Bool]

    init(count: Int) {
        columns = .allocate(capacity: count)
        columns.initialize(repeating: [])
        filled = [Bool](repeating: false, count: count)
    }

    func put(_ column: [Double], at index: Int) {
        columns[index] = column
        filled[index] = true
    }

    func holds(_ index: Int) -> Bool { index < filled.count && filled[index] }

    /// The column at `index`, leaving the slot empty (so the caller holds the only reference).
    func take(_ index: Int) -> [Double] {
        var column: [Double] = []
        swap(&column, &columns[index])
        return column
    }

    deinit {
        _ = columns.deinitialize()
        columns.deallocate()
    }
}
