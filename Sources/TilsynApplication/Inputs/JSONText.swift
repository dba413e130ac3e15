import Foundation

/// JSON the way Tilsyn writes it for people and scripts: sorted keys, pretty-printed, trailing newline.
public enum JSONText {
    public static func encode(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        var data = try encoder.encode(value)
        data.append(0x0A)
        return data
    }
}

/// Times as the store and the manifests write them: ISO 8601, UTC, whole seconds (`2026-11-22T07:49:00Z`).
public enum StoreClock {
    public static func text(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}
