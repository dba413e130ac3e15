import Foundation

/// The `features` text of a `list_unit_selection` row: a flat JSON object of strings, byte for byte what
/// `JSONSerialization.data(withJSONObject:options: [.sortedKeys])` writes, at a fraction of its cost.
///
/// Why not `JSONSerialization` itself: with `.sortedKeys` it orders every object's keys by a
/// locale-aware comparison (`compare(_:options: [.numeric, .caseInsensitive, .forcedOrdering], locale:)`)
/// that builds a locale per comparison. For a list of 300 units with the demo's 33 columns that was
/// 0.3 s of CPU, a third of the weekly job's (`perf`, 2026-12-01). The units of one list share their key
/// set, so here the keys are ordered once per key set by the same comparison, and each object is written
/// with `JSONSerialization`'s own escaping: `"`, `\`, `/` (as `\/`), the named control characters and
/// `\u00xx` for the others; everything else as it is. `FeatureTextTests` checks the bytes against
/// `JSONSerialization` on random objects.
struct FeatureText {
    /// Key order per key set (the keys sorted by `<` name the set).
    private var orders: [[String]: [String]] = [:]

    /// The JSON text of `features`.
    mutating func json(_ features: [String: String]) -> String {
        let plain = features.keys.sorted()
        let order: [String]
        if let known = orders[plain] {
            order = known
        } else {
            order = Self.foundationOrder(plain)
            orders[plain] = order
        }
        var out: [UInt8] = [UInt8(ascii: "{")]
        out.reserveCapacity(32 * order.count + 2)
        for (i, key) in order.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            Self.append(key, to: &out)
            out.append(UInt8(ascii: ":"))
            Self.append(features[key] ?? "", to: &out)
        }
        out.append(UInt8(ascii: "}"))
        return String(decoding: out, as: UTF8.self)
    }

    /// `JSONSerialization`'s key order for `.sortedKeys`.
    static func foundationOrder(_ keys: [String]) -> [String] {
        keys.sorted { a, b in
            a.compare(b, options: [.numeric, .caseInsensitive, .forcedOrdering], range: a.startIndex..<a.endIndex,
                      locale: NSLocale.system) == .orderedAscending
        }
    }

    /// Appends `text` as a JSON string, escaped as `JSONSerialization` escapes it.
    static func append(_ text: String, to out: inout [UInt8]) {
        let hex = Array("0123456789abcdef".utf8)
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case UInt8(ascii: "/"): out += [UInt8(ascii: "\\"), UInt8(ascii: "/")]
            case 0x08: out += [UInt8(ascii: "\\"), UInt8(ascii: "b")]
            case 0x0C: out += [UInt8(ascii: "\\"), UInt8(ascii: "f")]
            case 0x0A: out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x0D: out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case 0x09: out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0..<0x20:
                out += [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
