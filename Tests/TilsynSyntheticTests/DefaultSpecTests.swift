import Foundation
import Testing
import _TilsynTestSupport
import TilsynSynthetic

@Suite struct DefaultSpecTests {
    /// The EmbedFiles plugin compiles in exactly `Models/grundtilsyn.spec.json`, byte for byte.
    @Test func compiledInSpecIsTheModelsFile() throws {
        let file = try Data(contentsOf: Fixtures.repositoryRoot.appendingPathComponent("Models/grundtilsyn.spec.json"))
        #expect(file == DefaultSpec.json, "the compiled-in default spec differs from Models/grundtilsyn.spec.json (see Plugins/EmbedFiles)")
    }

    @Test func everyFeatureTellsItsSourceAndTextInBothLanguages() throws {
        let spec = try DefaultSpec.load()
        for feature in spec.features {
            #expect(feature.source?.isEmpty == false, "\(feature.name) has no source")
            #expect(feature.text?.da?.isEmpty == false && feature.text?.en?.isEmpty == false, "\(feature.name) lacks texts")
        }
        #expect(spec.features.contains { $0.disclose == false })
    }
}
