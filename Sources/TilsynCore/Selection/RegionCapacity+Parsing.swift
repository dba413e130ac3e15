extension RegionCapacity {
    /// The quotas of a capacity file read as text columns `region` and `capacity`, in file order.
    ///
    /// Capacities are parsed here rather than by the CSV reader so that `2.5`, `-3` and `ten` each get
    /// a sentence naming the line, and so that a region missing from the register is caught before a list
    /// silently gives an office no work.
    /// - Parameters:
    ///   - table: the capacity file with `region` and `capacity` read as strings.
    ///   - registerRegions: every region that occurs in the register.
    ///   - register: the register's file name, for messages.
    ///   - regionColumn: the register's region column, for messages.
    /// - Throws: ``SelectionError`` for an empty region, a bad capacity, a duplicate or unknown region.
    public static func parse(
        _ table: DataTable, registerRegions: Set<String>, register: String, regionColumn: String
    ) throws -> [RegionCapacity] {
        let regions = try table.strings("region")
        let capacities = try table.strings("capacity")
        var firstLine: [String: Int] = [:]
        var result: [RegionCapacity] = []
        for row in 0..<table.rowCount {
            let line = table.line(ofRow: row)
            let region = regions[row]
            guard !region.isEmpty else { throw SelectionError.emptyRegion(file: table.source, line: line) }
            let text = capacities[row].trimmingSpaces
            guard let capacity = Int(text), capacity >= 0 else {
                throw SelectionError.badCapacity(file: table.source, line: line, value: capacities[row])
            }
            if let first = firstLine[region] {
                throw SelectionError.duplicateRegion(file: table.source, line: line, region: region, firstLine: first)
            }
            firstLine[region] = line
            guard registerRegions.contains(region) else {
                throw SelectionError.unknownRegion(file: table.source, line: line, region: region, register: register, column: regionColumn)
            }
            result.append(RegionCapacity(region: region, capacity: capacity))
        }
        if result.isEmpty { throw SelectionError.noRegions }
        return result
    }
}

extension String {
    /// The text without leading and trailing ASCII spaces (spreadsheets pad numbers).
    var trimmingSpaces: Substring {
        var s = Substring(self)
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return s
    }
}

/// Exclusion flags such as `certified` or `private_household`.
public enum ExclusionFlag {
    /// Which rows a flag column excludes: `1` or `true` (any case) excludes; `0`, `false` or empty does not.
    ///
    /// Anything else is refused rather than guessed, because a misspelt flag that silently excluded
    /// nobody would put certified companies on the list.
    /// - Throws: ``SelectionError/badFlag(file:line:column:value:)`` at the first unreadable cell.
    public static func parse(_ table: DataTable, column: String) throws -> [Bool] {
        if case .numeric(let numbers)? = table.columns[column] {
            // Already read as numbers (the flag is also a model feature): 1 excludes, 0 or empty does not.
            var result = [Bool](repeating: false, count: numbers.count)
            for (row, v) in numbers.enumerated() where !v.isNaN {
                guard v == 0 || v == 1 else {
                    throw SelectionError.badFlag(file: table.source, line: table.line(ofRow: row), column: column, value: FeatureEncoding.formatNumber(v))
                }
                result[row] = v == 1
            }
            return result
        }
        if case .string(let texts)? = table.columns[column] {
            // Read as free text (the flag is also the unit column): the same reading, cell by cell.
            var result = [Bool](repeating: false, count: texts.count)
            for (row, text) in texts.enumerated() {
                switch text.trimmingSpaces.lowercased() {
                case "1", "true": result[row] = true
                case "0", "false", "": result[row] = false
                default: throw SelectionError.badFlag(file: table.source, line: table.line(ofRow: row), column: column, value: Abbreviated.text(text))
                }
            }
            return result
        }
        let values = try table.categorical(column)
        var meaning = [Bool](repeating: false, count: values.levels.count)
        var bad = [Bool](repeating: false, count: values.levels.count)
        for (i, level) in values.levels.enumerated() {
            switch level.trimmingSpaces.lowercased() {
            case "1", "true": meaning[i] = true
            case "0", "false", "": meaning[i] = false
            default: bad[i] = true
            }
        }
        var result = [Bool](repeating: false, count: values.codes.count)
        for (row, code) in values.codes.enumerated() where code >= 0 {
            if bad[Int(code)] {
                throw SelectionError.badFlag(file: table.source, line: table.line(ofRow: row), column: column, value: Abbreviated.text(values.levels[Int(code)]))
            }
            result[row] = meaning[Int(code)]
        }
        return result
    }
}
