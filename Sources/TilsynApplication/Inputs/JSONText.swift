import Foundation

/// JSON the way Tilsyn writes it for people and scripts: sorted keys, pretty-printed, trailing newline.
public enum JSONText {
    public static func encode(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        var data = try encoder.encode(value)
        data.append(0x0A)
        return data
    }
}
