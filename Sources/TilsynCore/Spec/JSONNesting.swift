import Foundation

/// How deeply a JSON document nests arrays and objects, checked before it is decoded.
///
/// Foundation's parser gives up on very deep nesting with an error that says only "not valid JSON",
/// and a recursive decoder would spend stack on every level. Tilsyn's JSON files (specs, models,
/// reports) nest a handful of levels, so anything deeper than ``limit`` is refused up front with the
/// byte and line where it went too deep: one linear scan, no recursion, no allocation.
public enum JSONNesting {
    /// The deepest nesting accepted; a spec uses about five levels, a model.json about seven.
    public static let limit = 64

    /// Where a document first nests deeper than ``limit``.
    public struct TooDeep: Sendable, Equatable {
        /// 1-based byte offset of the opening bracket that went one level too deep.
        public var byte: Int
        /// 1-based line of that bracket.
        public var line: Int

        /// "nests arrays and objects more than 64 levels deep (at byte 65, line 1) …".
        public var problem: String {
            "nests arrays and objects more than \(JSONNesting.limit) levels deep (at byte \(byte), line \(line)); no Tilsyn file needs more than a few levels"
        }
    }

    /// The first place `data` nests deeper than ``limit``, or `nil`. Brackets inside strings do not count.
    public static func tooDeep(_ data: Data) -> TooDeep? {
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> TooDeep? in
            var depth = 0
            var line = 1
            var inString = false
            var escaped = false
            for (offset, byte) in raw.enumerated() {
                if inString {
                    if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
                    continue
                }
                switch byte {
                case UInt8(ascii: "\""): inString = true
                case UInt8(ascii: "["), UInt8(ascii: "{"):
                    depth += 1
                    if depth > limit { return TooDeep(byte: offset + 1, line: line) }
                case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
                case UInt8(ascii: "\n"): line += 1
                default: break
                }
            }
            return nil
        }
    }
}
