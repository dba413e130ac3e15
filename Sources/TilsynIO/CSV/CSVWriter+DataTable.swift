import TilsynCore

extension CSVWriter {
    /// The CSV text of `table`: the materialised columns, in `header` order, one row per table row.
    ///
    /// Dates read as `.date` are day numbers by then and are written as numbers.
    public static func bytes(of table: DataTable) -> [UInt8] {
        let names = table.header.filter { table.columns[$0] != nil }
        var writer = CSVWriter(header: names, reservingCapacity: max(1 << 16, table.rowCount * names.count * 8))
        let columns = names.compactMap { table.columns[$0] }
        for row in 0..<table.rowCount {
            for column in columns {
                switch column {
                case .numeric(let values): writer.append(values[row])
                case .categorical(let c):
                    if let label = c[row] { writer.append(label) } else { writer.appendMissing() }
                case .string(let values): writer.append(values[row])
                }
            }
            writer.endRow()
        }
        return writer.bytes
    }

    /// Writes `table` to `path` atomically.
    public static func write(_ table: DataTable, to path: String) throws(OutputError) {
        try AtomicFile.write(bytes(of: table), to: path)
    }
}
