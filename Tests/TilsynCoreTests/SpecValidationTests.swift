import Foundation
import Testing
import _TilsynTestSupport

/// A malformed spec is one sentence naming the field and what would have been accepted.
@Suite struct SpecValidationTests {
    func message(_ json: String) -> String {
        do {
            _ = try ModelSpec.decode(Data(json.utf8), file: "spec.json")
            return "accepted"
        } catch {
            return error.description
        }
    }

    static let base = #"{"name":"m","version":"1","unit":"id","label":"y","features":[FEATURES]}"#

    @Test(arguments: [
        (#"{"name":"x","type":"numerc"}"#, ["features[0].type", "\"numerc\"", "\"numeric\""]),
        (#"{"name":"x","type":"numeric","transform":"log"}"#, ["features[0].transform", "\"log1p\""]),
        (#"{"name":"x","type":"numeric"},{"name":"x","type":"numeric"}"#, ["features[1].name", "named twice"]),
        (#"{"name":"x","type":"numeric","clip":[5,1]}"#, ["features[0].clip", "lo ≤ hi"]),
        (#"{"name":"x","type":"binned","edges":[0,5,3]}"#, ["features[0].edges", "strictly increasing"]),
        (#"{"name":"x","type":"binned"}"#, ["features[0].edges"]),
        (#"{"name":"x","type":"numeric","fill":"mean"}"#, ["features[0].fill", "indicator"]),
        (#"{"name":"x","type":"numeric","missing":"indicator","fill":"mode"}"#, ["features[0].fill", "\"mean\""]),
        (#"{"name":"g","type":"categorical","direction":"increasing"}"#, ["features[0].direction", "numeric"]),
        (#"{"type":"numeric"}"#, ["features[0].name", "missing"]),
        (#"{"name":"y","type":"numeric"}"#, ["features[0].name", "label"]),
    ])
    func malformedSpecIsNamed(feature: String, fragments: [String]) {
        let text = message(Self.base.replacingOccurrences(of: "FEATURES", with: feature))
        for fragment in fragments { #expect(text.contains(fragment), "'\(fragment)' not in: \(text)") }
        #expect(text.hasPrefix("spec.json"))
    }

    @Test func notJSONAtAll() {
        #expect(message("{name: m").contains("not valid JSON"))
    }

    @Test func wellFormedSpecRoundTrips() throws {
        let json = Self.base.replacingOccurrences(of: "FEATURES", with: #"{"name":"x","type":"numeric","missing":"indicator","fill":0.5},{"name":"g","type":"categorical","reference":"a","unseen":"reference"}"#)
        let spec = try ModelSpec.decode(Data(json.utf8), file: "spec.json")
        let again = try JSONDecoder().decode(ModelSpec.self, from: JSONEncoder().encode(spec))
        #expect(again == spec)
        #expect(spec.features[0].fill == .value(0.5))
    }
}
