import TilsynCore

/// A compact JSON writer into bytes: objects, arrays, strings escaped as `JSONEncoder` does (with
/// `withoutEscapingSlashes`), numbers in Swift's shortest round-trip form. The caller writes keys in
/// sorted order; the writer places the commas.
///
/// Hand-written rather than `JSONEncoder` because it is on the path of every card and every request's
/// log line (``CardJSON``, the service's JSON log): the encoder boxes each value and sorts each object's
/// keys per call. `package`, so that the service's log writes its lines with the same escaping.
package struct JSONBytes {
    package var bytes: [UInt8] = []
    /// Whether the next value or key in the open container needs a comma before it.
    private var needsComma = false

    package init() {}

    package mutating func reserve(_ n: Int) { bytes.reserveCapacity(n) }

    package mutating func open() { comma(); bytes.append(UInt8(ascii: "{")); needsComma = false }
    package mutating func close() { bytes.append(UInt8(ascii: "}")); needsComma = true }

    /// A key the code names, which needs no escape (plain ASCII without `"` or `\`): copied as it is,
    /// not scanned byte by byte like a string from data.
    package mutating func key(_ name: StaticString) {
        comma()
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
        needsComma = false
    }

    /// A key from data (a feature's name, a log field's), escaped as a string is.
    package mutating func key(escaping name: String) {
        comma()
        raw(name)
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    package mutating func array<S: Sequence>(_ items: S, _ each: (inout JSONBytes, S.Element) -> Void) {
        comma()
        bytes.append(UInt8(ascii: "["))
        needsComma = false
        for item in items { each(&self, item) }
        bytes.append(UInt8(ascii: "]"))
        needsComma = true
    }

    package mutating func null() { comma(); bytes.append(contentsOf: [0x6E, 0x75, 0x6C, 0x6C]); needsComma = true }
    package mutating func bool(_ value: Bool) { comma(); bytes.append(contentsOf: (value ? "true" : "false").utf8); needsComma = true }

    package mutating func int(_ value: Int?) {
        guard let value else { return null() }
        comma()
        bytes.append(contentsOf: String(value).utf8)
        needsComma = true
    }

    package mutating func int64(_ value: Int64) {
        comma()
        bytes.append(contentsOf: String(value).utf8)
        needsComma = true
    }

    package mutating func uint64(_ value: UInt64) {
        comma()
        bytes.append(contentsOf: String(value).utf8)
        needsComma = true
    }

    /// A finite number as `JSONEncoder` spells it (`1` for `1.0`); `null` for none. Explanations hold
    /// only finite numbers; a non-finite one, which `JSONEncoder` would refuse, is written as `null`.
    ///
    /// The digits are `description`'s (`Double.write(to:)` prints the same shortest form), written
    /// straight into the bytes (``DigitSink``) rather than into a `String` of their own that is then
    /// copied, trimmed and freed: a full card has some six hundred numbers.
    package mutating func number(_ value: Double?) {
        guard let value, value.isFinite else { return null() }
        comma()
        // Swapped in and out, so the array stays uniquely referenced and is never copied.
        var sink = DigitSink()
        swap(&sink.bytes, &bytes)
        value.write(to: &sink)
        swap(&sink.bytes, &bytes)
        let n = bytes.count
        if n >= 2 && bytes[n - 2] == UInt8(ascii: ".") && bytes[n - 1] == UInt8(ascii: "0") { bytes.removeLast(2) }
        needsComma = true
    }

    package mutating func string(_ value: String?) {
        guard let value else { return null() }
        comma()
        raw(value)
        needsComma = true
    }

    package mutating func localized(_ value: LocalizedText?) {
        guard let value else { return null() }
        open()
        if let da = value.da { key("da"); string(da) }
        if let en = value.en { key("en"); string(en) }
        close()
    }

    private mutating func comma() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
    }

    /// `text` quoted: `"` and `\` escaped, control characters as `\n`, `\t`, … or `\u00XX`; the rest
    /// (non-ASCII included) as UTF-8.
    private mutating func raw(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        // Most strings (names, numbers as text, most sentences) need no escape: copied whole, not byte by byte.
        let plain = text.utf8.withContiguousStorageIfAvailable { utf8 -> Bool in
            guard !utf8.contains(where: { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || $0 < 0x20 }) else { return false }
            bytes.append(contentsOf: utf8)
            return true
        }
        if plain == true {
            bytes.append(UInt8(ascii: "\""))
            return
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [0x5C, 0x22])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: bytes.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: bytes.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: bytes.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0x08: bytes.append(contentsOf: [0x5C, UInt8(ascii: "b")])
            case 0x0C: bytes.append(contentsOf: [0x5C, UInt8(ascii: "f")])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [0x5C, UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}

/// Where `Double.write(to:)` puts a number's digits: appended to the bytes as they come.
///
/// The standard library prints a number's ASCII through `TextOutputStream._writeASCII`, whose default
/// makes a `String` of them first; this stream takes the buffer itself (the underscored requirement is
/// the library's own hook for this, public though not documented). Any other text arrives through
/// `write(_:)` and is appended the same, so the bytes are those of `description` either way
/// (`JSONBytesTests` compares them on random doubles).
struct DigitSink: TextOutputStream {
    var bytes: [UInt8] = []

    mutating func write(_ string: String) { bytes.append(contentsOf: string.utf8) }

    mutating func _writeASCII(_ buffer: UnsafeBufferPointer<UInt8>) { bytes.append(contentsOf: buffer) }
}
