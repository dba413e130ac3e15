/// Text from outside (a cell, a URL, a token's name) made safe to show on a terminal, in a log line or
/// in a listing.
///
/// A raw ESC or BEL in a cell would otherwise reach the operator's terminal through an error message and
/// could move the cursor, rewrite earlier lines or retitle the window; a bidirectional override makes the
/// text read in another order than it is stored. Every such character is shown as an escape that names
/// it, so the reader sees exactly what the input held and nothing acts on it:
///
/// ```
/// "\u{1B}[2J"   →  \u{1B}[2J   (ESC shown, not sent)
/// "a\0b"        →  a\0b
/// "tab\there"   →  tab\there
/// ```
///
/// Escaped are the control characters (Unicode category Cc: C0, DEL and C1) and the bidirectional
/// marks, embeddings, overrides and isolates. When anything is escaped, a backslash already in the text
/// is doubled, so the shown text is unambiguous; text with nothing to escape (ordinary ids, Windows
/// paths) is shown as it is.
public enum DisplayText {
    /// `text` with every control and bidirectional-control character shown as an escape.
    public static func escaped(_ text: some StringProtocol) -> String {
        // Fast path: nearly all text has nothing to escape.
        if !text.unicodeScalars.contains(where: isControl) { return String(text) }
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            guard isControl(scalar) || scalar == "\\" else {
                out.unicodeScalars.append(scalar)
                continue
            }
            switch scalar {
            case "\0": out += "\\0"
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\\": out += "\\\\"
            default: out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            }
        }
        return out
    }

    /// Whether `text` holds anything ``escaped(_:)`` would change other than a backslash.
    public static func hasControlCharacters(_ text: some StringProtocol) -> Bool {
        text.unicodeScalars.contains(where: isControl)
    }

    /// A control character (Cc) or a bidirectional formatting character.
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: return true
        case 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C: return true
        default: return false
        }
    }
}
