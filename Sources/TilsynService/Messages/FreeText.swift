import Hummingbird

/// Free text people send (a claimed value, a message, a note): bounded, with no control characters, and
/// when required with something in it besides white space.
///
/// Control characters (C0 and C1, except tab and line breaks) could forge output on a terminal or hide
/// text; tab and line breaks are allowed, as people paste them, and are quoted wherever the text is written. "White space" is ECMAScript's `\s`, the definition the OpenAPI
/// document's patterns use, so a request the document calls valid is never refused here.
enum FreeText {
    static func check(_ s: String, field: String, max: Int, required: Bool) throws {
        // Counted in code points, as the document's maxLength counts.
        if s.unicodeScalars.count > max { throw HTTPError(.badRequest, message: "\(field) must be at most \(max) characters.") }
        for scalar in s.unicodeScalars where isControl(scalar) {
            if scalar == "\n" || scalar == "\r" || scalar == "\t" { continue }
            throw HTTPError(.badRequest, message: "\(field) must not contain control characters.")
        }
        if required && s.unicodeScalars.allSatisfy(isWhiteSpace) {
            throw HTTPError(.badRequest, message: "\(field) must not be empty.")
        }
    }

    static func isControl(_ c: Unicode.Scalar) -> Bool {
        c.value < 0x20 || (0x7F...0x9F).contains(c.value)
    }

    /// ECMAScript's `\s`: tab, line feed, vertical tab, form feed, carriage return, the Unicode space
    /// separators, line and paragraph separators, and the byte-order mark.
    static func isWhiteSpace(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x09...0x0D, 0x20, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF: true
        default: false
        }
    }
}
