import Hummingbird

/// The shape every id and code must have before it is used.
///
/// Ids reach the store, the audit log and (for list ids) the URL path; allowing only letters, digits, `-`
/// and `_` rules out path traversal (`..`, `/`, `%2F`), control characters and log injection in one rule.
/// The sentence never repeats the value.
enum Identifier {
    static let maxLength = 64

    static func isValid(_ s: String) -> Bool {
        !s.isEmpty && s.utf8.count <= maxLength && s.utf8.allSatisfy { b in
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x2D || b == 0x5F
        }
    }

    static func check(_ s: String, field: String) throws {
        guard isValid(s) else {
            throw HTTPError(.badRequest, message: "The \(field) must be 1 to \(maxLength) letters, digits, '-' or '_'.")
        }
    }

    /// Access codes are checked for shape only (letters, digits, dashes and spaces, as typed from a
    /// letter); the store forgives case, spacing and look-alike letters. Never echoed.
    static func checkCode(_ s: String) throws {
        guard !s.isEmpty, s.utf8.count <= maxLength, s.utf8.allSatisfy({ b in
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x2D || b == 0x20
        }) else {
            throw HTTPError(.badRequest, message: "The access code must be 1 to \(maxLength) letters, digits, dashes or spaces.")
        }
    }
}
