import Foundation
import Testing
@testable import TilsynCore
import TilsynIO
import TilsynNumerics
@testable import TilsynReports
import _TilsynTestSupport
import TilsynSynthetic

/// `Models/` holds the demo model, its reports and its card as `tilsyn demo --publish Models` (run by
/// scripts/demo.sh) writes them. These tests fail when those files are stale: when the generator, the
/// default spec, the fit or the card's code or templates have changed since they were published.
@Suite struct PublishedModelTests {
    static let folder = Fixtures.repositoryRoot.appendingPathComponent("Models")
    /// `tilsyn demo`'s defaults, which scripts/demo.sh uses.
    static let demoUnits = 300_000
    static let demoSeed: UInt64 = 2026

    static func data(_ name: String) throws -> Data {
        try Data(contentsOf: folder.appendingPathComponent(name))
    }

    static func text(_ name: String) throws -> String {
        try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
    }

    static func model() throws -> FittedModel {
        try FittedModel.decode(try data("grundtilsyn.model.json"), file: "Models/grundtilsyn.model.json")
    }

    static func encode(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    @Test func specIsTheDefaultSpec() throws {
        let model = try Self.model()
        #expect(try Self.data("grundtilsyn.spec.json") == DefaultSpec.json, "Models/grundtilsyn.spec.json is not the compiled-in default spec (see Plugins/EmbedFiles)")
        #expect(model.spec == (try DefaultSpec.load()), "the published model was fitted on another spec; rerun scripts/demo.sh")
    }

    /// The card JSON is what ``ModelCard/build`` makes today from the published model and reports, and the
    /// Markdown and HTML are what the templates in `Explain/` render from it.
    @Test func cardIsCurrent() throws {
        let model = try Self.model()
        let validation = try JSONDecoder().decode(ValidationReport.self, from: try Self.data("grundtilsyn.validation.json"))
        let drift = try JSONDecoder().decode(DriftReport.self, from: try Self.data("grundtilsyn.drift.json"))
        let published = try JSONDecoder().decode(ModelCard.self, from: try Self.data("grundtilsyn.modelcard.json"))
        #expect(drift.model.fingerprint == model.fingerprint)
        #expect(published.model.fingerprint == model.fingerprint)
        let approval = try #require(published.approval, "the demo card records the demo board's approval")
        #expect(approval.decision == "approved" && approval.fingerprint == model.fingerprint)

        // The full fairness report is not published (several MB); its summary is taken from the card.
        var rebuilt = try ModelCard.build(model: model, validation: validation, drift: drift, approval: approval,
                                          toolVersion: published.technical.software.version)
        let fairness = try #require(published.technical.fairness)
        rebuilt.technical.fairness = fairness
        rebuilt.completeness = ModelCard.completeness(model: model, validation: true, fairness: true, drift: true)
        #expect(try Self.encode(rebuilt) == Self.encode(published), "Models/grundtilsyn.modelcard.json is stale; rerun scripts/demo.sh")

        for lang in ["da", "en"] {
            let links = try ReportLink.published(language: lang)
            #expect(try published.markdown(language: lang, links: links) == Self.text("grundtilsyn.modelcard.\(lang).md"),
                     "Models/grundtilsyn.modelcard.\(lang).md is stale; rerun scripts/demo.sh")
            #expect(try published.html(language: lang, links: links) == Self.text("grundtilsyn.modelcard.\(lang).html"),
                     "Models/grundtilsyn.modelcard.\(lang).html is stale; rerun scripts/demo.sh")
        }
    }

    /// The published card, with its approval and drift sections filled, satisfies the committed schema.
    @Test func cardSatisfiesTheSchema() throws {
        let schema = try #require(try JSONSerialization.jsonObject(with: try Self.data("modelcard.schema.json")) as? [String: Any])
        let card = try JSONSerialization.jsonObject(with: try Self.data("grundtilsyn.modelcard.json"))
        let problems = JSONSchemaCheck.violations(of: card, against: schema)
        #expect(problems.isEmpty, "\(problems)")
    }

    /// The generator still makes the data the model was fitted on, and fitting it again gives the
    /// published coefficients (to rounding: another CPU's BLAS kernels may differ in the last bits).
    @Test func modelIsTheFitOfTheDemoData() throws {
        let model = try Self.model()
        let drift = try JSONDecoder().decode(DriftReport.self, from: try Self.data("grundtilsyn.drift.json"))
        let data = SyntheticGenerator.generate(SyntheticOptions(units: Self.demoUnits, seed: Self.demoSeed))
        let history = CSVWriter.bytes(of: data.history)
        #expect(FileDigest.sha256(history) == model.trainingData.sha256, "the generator no longer makes the published model's training data; rerun scripts/demo.sh")
        #expect(FileDigest.sha256(CSVWriter.bytes(of: data.register)) == drift.register.sha256)

        let spec = try DefaultSpec.load()
        let table = try CSVReader.read(bytes: history, source: "history.csv", columns: ModelFitter.columnRequests(for: spec), threads: 2)
        let refit = try ModelFitter.fit(spec: spec, table: table, trainingFile: "history.csv", trainingSHA256: model.trainingData.sha256,
                                        created: model.created, threads: 2)
        #expect(refit.coefficients.map(\.name) == model.coefficients.map(\.name))
        for (a, b) in zip(refit.coefficients, model.coefficients) {
            #expect(abs(a.estimate - b.estimate) <= 1e-8 * max(1, abs(b.estimate)), "\(a.name): refit \(a.estimate), published \(b.estimate)")
            if let sa = a.stdError, let sb = b.stdError { #expect(abs(sa - sb) <= 1e-8 * sb, "\(a.name) standard error") }
        }
        #expect(refit.fit.iterations == model.fit.iterations && refit.encoding == model.encoding)
    }
}

/// The model card's rendering helpers that turn its JSON vocabulary into the reader's language.
@Suite struct ModelCardWordingTests {
    @Test func missingFieldsAreGroupedByField() {
        let lines = ModelCard.groupedMissing([
            "fairness report", "feature 'a': window", "feature 'a': disclose", "feature 'b': disclose",
        ])
        #expect(lines == ["fairness report", "window (1): a", "disclose (2): a, b"])
    }

    @Test func windowsAndRulesAreTranslated() throws {
        let da = try CardTexts(language: "da", file: "modelcard")
        #expect(ModelCard.window("5 years", da) == "5 år")
        #expect(ModelCard.window("latest quarter", da) == "seneste kvartal")
        #expect(ModelCard.window("since 2019", da) == "since 2019", "unknown wording is shown as written")
        #expect(ModelCard.rule("top fraction 0.2 by score", da) == "de øverste 20 % efter score")
        #expect(ModelCard.rule("top fraction 0.125 by score", da) == "de øverste 12,5 % efter score", "a Danish decimal comma")
        #expect(ModelCard.window("latest annual accounts", da) == "seneste årsregnskab")
        #expect(ModelCard.rule("top 500 by score", da) == "de 500 højeste scorer")
    }
}
