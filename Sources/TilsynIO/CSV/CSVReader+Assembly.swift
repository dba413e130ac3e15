import TilsynCore
import TilsynNumerics

extension CSVReader {
    /// Joins the chunks' columns in file order into the table.
    ///
    /// Categorical codes are per thread; their level tables are merged in chunk order, which keeps the
    /// levels in first-appearance order over the whole file, and later chunks' codes are translated.
    static func assemble(
        _ chunks: [ChunkOutput], header: Header, plan: ChunkPlan, requests: [ColumnRequest], source: String,
        threads: Int
    ) -> DataTable {
        let rowCount = chunks.reduce(0) { $0 + $1.rows }

        var levels = chunks.first?.levels ?? []
        var translations: [[[Int32]]] = [[]]  // [chunk][column][local code] → global code; chunk 0 is identity
        for chunk in chunks.dropFirst() {
            translations.append((0..<plan.codeColumns).map { levels[$0].merge(chunk.levels[$0]) })
        }

        // One job per requested column that exists, run on `threads` threads in column order.
        let jobs: [(name: String, field: FieldPlan)] = plan.fields.indices
            .filter { plan.fields[$0].kind != .skip }
            .map { (plan.names[$0], plan.fields[$0]) }
        let finalLevels = levels
        let translated = translations
        let build: @Sendable (Int) -> Column = { job in
            let field = jobs[job].field
            switch field.kind {
            case .numeric, .date:
                var values: [Double] = []
                values.reserveCapacity(rowCount)
                for chunk in chunks {
                    let base = field.slot * chunk.capacity
                    values.append(contentsOf: chunk.doubles[base..<(base + chunk.rows)])
                }
                return .numeric(values)
            case .categorical:
                var codes: [Int32] = []
                codes.reserveCapacity(rowCount)
                for (k, chunk) in chunks.enumerated() {
                    let base = field.slot * chunk.capacity
                    let local = chunk.codes[base..<(base + chunk.rows)]
                    if k == 0 {
                        codes.append(contentsOf: local)
                    } else {
                        let map = translated[k][field.slot]
                        codes.append(contentsOf: local.lazy.map { $0 < 0 ? -1 : map[Int($0)] })
                    }
                }
                let table = finalLevels[field.slot]
                return .categorical(CategoricalColumn(codes: codes, levels: (0..<table.count).map(table.level)))
            case .string:
                var values: [String] = []
                values.reserveCapacity(rowCount)
                for chunk in chunks { values.append(contentsOf: chunk.strings[field.slot]) }
                return .string(values)
            case .skip:
                preconditionFailure("skipped fields have no job")
            }
        }
        let built: [Column]
        if threads == 1 || jobs.count < 2 {
            built = (0..<jobs.count).map(build)
        } else {
            let groups = min(threads, jobs.count)
            built = parallelMap(count: groups) { group in
                stride(from: group, to: jobs.count, by: groups).map { build($0) }
            }.enumerated().flatMap { group, columns in
                columns.enumerated().map { (index: group + $0.offset * groups, column: $0.element) }
            }.sorted { $0.index < $1.index }.map(\.column)
        }
        var columns: [String: Column] = [:]
        for (job, column) in zip(jobs, built) { columns[job.name] = column }

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
