import GRDB

/// A unit's freshly issued access code: the only time the code exists in plain text.
public struct IssuedAccessCode: Codable, Sendable, Equatable {
    public var unit: String
    /// The code as printed for the company, e.g. `K7QD-4M2X-9TRB-H3`.
    public var code: String

    public init(unit: String, code: String) {
        self.unit = unit
        self.code = code
    }
}

/// A unit's current access code as stored: a per-code salt and the salted SHA-256, never the code.
struct AccessCodeRecord: Codable, Sendable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "access_code"

    var unit: String
    /// 16 random bytes, hex.
    var salt: String
    /// Hex SHA-256 of the salt's bytes followed by the normalised code.
    var hash: String
    var issuedAt: String

    enum CodingKeys: String, CodingKey {
        case unit, salt, hash
        case issuedAt = "issued_at"
    }
}

/// The access code format and its hashing.
///
/// A code is 14 characters of Crockford's base32 (`0-9` and `A-Z` without `I L O U`), 5 bits each, so
/// 70 bits from the CSPRNG, printed in groups of four: `K7QD-4M2X-9TRB-H3`. The alphabet has no letters
/// that read as digits, and reading back forgives what people do when typing from a letter: lower case,
/// dashes and spaces anywhere, `O` for `0`, `I` or `L` for `1`.
///
/// Stored is `SHA-256(salt ‖ code)` with a fresh 16-byte salt per code. A slow password hash (bcrypt,
/// scrypt, Argon2) would buy nothing here and cost something: such hashes exist because people choose
/// passwords from a small space that an attacker with the hashes can enumerate, and slowness multiplies
/// the cost of each guess. These codes are not chosen by people; guessing one from a stolen hash means
/// searching 2^70 values (2^69 on average), about 19 years per code at 10^12 SHA-256 per second, and the
/// per-code salt stops one search from serving every unit at once and stops precomputed tables. Online
/// guessing goes through the server, which rate-limits lookups. A slow hash would instead make every
/// lookup cost the server tens of milliseconds of CPU, an easy lever for anyone flooding it.
///
/// Digests are compared in constant time (``Secrets/constantTimeEqual(_:_:)``), so the time a failed
/// lookup takes does not reveal how much of the digest matched.
public enum AccessCodeFormat {
    /// Crockford's base32 alphabet.
    static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ".utf8)
    /// Characters in a code: 14 × 5 = 70 bits.
    public static let length = 14

    /// A new random code, grouped for printing.
    static func generate() -> String {
        let bytes = Secrets.randomBytes(9)  // 72 bits, of which the first 70 are used
        var symbols: [UInt8] = []
        symbols.reserveCapacity(length + 3)
        var bitIndex = 0
        for i in 0..<length {
            var value = 0
            for _ in 0..<5 {
                let byte = bytes[bitIndex / 8]
                value = value << 1 | Int((byte >> (7 - UInt8(bitIndex % 8))) & 1)
                bitIndex += 1
            }
            if i > 0 && i % 4 == 0 { symbols.append(UInt8(ascii: "-")) }
            symbols.append(alphabet[value])
        }
        return String(decoding: symbols, as: UTF8.self)
    }

    /// The code's canonical bytes (upper case, no separators, `O`→`0`, `I`/`L`→`1`), or `nil` when it
    /// holds a character outside the alphabet or has the wrong length.
    public static func normalise(_ code: String) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(length)
        for scalar in code.unicodeScalars {
            guard scalar.isASCII else { return nil }
            var c = UInt8(scalar.value)
            if c == UInt8(ascii: "-") || c == UInt8(ascii: " ") || c == UInt8(ascii: "\t") { continue }
            if c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z") { c -= 32 }
            switch c {
            case UInt8(ascii: "O"): c = UInt8(ascii: "0")
            case UInt8(ascii: "I"), UInt8(ascii: "L"): c = UInt8(ascii: "1")
            default: break
            }
            guard alphabet.contains(c) else { return nil }
            out.append(c)
            if out.count > length { return nil }
        }
        return out.count == length ? out : nil
    }

    /// The stored digest of `normalised` under `salt`.
    static func digest(salt: [UInt8], normalised: [UInt8]) -> String {
        Secrets.sha256Hex(salt + normalised)
    }
}
