import Foundation

/// The audit log's hash chain: the canonical serialisation of an entry and its SHA-256.
///
/// The serialisation is a versioned header, then one line per field in a fixed order, each text field
/// length-prefixed by its UTF-8 byte count so that no choice of field contents can make two different
/// entries serialise alike (a separator alone could be forged by putting it inside a field):
///
/// ```
/// tilsyn-audit-v1\n
/// id:<decimal>\n
/// at:<n>:<bytes>\n
/// actor:<n>:<bytes>\n
/// event:<n>:<bytes>\n
/// subject:-\n            (no subject)   or   subject:<n>:<bytes>\n
/// detail:<n>:<bytes>\n
/// prev_hash:<n>:<bytes>\n
/// ```
///
/// `hash = lower-case hex SHA-256` of those bytes. Anyone with the rows can recompute it with a few lines
/// of any language, which is the point: the log is evidence, and checking it must not need Tilsyn.
public enum AuditChain {
    /// The `prev_hash` of the first entry.
    public static let genesis = String(repeating: "0", count: 64)

    /// The canonical bytes of an entry (without its own hash).
    public static func canonical(id: Int64, at: String, actor: String, event: String, subject: String?, detail: String, prevHash: String) -> [UInt8] {
        var out = Array("tilsyn-audit-v1\n".utf8)
        out += Array("id:\(id)\n".utf8)
        func field(_ name: String, _ value: String) {
            let bytes = Array(value.utf8)
            out += Array("\(name):\(bytes.count):".utf8)
            out += bytes
            out.append(UInt8(ascii: "\n"))
        }
        field("at", at)
        field("actor", actor)
        field("event", event)
        if let subject { field("subject", subject) } else { out += Array("subject:-\n".utf8) }
        field("detail", detail)
        field("prev_hash", prevHash)
        return out
    }

    /// The hash an entry with these contents must carry.
    public static func hash(id: Int64, at: String, actor: String, event: String, subject: String?, detail: String, prevHash: String) -> String {
        Secrets.sha256Hex(canonical(id: id, at: at, actor: actor, event: event, subject: subject, detail: detail, prevHash: prevHash))
    }

    /// The hash `entry` must carry, recomputed from its other fields.
    public static func expectedHash(of entry: AuditEntry) -> String {
        hash(id: entry.id, at: entry.at, actor: entry.actor, event: entry.event, subject: entry.subject, detail: entry.detail, prevHash: entry.prevHash)
    }

    /// A small JSON object for an entry's `detail`: sorted keys, so equal facts read alike.
    static func detail(_ fields: [String: any Sendable]) -> String {
        guard let data = try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys, .withoutEscapingSlashes]) else {
            preconditionFailure("audit detail holds only strings, numbers and booleans")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// A value of ``detail(_:)-swift.type.method``'s hand-written twin.
    enum DetailValue: Sendable {
        case string(String)
        case int(Int64)
    }

    /// The same text as ``detail(_:)`` for string and integer fields, written by hand.
    ///
    /// Why: `JSONSerialization` (boxing each value, bridging the dictionary) was half of what recording a
    /// card costs, on the path every card takes — the disclosure and the failed lookup. The output is the
    /// library's byte for byte (sorted keys; `"`, `\` and control characters escaped as it escapes them;
    /// slashes and non-ASCII as they are), which `AuditChainTests` checks on random strings; every other
    /// entry keeps the library's writer.
    static func detail(_ fields: KeyValuePairs<String, DetailValue>) -> String {
        var out: [UInt8] = [UInt8(ascii: "{")]
        out.reserveCapacity(160)
        let sorted = fields.sorted { Array($0.key.utf8).lexicographicallyPrecedes(Array($1.key.utf8)) }
        for (i, (key, value)) in sorted.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            quote(key, into: &out)
            out.append(UInt8(ascii: ":"))
            switch value {
            case .string(let text): quote(text, into: &out)
            case .int(let n): out += Array(String(n).utf8)
            }
        }
        out.append(UInt8(ascii: "}"))
        return String(decoding: out, as: UTF8.self)
    }

    /// `text` as a JSON string the way `JSONSerialization` writes it.
    private static func quote(_ text: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out += [0x5C, 0x22]
            case UInt8(ascii: "\\"): out += [0x5C, 0x5C]
            case 0x08: out += [0x5C, UInt8(ascii: "b")]
            case 0x0C: out += [0x5C, UInt8(ascii: "f")]
            case 0x0A: out += [0x5C, UInt8(ascii: "n")]
            case 0x0D: out += [0x5C, UInt8(ascii: "r")]
            case 0x09: out += [0x5C, UInt8(ascii: "t")]
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out += [0x5C, UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// `text` with NUL characters replaced: SQLite hands text back up to the first NUL, so a NUL (say, in
    /// a unit id an attacker typed into a URL) would make a stored entry read back different from what
    /// was hashed, and the chain would look tampered with when it was not.
    static func storable(_ text: String) -> String {
        // A NUL scalar is a zero byte in UTF-8, and no other scalar has one: a byte scan, not Foundation's search.
        text.utf8.contains(0) ? text.replacingOccurrences(of: "\u{0}", with: "\u{FFFD}") : text
    }
}
