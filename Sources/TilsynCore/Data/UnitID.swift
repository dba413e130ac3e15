import Foundation

/// What a unit id may be: the one rule that the register, the codes, the cards and the store share.
///
/// A unit id is a key in three places that compare text differently: Swift (canonical equivalence),
/// SQLite (bytes, and the C API stops at a NUL) and the URL of a card. Where they disagree, two ids
/// become one: `"1000000001\0evil"` was a different row in the register but the same `access_code` key
/// as `1000000001` in SQLite, so one company's code opened another's card. The rule admits only ids all
/// three read alike, and it is applied once, where a register's unit column is read (``DataTable/unitIDs(_:)``),
/// so nothing downstream ever holds another kind:
///
/// - not empty, and not only spaces;
/// - at most ``maxLength`` characters;
/// - no control character (NUL, ESC, BEL, line breaks, tabs, DEL, C1) and no bidirectional formatting
///   character, which would make the id print as something else (see ``DisplayText``);
/// - no space at either end, which a person copying the id from a letter cannot see;
/// - in Unicode normalisation form C, so that an id typed on another keyboard (`Å` as one character or
///   as `A` + ring) is the same bytes in SQLite as it is equal in Swift.
public enum UnitID {
    /// The longest id admitted, in characters.
    public static let maxLength = 200

    /// Why `id` is not a unit id, as a phrase that completes "expected a unit id, found …: …", or `nil`
    /// when it is one.
    public static func problem(_ id: String) -> String? {
        isPlainASCII(id) ? nil : fullCheck(id)
    }

    /// Every rule, scalar by scalar.
    static func fullCheck(_ id: String) -> String? {
        if id.isEmpty { return "it is empty" }
        var count = 0
        var allASCII = true
        for scalar in id.unicodeScalars {
            count += 1
            if DisplayText.isControl(scalar) {
                return "it holds the control character \(DisplayText.escaped(String(scalar)))"
            }
            if !scalar.isASCII { allASCII = false }
        }
        if count > maxLength { return "it is longer than \(maxLength) characters" }
        if id.first?.isWhitespace == true || id.last?.isWhitespace == true {
            return id.allSatisfy(\.isWhitespace) ? "it holds only spaces" : "it begins or ends with a space"
        }
        if !allASCII && id.precomposedStringWithCanonicalMapping.utf8.elementsEqual(id.utf8) == false {
            return "it is not in Unicode normal form C (an accented letter is written as letter + accent)"
        }
        return nil
    }

    /// The common case, decided from the bytes alone: at most ``maxLength`` printable ASCII characters
    /// (U+0020…U+007E) that neither begin nor end with a space. Such an id breaks none of the rules (no
    /// control character, no surrounding white space, already in normal form C); everything else takes
    /// the full check. At 300,000 units the full check was a twentieth of the weekly job's CPU time.
    static func isPlainASCII(_ id: String) -> Bool {
        var id = id
        return id.withUTF8 { bytes in
            guard bytes.count <= maxLength, let first = bytes.first, let last = bytes.last,
                  first != 0x20, last != 0x20 else { return false }
            for byte in bytes where byte < 0x20 || byte > 0x7E { return false }
            return true
        }
    }

    /// Whether `id` is a unit id.
    public static func isValid(_ id: String) -> Bool { problem(id) == nil }
}

extension DataTable {
    /// The unit ids in column `name`, each checked against ``UnitID``.
    ///
    /// - Throws: ``DataError/badCell(file:line:column:value:expected:)`` naming the first row whose id
    ///   breaks the rule, with the reason; ``DataError/missingColumn(file:column:available:)``.
    public func unitIDs(_ name: String) throws(DataError) -> [String] {
        let ids = try strings(name)
        for (row, id) in ids.enumerated() {
            if let problem = UnitID.problem(id) {
                throw .badCell(file: source, line: line(ofRow: row), column: name, value: id, expected: "a unit id (\(problem))")
            }
        }
        return ids
    }
}
