import Foundation
import Testing
@testable import TilsynCore
import _TilsynTestSupport

/// A spec means what it says: a key the spec format does not have is refused with its path and the
/// nearest known name, in a spec and in a model file; and the one list of known fields (``SpecFields``)
/// covers every key the types write.
@Suite struct SpecFieldsTests {
    static let base = #"{"name":"m","version":"1","unit":"id","label":"y",EXTRA"features":[FEATURES]}"#

    func message(extra: String = "", feature: String = #"{"name":"x","type":"numeric"}"#) -> String {
        let json = Self.base.replacingOccurrences(of: "EXTRA", with: extra).replacingOccurrences(of: "FEATURES", with: feature)
        do {
            _ = try ModelSpec.decode(Data(json.utf8), file: "spec.json")
            return "accepted"
        } catch {
            return error.description
        }
    }

    @Test(arguments: [
        ("", #"{"name":"x","type":"numeric","trasform":"log1p"}"#,
         #"spec.json: features[0].trasform: unknown field; did you mean "transform"?"#),
        (#""penatly":{"l2":1},"#, #"{"name":"x","type":"numeric"}"#,
         #"spec.json: penatly: unknown field; did you mean "penalty"?"#),
        (#""penalty":{"l2":1,"frith":true},"#, #"{"name":"x","type":"numeric"}"#,
         #"spec.json: penalty.frith: unknown field; did you mean "firth"?"#),
        (#""covariance":{"type":"cluster","colum":"company_id"},"#, #"{"name":"x","type":"numeric"}"#,
         #"spec.json: covariance.colum: unknown field; did you mean "column"?"#),
        ("", #"{"name":"x","type":"numeric","text":{"da":"a","dk":"b"}}"#,
         #"spec.json: features[0].text.dk: unknown field; did you mean "da"?"#),
        (#""nuisance":[{"name":"inspector","lambda":2}],"#, #"{"name":"x","type":"numeric"}"#,
         #"spec.json: nuisance[0].lambda: unknown field."#),
        ("", #"{"name":"g","type":"categorical","labels":{"A":{"da":"a","eng":"b"}}}"#,
         #"spec.json: features[0].labels.A.eng: unknown field; did you mean "en"?"#),
    ])
    func unknownFieldIsRefusedWithItsPath(extra: String, feature: String, expected: String) {
        #expect(message(extra: extra, feature: feature) == expected)
    }

    @Test func issueTwelveFieldsAreAcceptedAndDecoded() throws {
        // Labels on a categorical feature; advice on a numeric one (only numeric features can be advised),
        // with its condition on a numeric feature of the spec.
        let feature = #"{"name":"g","type":"categorical","labels":{"A":{"da":"Byggeri","en":"Construction"}},"as_of":"2026-11-01"},"#
            + #"{"name":"employees","type":"numeric","as_of_column":"g_date","advice":{"text":{"da":"Lav en APV","en":"Make a risk assessment"},"direction":"decrease","condition":"employees >= 10"}}"#
        let json = Self.base.replacingOccurrences(of: "EXTRA", with: #""as_of_column":"register_date","#).replacingOccurrences(of: "FEATURES", with: feature)
        let spec = try ModelSpec.decode(Data(json.utf8), file: "spec.json")
        let f = spec.features[0]
        #expect(f.labels?["A"]?.en == "Construction")
        #expect(f.asOf == "2026-11-01" && spec.features[1].asOfColumn == "g_date" && spec.asOfColumn == "register_date")
        let advised = spec.features[1].advice
        #expect(advised?.condition == "employees >= 10" && advised?.direction == "decrease" && advised?.text?.da == "Lav en APV")
    }

    @Test(arguments: [
        (#""penalty":{"l2":1,"firth":true},"#, "spec.json, field 'penalty': choose either \"l2\" or \"firth\", not both."),
        (#""covariance":{"type":"cluster"},"#, "spec.json, field 'covariance.column': a cluster covariance needs the column whose groups are clustered, e.g. \"company_id\"."),
        (#""covariance":{"type":"robust","column":"c"},"#, "spec.json, field 'covariance.column': applies to \"type\": \"cluster\" only."),
        (#""covariance":{"type":"sandwich"},"#, "spec.json, field 'covariance.type': \"sandwich\" is not one of \"model\", \"robust\", \"cluster\"."),
        (#""nuisance":[{"name":"x"}],"#, "spec.json, field 'nuisance[0].name': 'x' is also a feature; a column is either scored or a nuisance term."),
        (#""nuisance":[{"name":"inspector","l2":0}],"#, "spec.json, field 'nuisance[0].l2': must be a finite number > 0, not 0.0."),
        (#""penalty":{"firth":true},"nuisance":[{"name":"inspector"}],"#, "spec.json, field 'nuisance': nuisance terms carry a ridge penalty and cannot be combined with Firth's."),
    ])
    func inconsistentOptionsAreNamed(extra: String, expected: String) {
        #expect(message(extra: extra) == expected)
    }

    @Test func unknownFieldInAModelFileIsRefused() throws {
        let spec = try Fixtures.spec("spector")
        let table = try Fixtures.table("spector", spec: spec)
        let model = try ModelFitter.fit(spec: spec, table: table, trainingFile: "spector.csv", trainingSHA256: "test", created: "")
        var object = try #require(try JSONSerialization.jsonObject(with: try model.encodedForFile()) as? [String: Any])
        var fit = try #require(object["fit"] as? [String: Any])
        fit["iteratons"] = 3
        object["fit"] = fit
        let edited = try JSONSerialization.data(withJSONObject: object)
        #expect(throws: ModelFileError.unreadable(file: "model.json", reason: #"fit.iteratons: unknown field; did you mean "iterations"?"#)) {
            try FittedModel.decode(edited, file: "model.json")
        }
    }

    /// Every key the spec and model types write is in ``SpecFields``: a field added to a type without
    /// adding it to the list (and to Models/SPEC.md) fails here.
    @Test func everyEncodedKeyIsKnown() throws {
        var feature = FeatureSpec(name: "g", type: .categorical)
        let text = LocalizedText(da: "a", en: "b")
        feature.transform = .identity; feature.clip = [0, 1]; feature.missing = .indicator; feature.fill = .mean
        feature.reference = "A"; feature.unseen = .reference; feature.edges = [0, 1, 2]; feature.direction = .any
        feature.source = "s"; feature.text = text; feature.actionable = true; feature.disclose = true; feature.origin = .register
        feature.unitOfMeasure = text; feature.window = "1y"; feature.rationale = text; feature.correction = text
        feature.advice = .init(text: text, direction: "decrease", condition: "employees >= 10")
        feature.labels = ["A": text]; feature.asOf = "2026-01-01"; feature.asOfColumn = "d"
        var spec = ModelSpec(name: "m", version: "1", unit: "id", label: "y", date: "d", groups: ["g"],
                             penalty: .init(l2: 1, firth: false), features: [feature], labelDefinition: text, description: text,
                             covariance: .init(type: .cluster, column: "c", smallSample: true),
                             nuisance: [.init(name: "inspector", l2: 2, text: text, source: "s")])
        spec.asOfColumn = "d"
        let specData = try JSONEncoder().encode(spec)
        #expect(SpecFields.unknownField(in: specData, shape: SpecFields.spec, file: "spec") == nil)
        let keys = Self.keys(try JSONSerialization.jsonObject(with: specData))
        for key in ["penalty.firth", "covariance.small_sample", "nuisance[].l2", "features[].advice.condition", "features[].labels.*.da", "as_of_column"] {
            #expect(keys.contains(key), "the fully populated spec should encode \(key)")
        }

        let fixture = try Fixtures.spec("spector")
        let table = try Fixtures.table("spector", spec: fixture)
        var model = try ModelFitter.fit(spec: fixture, table: table, trainingFile: "spector.csv", trainingSHA256: "test", created: "")
        model.spec = spec
        model.coefficients[0].profileLow = -1; model.coefficients[0].profileHigh = 1
        model.fit.firth = true; model.fit.penalisedLogLikelihood = -1; model.fit.covariance = "cluster"; model.fit.clusters = 3
        model.fit.intervalMethod = "wald+profile"; model.fit.separationTest = "t"
        model.nuisance = [.init(feature: "inspector", l2: 1, weightedMean: 0, spread: 0, range: [0, 0],
                                levels: [.init(level: "A", rows: 1, estimate: 0, stdError: 1)])]
        #expect(SpecFields.unknownField(in: try model.encodedForFile(), shape: SpecFields.model, file: "model.json") == nil)
    }

    /// Key paths of a JSON value (`a.b`, `a[].b`, free-keyed maps as `*`).
    static func keys(_ value: Any, path: String = "") -> Set<String> {
        var out = Set<String>()
        if let object = value as? [String: Any] {
            let isMap = path.hasSuffix("labels")
            for (key, inner) in object {
                let here = path.isEmpty ? key : "\(path).\(isMap ? "*" : key)"
                out.insert(here)
                out.formUnion(keys(inner, path: here))
            }
        } else if let array = value as? [Any] {
            for item in array { out.formUnion(keys(item, path: "\(path)[]")) }
        }
        return out
    }
}
