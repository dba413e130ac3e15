/// The seeded pseudo-random key that breaks ties in rankings ⚖ (DESIGN §6).
///
/// Two units with exactly the same log-odds are ordered by `key(seed, unit)`: SplitMix64's finaliser
/// applied to the seed mixed with the FNV-1a hash of the unit id's UTF-8 bytes. The order is therefore
/// reproducible from the seed alone, independent of input order, and not the id's own order (which
/// would favour low-numbered units year after year). Ids that collide on the key fall back to byte order.
public enum TieBreak {
    /// The default seed used when a command is not given one.
    public static let defaultSeed: UInt64 = 20_260_101

    public static func key(seed: UInt64, unit: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in unit.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        return mix(seed ^ hash)
    }

    /// SplitMix64's output function: a bijective 64-bit mixer.
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9e37_79b9_7f4a_7c15
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
