/// Builds CSV text in a byte buffer, a field at a time, for tables and for score files of a million rows.
///
/// Cells are appended straight as UTF-8 bytes to one growing `[UInt8]`, so writing costs no `String`
/// per cell. Text is quoted only when it must be (it holds `,`, `"`, CR or LF), with inner quotes
/// doubled. Text that a spreadsheet would run as a formula — it begins with `=`, `+`, `-`, `@`, a tab or
/// a carriage return and is not a plain number — is written as `"'…"`, the apostrophe a spreadsheet
/// reads as "this is text" and hides (OWASP's advice on CSV injection): a list opened in Excel or
/// LibreOffice must not run `=cmd|' /C calc'!A0` from a unit id. Tilsyn's reader gives such a cell back
/// with its apostrophe. Numbers are written so that ``CSVReader`` gives back the same double bit for bit: integral
/// values below 10¹⁵ in magnitude as plain integers, everything else as Swift's shortest round-trip
/// representation; `NaN` (missing) is an empty cell.
///
/// ```swift
/// var csv = CSVWriter(header: ["unit", "score"])
/// csv.append("007"); csv.append(0.125); csv.endRow()
/// try csv.write(to: "scores.csv")
/// ```
public struct CSVWriter: Sendable {
    /// The CSV text so far.
    public internal(set) var bytes: [UInt8] = []
    private var atRowStart = true

    /// An empty writer; `reservingCapacity` avoids regrowing for a known output size.
    public init(reservingCapacity: Int = 1 << 16) {
        bytes.reserveCapacity(reservingCapacity)
    }

    /// A writer that starts with the header row `header`.
    public init(header: [String], reservingCapacity: Int = 1 << 16) {
        self.init(reservingCapacity: reservingCapacity)
        appendRow(header)
    }

    /// Appends a text cell, quoted if needed.
    public mutating func append(_ text: String) {
        separate()
        var text = text
        text.withUTF8 { appendText($0) }
    }

    /// Appends a number cell (empty for `NaN`). Infinities are written as `inf`/`-inf`, which the reader
    /// refuses: a table with infinities has no faithful CSV form.
    public mutating func append(_ value: Double) {
        separate()
        appendNumber(value)
    }

    /// A number's text without the separator (nothing for `NaN`).
    @inline(__always)
    mutating func appendNumber(_ value: Double) {
        if value.isNaN { return }
        if value.magnitude < 1e15 && value == value.rounded(.towardZero) {
            if value == 0 && value.sign == .minus {
                bytes.append(UInt8(ascii: "-"))
                bytes.append(UInt8(ascii: "0"))
            } else {
                appendInteger(Int64(value))
            }
            return
        }
        appendShortestDescription(value, to: &bytes)
    }

    /// Appends an integer cell.
    public mutating func append(_ value: Int) {
        separate()
        appendInteger(Int64(value))
    }

    /// Appends a text cell given as UTF-8 bytes, quoted if needed.
    public mutating func append(utf8 text: UnsafeBufferPointer<UInt8>) {
        separate()
        appendText(text)
    }

    /// Appends a cell that is already CSV text (quoted if it needed quotes), e.g. one formatted once
    /// for every row.
    public mutating func append(preformatted cell: [UInt8]) {
        separate()
        bytes.append(contentsOf: cell)
    }

    /// ``append(preformatted:)-([UInt8])`` from a buffer (no array retained per cell in a hot loop).
    public mutating func append(preformatted cell: UnsafeBufferPointer<UInt8>) {
        separate()
        bytes.append(contentsOf: cell)
    }

    /// The CSV text of one cell, to repeat with ``append(preformatted:)``.
    public static func cell(_ text: String) -> [UInt8] {
        var writer = CSVWriter(reservingCapacity: 16)
        writer.append(text)
        return writer.bytes
    }

