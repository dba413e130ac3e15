import Foundation

/// A small, fast, seedable pseudo-random generator: xoshiro256** (Blackman & Vigna), seeded by SplitMix64.
///
/// Written out here rather than taken from the standard library because `SystemRandomNumberGenerator`
/// cannot be seeded and the standard library's distributions (`Double.random(in:using:)`) do not promise
/// the same draws across releases. Every draw below is a fixed function of the 256-bit state, so the same
/// seed gives the same numbers on every run. (`log` and `exp` come from the platform's libm; results are
/// identical run to run on one platform.) The draws are `@inlinable`, so the synthetic generator, in another
/// module, still gets them inlined. The state includes the spare normal of ``normal()``, so a copy
/// of the generator continues exactly where the original would.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    @usableFromInline var s0: UInt64
    @usableFromInline var s1: UInt64
    @usableFromInline var s2: UInt64
    @usableFromInline var s3: UInt64
    @usableFromInline var spare = 0.0
    @usableFromInline var hasSpare = false

    /// A generator whose state is four SplitMix64 outputs of `seed` (never all zero).
    ///
    /// - Parameters:
    ///   - seed: any value; equal seeds give equal streams.
    ///   - stream: selects an independent stream for the same seed (mixed into the SplitMix64 seed).
    public init(seed: UInt64, stream: UInt64 = 0) {
        var sm = seed ^ (stream &* 0xD1B5_4A32_D192_ED03)
        func splitMix() -> UInt64 {
            sm &+= 0x9E37_79B9_7F4A_7C15
            var z = sm
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s0 = splitMix()
        s1 = splitMix()
        s2 = splitMix()
        s3 = splitMix()
        if s0 | s1 | s2 | s3 == 0 { s0 = 1 }
    }

    @usableFromInline @inline(__always)
    static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 &- k)) }

    /// The next 64 random bits.
    @inlinable @inline(__always)
    public mutating func next() -> UInt64 {
        let result = Self.rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = Self.rotl(s3, 45)
        return result
    }

    /// Uniform on `[0, 1)` with 53 random bits.
    @inlinable @inline(__always)
    public mutating func uniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// Uniform on `(0, 1]` — safe to take the logarithm of.
    @inlinable @inline(__always)
    public mutating func uniformPositive() -> Double {
        Double((next() >> 11) + 1) * 0x1.0p-53
    }

    /// A uniform integer in `0..<bound` (Lemire's nearly-divisionless method, unbiased).
    @inlinable
    public mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0, "below: bound must be positive")
        let b = UInt64(bound)
        var m = next().multipliedFullWidth(by: b)
        if m.low < b {
            let threshold = (0 &- b) % b
            while m.low < threshold { m = next().multipliedFullWidth(by: b) }
        }
        return Int(m.high)
    }

    /// `true` with probability `p`.
    @inlinable @inline(__always)
    public mutating func bernoulli(_ p: Double) -> Bool { uniform() < p }

    /// A standard normal draw (Marsaglia's polar method; the second value of each pair is kept for the
    /// next call, so two normals cost one `log` and one square root).
    @inlinable
    public mutating func normal() -> Double {
        if hasSpare {
            hasSpare = false
            return spare
        }
        while true {
            let u = 2 * uniform() - 1
            let v = 2 * uniform() - 1
            let s = u * u + v * v
            if s > 0 && s < 1 {
                let factor = (-2 * log(s) / s).squareRoot()
                spare = v * factor
                hasSpare = true
                return u * factor
            }
        }
    }

    /// A normal draw with mean `mean` and standard deviation `sd`.
    @inlinable
    public mutating func normal(mean: Double, sd: Double) -> Double { mean + sd * normal() }

    /// A Poisson draw with mean `lambda` (Knuth's product method up to 30, a rounded normal above).
    @inlinable
    public mutating func poisson(_ lambda: Double) -> Int {
        if !(lambda > 0) { return 0 }
        if lambda > 30 {
            return max(0, Int((lambda + lambda.squareRoot() * normal()).rounded()))
        }
        let limit = exp(-lambda)
        var product = uniform()
        var k = 0
        while product > limit {
            product *= uniform()
            k += 1
        }
        return k
    }

    /// A binomial draw (`n` Bernoulli trials up to 40, a rounded, clamped normal above).
    @inlinable
    public mutating func binomial(_ n: Int, _ p: Double) -> Int {
        if n <= 0 || !(p > 0) { return 0 }
        if p >= 1 { return n }
        if n <= 40 {
            var k = 0
            for _ in 0..<n where uniform() < p { k += 1 }
            return k
        }
        let mean = Double(n) * p
        let sd = (mean * (1 - p)).squareRoot()
        return min(n, max(0, Int((mean + sd * normal()).rounded())))
    }

    /// An index drawn with probability proportional to `cumulative[i] − cumulative[i−1]`.
    ///
    /// - Parameter cumulative: non-decreasing running sums of the weights; the last is the total.
    @inlinable
    public mutating func categorical(cumulative: [Double]) -> Int {
        guard let total = cumulative.last, total > 0 else { return 0 }
        let target = uniform() * total
        var lo = 0
        var hi = cumulative.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if cumulative[mid] > target { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }
}
