/// What a reader should turn a column into.
public enum ColumnKind: Sendable, Equatable {
    /// Numbers (parsed exactly as `strtod` would); an empty cell is missing (`NaN`).
    case numeric
    /// Labels, dictionary-encoded; an empty cell is missing (code `-1`).
    case categorical
    /// Strings kept as they are (unit ids); an empty cell is the empty string.
    case string
    /// ISO 8601 dates `YYYY-MM-DD`, as days since 1970-01-01; an empty cell is missing (`NaN`).
    case date
}

/// A request for one column of a file.
public struct ColumnRequest: Sendable, Equatable {
    public var name: String
    public var kind: ColumnKind
    /// Whether the file must have this column (otherwise it is skipped if absent).
    public var required: Bool

    public init(_ name: String, _ kind: ColumnKind, required: Bool = true) {
        self.name = name
        self.kind = kind
        self.required = required
    }
}

/// A dictionary-encoded text column: `levels[codes[i]]` is row `i`'s value, `-1` means missing.
public struct CategoricalColumn: Sendable, Equatable {
    public var codes: [Int32]
    public var levels: [String]

    public init(codes: [Int32], levels: [String]) {
        self.codes = codes
        self.levels = levels
    }

    /// Row `i`'s label, or `nil` when missing.
    public subscript(row: Int) -> String? {
        let code = codes[row]
        return code < 0 ? nil : levels[Int(code)]
    }
}

/// One column of a ``DataTable``.
public enum Column: Sendable, Equatable {
    case numeric([Double])
    case categorical(CategoricalColumn)
    case string([String])
}

/// The columns of a data file that a command asked for, in memory and by name.
///
/// Only requested columns are materialised; `header` keeps every column name the file had, so errors
/// can say what was there.
public struct DataTable: Sendable {
    /// The file's name as the user gave it, for error messages.
    public var source: String
    public var header: [String]
    public var rowCount: Int
    public var columns: [String: Column]

    public init(source: String, header: [String], rowCount: Int, columns: [String: Column]) {
        self.source = source
        self.header = header
        self.rowCount = rowCount
        self.columns = columns
    }

    /// The file line of data row `row` (0-based): the header is line 1.
    ///
    /// Holds for files without quoted line breaks; readers that meet those record real line numbers.
    public func line(ofRow row: Int) -> Int { lineNumbers?[row] ?? row + 2 }

    /// Per-row file line numbers, set only when quoted fields contain line breaks.
    public var lineNumbers: [Int]? = nil

    public func numeric(_ name: String) throws(DataError) -> [Double] {
        guard let column = columns[name] else { throw .missingColumn(file: source, column: name, available: header) }
        switch column {
        case .numeric(let values): return values
        case .categorical: throw .wrongKind(file: source, column: name, expected: "numbers or dates", found: "text categories")
        case .string: throw .wrongKind(file: source, column: name, expected: "numbers or dates", found: "text")
        }
    }

    public func categorical(_ name: String) throws(DataError) -> CategoricalColumn {
        guard let column = columns[name] else { throw .missingColumn(file: source, column: name, available: header) }
        switch column {
        case .categorical(let values): return values
        case .numeric: throw .wrongKind(file: source, column: name, expected: "text categories", found: "numbers")
        case .string: throw .wrongKind(file: source, column: name, expected: "text categories", found: "free text such as unit ids")
        }
    }

    public func strings(_ name: String) throws(DataError) -> [String] {
        guard let column = columns[name] else { throw .missingColumn(file: source, column: name, available: header) }
        switch column {
        case .string(let values): return values
        case .categorical(let c): return c.codes.map { $0 < 0 ? "" : c.levels[Int($0)] }
        case .numeric: throw .wrongKind(file: source, column: name, expected: "text", found: "numbers")
        }
    }
}