    /// The CSV text of one number cell, to repeat with ``append(preformatted:)``.
    public static func cell(_ value: Double) -> [UInt8] {
        var writer = CSVWriter(reservingCapacity: 32)
        writer.append(value)
        return writer.bytes
    }

    /// Appends an empty (missing) cell.
    public mutating func appendMissing() {
        separate()
    }

    /// Hands over the text so far and starts empty, keeping nothing (for writers that stream blocks).
    public mutating func takeBytes() -> [UInt8] {
        defer { bytes = [] }
        return bytes
    }

    /// Ends the current row with a line feed.
    public mutating func endRow() {
        bytes.append(UInt8(ascii: "\n"))
        atRowStart = true
    }

    /// Appends a whole row of text cells and ends it.
    public mutating func appendRow(_ fields: [String]) {
        for field in fields { append(field) }
        endRow()
    }

    /// Writes the text so far to `path` atomically (see ``AtomicFile``).
    public func write(to path: String) throws(OutputError) {
        try AtomicFile.write(bytes, to: path)
    }

    /// Writes a header and rows of text cells to `path` atomically.
    public static func write(header: [String], rows: some Sequence<[String]>, to path: String) throws(OutputError) {
        var writer = CSVWriter(header: header, reservingCapacity: 1 << 20)
        for row in rows { writer.appendRow(row) }
        try writer.write(to: path)
    }

    // MARK: Bytes

    @inline(__always)
    mutating func separate() {
        if atRowStart {
            atRowStart = false
        } else {
            bytes.append(UInt8(ascii: ","))
        }
    }

    private mutating func appendText(_ utf8: UnsafeBufferPointer<UInt8>) {
        let formula = Self.readsAsFormula(utf8)
        let needsQuotes = formula || utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0D || $0 == 0x0A }
        guard needsQuotes else {
            bytes.append(contentsOf: utf8)
            return
        }
        bytes.append(UInt8(ascii: "\""))
        if formula { bytes.append(UInt8(ascii: "'")) }
        for byte in utf8 {
            if byte == UInt8(ascii: "\"") { bytes.append(byte) }
            bytes.append(byte)
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Whether a spreadsheet would read this text cell as a formula: it begins with one of `= + - @`,
    /// a tab or a carriage return, and is not a plain decimal number such as `-0.25` or `+3e-4`.
    static func readsAsFormula(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = utf8.first else { return false }
        switch first {
        case UInt8(ascii: "="), UInt8(ascii: "@"), 0x09, 0x0D: return true
        case UInt8(ascii: "+"), UInt8(ascii: "-"): return !isPlainNumber(utf8)
        default: return false
        }
    }

    /// `[+-]digits[.digits][(e|E)[+-]digits]`, with at least one digit before the exponent.
    private static func isPlainNumber(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 1
        var digits = 0
        func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }
        while i < utf8.count, isDigit(utf8[i]) { i += 1; digits += 1 }
        if i < utf8.count, utf8[i] == UInt8(ascii: ".") {
            i += 1
            while i < utf8.count, isDigit(utf8[i]) { i += 1; digits += 1 }
        }
        guard digits > 0 else { return false }
        if i < utf8.count, utf8[i] == UInt8(ascii: "e") || utf8[i] == UInt8(ascii: "E") {
            i += 1
            if i < utf8.count, utf8[i] == UInt8(ascii: "+") || utf8[i] == UInt8(ascii: "-") { i += 1 }
            var exponent = 0
            while i < utf8.count, isDigit(utf8[i]) { i += 1; exponent += 1 }
            guard exponent > 0 else { return false }
        }
        return i == utf8.count
    }

    private mutating func appendInteger(_ value: Int64) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var digits = 1
        var scale: UInt64 = 1
        while magnitude / scale >= 10 {
            scale *= 10
            digits += 1
        }
        for _ in 0..<digits {
            bytes.append(UInt8(truncatingIfNeeded: magnitude / scale) &+ 48)
            magnitude %= scale
            scale /= 10
        }
    }
}
