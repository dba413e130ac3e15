import Testing
@testable import TilsynCore

/// The parts of the model card that need no fitted model: review dates and error sentences.
@Suite struct ModelCardTests {
    @Test(arguments: [
        ("2026-11-22T06:41:12Z", "2027-11-22"),
        ("2028-02-29T00:00:00Z", "2029-02-28"),
        ("2026-01-05", "2027-01-05"),
        ("yesterday", "unknown"),
    ])
    func nextReviewIsOneYearLater(created: String, expected: String) {
        #expect(ModelCard.nextReview(after: created) == expected)
    }

    @Test func errorsAreOneSentenceNamingTheField() {
        #expect(ModelCardError.missingSource(feature: "x").description.hasPrefix("model card: feature 'x' has no source; the card must say where every input comes from"))
        #expect(ModelCardError.fairnessForOtherModel(report: String(repeating: "a", count: 64), model: String(repeating: "b", count: 64)).description.contains("aaaaaaaaaaaa…"))
        #expect(ModelCardError.driftForOtherModel(report: String(repeating: "a", count: 64), model: String(repeating: "b", count: 64)).description
            == "model card: the drift report is for model aaaaaaaaaaaa…, not bbbbbbbbbbbb…; run tilsyn drift with this model.")
    }

    @Test func definitionsDescribeTheEncoding() {
        var f = FeatureSpec(name: "days", type: .numeric)
        f.transform = .log1p
        f.clip = [30, 3650]
        let encoding = FeatureEncoding(feature: "days", columns: ["days", "days:missing"], fill: 0, reference: nil, levels: nil, hasMissingIndicator: true)
        #expect(ModelCard.definition(f, encoding).en == "log1p(value); clipped to [30, 3650]; missing → indicator column")
        #expect(ModelCard.definition(f, encoding).da == "log1p(værdi); afskåret til [30, 3650]; manglende værdi → indikatorkolonne")
    }
}
