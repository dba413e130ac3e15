"""Tilsyn's seeded random streams in Python integers, draw for draw (for the bootstrap references).

`SeededRandom` (Sources/TilsynCore/Synthetic/SeededRandom.swift) is xoshiro256** whose four state words are
SplitMix64 outputs of `seed ^ (stream * 0xD1B54A32D192ED03)`; `below(n)` is Lemire's nearly-divisionless
bounded integer (128-bit product, high word; reject while the low word is under `2**64 mod n`).
`TieBreak.key(seed, unit)` is SplitMix64's finaliser of `seed ^ FNV-1a-64(utf8(unit))` and `TieBreak.mix` the
finaliser alone. All arithmetic is modulo 2**64, so Python integers masked to 64 bits reproduce the Swift
streams exactly; numpy then does the array work on the drawn indices.
"""

MASK = (1 << 64) - 1


def mix(value):
    z = (value + 0x9E3779B97F4A7C15) & MASK
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return z ^ (z >> 31)


def tie_key(seed, unit):
    h = 0xCBF29CE484222325
    for b in unit.encode("utf-8"):
        h ^= b
        h = (h * 0x100000001B3) & MASK
    return mix(seed ^ h)


def _rotl(x, k):
    return ((x << k) | (x >> (64 - k))) & MASK


class SeededRandom:
    def __init__(self, seed, stream=0):
        sm = (seed ^ ((stream * 0xD1B54A32D192ED03) & MASK)) & MASK
        state = []
        for _ in range(4):
            sm = (sm + 0x9E3779B97F4A7C15) & MASK
            z = sm
            z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
            z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
            state.append(z ^ (z >> 31))
        if state[0] | state[1] | state[2] | state[3] == 0:
            state[0] = 1
        self.s = state

    def next(self):
        s0, s1, s2, s3 = self.s
        result = (_rotl((s1 * 5) & MASK, 7) * 9) & MASK
        t = (s1 << 17) & MASK
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = _rotl(s3, 45)
        self.s = [s0, s1, s2, s3]
        return result

    def below(self, bound):
        m = self.next() * bound
        low = m & MASK
        if low < bound:
            threshold = ((1 << 64) - bound) % bound
            while low < threshold:
                m = self.next() * bound
                low = m & MASK
        return m >> 64
