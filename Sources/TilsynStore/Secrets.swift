import Crypto

/// Random secrets and their digests, the store's only cryptography.
///
/// Randomness comes from swift-crypto's key generation (the operating system's CSPRNG through BoringSSL
/// on Linux), never from a seeded generator: the seeded generators elsewhere in Tilsyn exist to make
/// lists reproducible, which is exactly what a secret must not be.
enum Secrets {
    /// `count` bytes from the CSPRNG.
    static func randomBytes(_ count: Int) -> [UInt8] {
        precondition(count > 0, "ask for at least one random byte")
        let key = SymmetricKey(size: SymmetricKeySize(bitCount: count * 8))
        return key.withUnsafeBytes { Array($0) }
    }

    /// Lower-case hex SHA-256 of `bytes`.
    static func sha256Hex(_ bytes: some Sequence<UInt8>) -> String {
        var hasher = SHA256()
        hasher.update(data: Array(bytes))
        return hex(Array(hasher.finalize()))
    }

    /// Lower-case hex of `bytes`.
    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether `a` and `b` are equal, in time that depends only on their lengths.
    ///
    /// Every byte pair is compared and the differences OR-ed together, with no early exit, so how long a
    /// failed comparison takes says nothing about how many leading bytes matched.
    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for i in a.indices { difference |= a[i] ^ b[i] }
        return difference == 0
    }
}
