extension DataTable {
    /// The table restricted to `rows`, in that order, keeping each row's file line for messages.
    ///
    /// Categorical columns keep their full level list; encoders learn levels from the codes that occur,
    /// so a level seen only outside the subset does not become an empty design column.
    public func rows(_ rows: [Int]) -> DataTable {
        var columns: [String: Column] = [:]
        for (name, column) in self.columns {
            switch column {
            case .numeric(let v): columns[name] = .numeric(rows.map { v[$0] })
            case .string(let v): columns[name] = .string(rows.map { v[$0] })
            case .categorical(let c): columns[name] = .categorical(CategoricalColumn(codes: rows.map { c.codes[$0] }, levels: c.levels))
            }
        }
        var subset = DataTable(source: source, header: header, rowCount: rows.count, columns: columns)
        subset.lineNumbers = rows.map { line(ofRow: $0) }
        return subset
    }
}
