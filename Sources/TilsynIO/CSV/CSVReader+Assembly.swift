import TilsynCore

extension CSVReader {
    /// Joins the chunks' columns in file order into the table.
    ///
    /// Categorical codes are per thread; their level tables are merged in chunk order, which keeps the
    /// levels in first-appearance order over the whole file, and later chunks' codes are translated.
    static func assemble(
        _ chunks: inout [ChunkOutput], header: Header, plan: ChunkPlan, requests: [ColumnRequest], source: String,
        threads: Int
    ) -> DataTable {
        let rowCount = chunks.reduce(0) { $0 + $1.rows }

        var levels = chunks.first?.levels ?? []
        var translations: [[[Int32]]] = [[]]  // [chunk][column][local code] → global code; chunk 0 is identity
        for chunk in chunks.dropFirst() {
            translations.append((0..<plan.codeColumns).map { levels[$0].merge(chunk.levels[$0]) })
        }

        // Later chunks are appended to the first chunk's columns, which were reserved for the whole
        // file; taking them out of `chunks` (owned here, not copied) keeps them uniquely owned, so
        // nothing is copied twice, and each later column is freed once appended.
        var columns: [String: Column] = [:]
        for (i, field) in plan.fields.enumerated() where field.kind != .skip {
            switch field.kind {
            case .numeric, .date:
                var values: [Double] = []
                swap(&values, &chunks[0].doubles[field.slot])
                // Each later chunk's column is released as soon as it is appended, so the whole table
                // is never held twice.
                for k in chunks.indices.dropFirst() {
                    values.append(contentsOf: chunks[k].doubles[field.slot])
                    chunks[k].doubles[field.slot] = []
                }
                columns[plan.names[i]] = .numeric(values)
            case .categorical:
                var codes: [Int32] = []
                swap(&codes, &chunks[0].codes[field.slot])
                for k in chunks.indices.dropFirst() {
                    let map = translations[k][field.slot]
                    codes.append(contentsOf: chunks[k].codes[field.slot].lazy.map { $0 < 0 ? -1 : map[Int($0)] })
                    chunks[k].codes[field.slot] = []
                }
                columns[plan.names[i]] = categorical(codes: codes, levels: levels[field.slot])
            case .string:
                columns[plan.names[i]] = .string(gatherStrings(&chunks, slot: field.slot))
            case .skip:
                break
            }
        }
        return finish(columns: columns, chunks: chunks, header: header, rowCount: rowCount, source: source)
    }

    /// The table's numeric and categorical columns as ``CSVReader/readInPlace(_:ranges:rowCounts:header:plan:source:releaseInput:)``
    /// filled them, chunk `k` holding rows `firstRows[k]..<firstRows[k + 1]`.
    struct InPlaceColumns {
        var doubles: [[Double]]
        var codes: [[Int32]]
        var firstRows: [Int]
    }

    /// Makes the table from columns the chunks wrote in place: only the later chunks' categorical
    /// codes change (translated to the merged levels, as ``assemble(_:header:plan:requests:source:threads:)``
    /// does); string columns are joined in file order.
    static func assemble(
        _ chunks: inout [ChunkOutput], inPlace: consuming InPlaceColumns, header: Header, plan: ChunkPlan, source: String
    ) -> DataTable {
        let rowCount = inPlace.firstRows[inPlace.firstRows.count - 1]
        var levels = chunks.first?.levels ?? []
        for k in chunks.indices.dropFirst() {
            for j in 0..<plan.codeColumns {
                let map = levels[j].merge(chunks[k].levels[j])
                // A chunk that met its labels in the order the file did keeps its codes.
                if map.indices.elementsEqual(map.lazy.map(Int.init)) { continue }
                let rows = inPlace.firstRows[k]..<inPlace.firstRows[k + 1]
                inPlace.codes[j].withUnsafeMutableBufferPointer { codes in
                    map.withUnsafeBufferPointer { map in
                        for r in rows where codes[r] >= 0 { codes[r] = map[Int(codes[r])] }
                    }
                }
            }
        }
        var columns: [String: Column] = [:]
        for (i, field) in plan.fields.enumerated() {
            switch field.kind {
            case .numeric, .date:
                var values: [Double] = []
                swap(&values, &inPlace.doubles[field.slot])
                columns[plan.names[i]] = .numeric(values)
            case .categorical:
                var codes: [Int32] = []
                swap(&codes, &inPlace.codes[field.slot])
                columns[plan.names[i]] = categorical(codes: codes, levels: levels[field.slot])
            case .string:
                columns[plan.names[i]] = .string(gatherStrings(&chunks, slot: field.slot))
            case .skip:
                break
            }
        }
        return finish(columns: columns, chunks: chunks, header: header, rowCount: rowCount, source: source)
    }

    /// A string column's values in file order: the first chunk's array (taken, not copied), then the others'.
    private static func gatherStrings(_ chunks: inout [ChunkOutput], slot: Int) -> [String] {
        var values: [String] = []
        swap(&values, &chunks[0].strings[slot])
        for chunk in chunks.dropFirst() { values.append(contentsOf: chunk.strings[slot]) }
        return values
    }

    /// A categorical column of merged `codes` and the merged `levels`, in first-appearance order.
    private static func categorical(codes: [Int32], levels: LevelTable) -> Column {
        .categorical(CategoricalColumn(codes: codes, levels: (0..<levels.count).map(levels.level)))
    }

    /// The table of `columns`, with per-row line numbers if quoted line breaks shifted any row.
    private static func finish(
        columns: [String: Column], chunks: [ChunkOutput], header: Header, rowCount: Int, source: String
    ) -> DataTable {
        var table = DataTable(source: source, header: header.names, rowCount: rowCount, columns: columns)
        table.lineNumbers = lineNumbers(chunks, header: header, rowCount: rowCount)
        return table
    }

    /// Per-row file lines, needed only when a quoted line break shifts rows off `row + 2`.
    static func lineNumbers(_ chunks: [ChunkOutput], header: Header, rowCount: Int) -> [Int]? {
        let headerExtra = header.lineFeeds - 1
        guard headerExtra > 0 || chunks.contains(where: { !$0.multiLineRows.isEmpty }) else { return nil }
        var lines: [Int] = []
        lines.reserveCapacity(rowCount)
        var line = 1 + header.lineFeeds
        for chunk in chunks {
            var next = 0
            for row in 0..<chunk.rows {
                lines.append(line)
                line += 1
                if next < chunk.multiLineRows.count && chunk.multiLineRows[next].row == row {
                    line += chunk.multiLineRows[next].extraLines
                    next += 1
                }
            }
        }
        return lines
    }
}
