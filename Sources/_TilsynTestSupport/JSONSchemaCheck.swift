import Foundation

/// A small JSON Schema checker for the subset Tilsyn's committed schemas use: `type` (one or a list),
/// `required`, `properties`, `items`, `enum`, `const`, `minLength`, `minimum` and `maximum`.
///
/// Enough to catch a card that drops a required field or changes a type, without a schema library in the
/// package; the full schema is also checked with Python's `jsonschema` by hand (see the report).
public enum JSONSchemaCheck {
    /// Every violation found, as `path: problem`; empty when `value` conforms.
    public static func violations(of value: Any?, against schema: [String: Any], at path: String = "$") -> [String] {
        var problems: [String] = []
        let types: [String] = (schema["type"] as? [String]) ?? ((schema["type"] as? String).map { [$0] } ?? [])
        if !types.isEmpty, !types.contains(where: { matches(value, $0) }) {
            return ["\(path): expected \(types.joined(separator: " or ")), found \(describe(value))"]
        }
        if let options = schema["enum"] as? [Any], !options.contains(where: { equal($0, value) }) {
            problems.append("\(path): \(describe(value)) is not one of the allowed values")
        }
        if let constant = schema["const"], !equal(constant, value) { problems.append("\(path): must be \(constant)") }
        if let s = value as? String, let min = schema["minLength"] as? Int, s.count < min { problems.append("\(path): shorter than \(min)") }
        if let x = number(value) {
            if let lo = schema["minimum"] as? Double, x < lo { problems.append("\(path): below \(lo)") }
            if let hi = schema["maximum"] as? Double, x > hi { problems.append("\(path): above \(hi)") }
        }
        if let object = value as? [String: Any] {
            for key in schema["required"] as? [String] ?? [] where object[key] == nil {
                problems.append("\(path): required key '\(key)' is missing")
            }
            for (key, sub) in schema["properties"] as? [String: [String: Any]] ?? [:] where object[key] != nil {
                problems += violations(of: object[key], against: sub, at: "\(path).\(key)")
            }
        }
        if let array = value as? [Any], let items = schema["items"] as? [String: Any] {
            for (i, element) in array.enumerated() { problems += violations(of: element, against: items, at: "\(path)[\(i)]") }
        }
        return problems
    }

    static func isBool(_ value: Any?) -> Bool {
        // JSONSerialization gives booleans as NSNumber with the C type `char` ("c") on Linux and Darwin;
        // JSON numbers come back as "i", "q" or "d", so the type code tells them apart.
        guard let n = value as? NSNumber else { return false }
        return String(cString: n.objCType) == "c"
    }

    static func number(_ value: Any?) -> Double? {
        guard let n = value as? NSNumber, !isBool(value) else { return nil }
        return n.doubleValue
    }

    static func matches(_ value: Any?, _ type: String) -> Bool {
        switch type {
        case "null": return value == nil || value is NSNull
        case "boolean": return isBool(value)
        case "number": return number(value) != nil
        case "integer": return number(value).map { $0 == $0.rounded() } ?? false
        case "string": return value is String
        case "array": return value is [Any]
        case "object": return value is [String: Any]
        default: return false
        }
    }

    static func equal(_ a: Any, _ b: Any?) -> Bool {
        if a is NSNull { return b == nil || b is NSNull }
        if let a = a as? String { return (b as? String) == a }
        return false
    }

    static func describe(_ value: Any?) -> String {
        guard let value, !(value is NSNull) else { return "null" }
        if isBool(value) { return "boolean" }
        if value is NSNumber { return "number" }
        if value is String { return "string" }
        if value is [Any] { return "array" }
        return "object"
    }
}
