/// Appends `value.description` (Swift's shortest round-trip form) as UTF-8 to `bytes`.
///
/// Through `TextOutputStreamable`: the standard library formats into a buffer on the stack and hands the
/// ASCII bytes to the stream, where `description` would first make a `String`, which for the 17–20
/// characters of a typical probability lives on the heap. At a million rows of ten numbers each those
/// allocations cost about as much as the formatting. Same characters, bit for bit.
@inline(__always)
public func appendShortestDescription(_ value: Double, to bytes: inout [UInt8]) {
    var stream = ByteStream()
    swap(&stream.bytes, &bytes)
    value.write(to: &stream)
    swap(&stream.bytes, &bytes)
}

/// A `TextOutputStream` into a byte array.
struct ByteStream: TextOutputStream {
    var bytes: [UInt8] = []

    mutating func write(_ string: String) {
        var string = string
        string.withUTF8 { bytes.append(contentsOf: $0) }
    }

    mutating func _writeASCII(_ buffer: UnsafeBufferPointer<UInt8>) {
        bytes.append(contentsOf: buffer)
    }
}
