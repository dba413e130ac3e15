/// Appends `value.description` (Swift's shortest round-trip form) as UTF-8 to `bytes`.
@inline(__always)
public func appendShortestDescription(_ value: Double, to bytes: inout [UInt8]) {
    var text = value.description
    text.withUTF8 { bytes.append(contentsOf: $0) }
}
