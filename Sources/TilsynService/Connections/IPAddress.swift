#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An IPv4 or IPv6 address as its bytes (4 or 16), parsed strictly by `inet_pton`.
///
/// IPv4-mapped IPv6 addresses (`::ffff:192.0.2.1`) are read as the IPv4 address, so one client has one
/// form. ``limitKey`` is what the rate limits and connection caps count by: the address itself for IPv4,
/// the /64 network for IPv6, since one subscriber usually holds a whole /64 and could otherwise take a
/// fresh address, and a fresh bucket, for every request.
public struct IPAddress: Hashable, Sendable, CustomStringConvertible {
    public let bytes: [UInt8]

    /// Parses an address as it appears in a socket peer or an `X-Forwarded-For` entry: `192.0.2.1`,
    /// `192.0.2.1:443`, `2001:db8::1`, `[2001:db8::1]:443`; `nil` for anything else (`unknown`, names, junk).
    public init?(_ text: some StringProtocol) {
        var s = Substring(text).drop { $0 == " " || $0 == "\t" }
        while let last = s.last, last == " " || last == "\t" { s = s.dropLast() }
        guard !s.isEmpty, s.count <= 64 else { return nil }
        if s.first == "[" {
            guard let close = s.firstIndex(of: "]") else { return nil }
            let rest = s[s.index(after: close)...]
            guard rest.isEmpty || (rest.first == ":" && rest.dropFirst().allSatisfy(\.isNumber) && rest.count > 1) else { return nil }
            s = s[s.index(after: s.startIndex)..<close]
        } else if s.filter({ $0 == ":" }).count == 1, let colon = s.firstIndex(of: ":") {
            // IPv4 with a port.
            let port = s[s.index(after: colon)...]
            guard !port.isEmpty, port.allSatisfy(\.isNumber) else { return nil }
            s = s[..<colon]
        }
        let string = String(s)
        var v4 = in_addr()
        if inet_pton(AF_INET, string, &v4) == 1 {
            bytes = withUnsafeBytes(of: &v4) { Array($0) }
            return
        }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, string, &v6) == 1 else { return nil }
        let raw = withUnsafeBytes(of: &v6) { Array($0) }
        if raw[0..<10].allSatisfy({ $0 == 0 }) && raw[10] == 0xFF && raw[11] == 0xFF {
            bytes = Array(raw[12..<16])
        } else {
            bytes = raw
        }
    }

    init(bytes: [UInt8]) { self.bytes = bytes }

    public var isIPv6: Bool { bytes.count == 16 }

    /// The canonical text (`inet_ntop`): `192.0.2.1`, `2001:db8::1`.
    public var description: String {
        var buffer = [CChar](repeating: 0, count: 64)
        var copy = bytes
        let family = isIPv6 ? AF_INET6 : AF_INET
        let ok = copy.withUnsafeMutableBytes { raw in
            buffer.withUnsafeMutableBufferPointer { inet_ntop(family, raw.baseAddress, $0.baseAddress, socklen_t($0.count)) != nil }
        }
        guard ok else { return bytes.map(String.init).joined(separator: ".") }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// What limits count by: the IPv4 address, or the IPv6 /64 (`2001:db8:1:2::/64`).
    public var limitKey: String {
        guard isIPv6 else { return description }
        return IPAddress(bytes: Array(bytes[0..<8]) + Array(repeating: 0, count: 8)).description + "/64"
    }

    /// The IPv6 /48 the address is in (`2001:db8:1::/48`), `nil` for IPv4: what the aggregate lookup
    /// limit counts by (``LookupLimits/perSite``). A /48 is the usual assignment to one site (RFC 6177),
    /// so whoever holds one holds 65,536 /64s — 65,536 fresh per-client allowances without this limit.
    public var siteKey: String? {
        guard isIPv6 else { return nil }
        return IPAddress(bytes: Array(bytes[0..<6]) + Array(repeating: 0, count: 10)).description + "/48"
    }

    /// Whether the first `bits` bits equal `network`'s (both of one family).
    func isIn(_ network: IPNetwork) -> Bool {
        guard network.address.bytes.count == bytes.count else { return false }
        var remaining = network.prefixLength
        for (a, b) in zip(bytes, network.address.bytes) {
            guard remaining > 0 else { return true }
            let take = min(8, remaining)
            let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - take))
            if a & mask != b & mask { return false }
            remaining -= take
        }
        return true
    }
}

/// An address with a prefix length: `10.0.0.0/8`, `2001:db8::/32`, or one address (`192.0.2.7`).
public struct IPNetwork: Hashable, Sendable, CustomStringConvertible {
    public let address: IPAddress
    public let prefixLength: Int

    /// `nil` unless `text` is an address, optionally followed by `/` and a prefix length that fits it.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let address = IPAddress(parts[0]), !parts[0].contains("[") else { return nil }
        let maximum = address.bytes.count * 8
        if parts.count == 2 {
            guard let length = Int(parts[1]), (0...maximum).contains(length), parts[1].allSatisfy(\.isNumber) else { return nil }
            prefixLength = length
        } else {
            prefixLength = maximum
        }
        self.address = address
    }

    public var description: String { "\(address)/\(prefixLength)" }

    public func contains(_ other: IPAddress) -> Bool { other.isIn(self) }
}
