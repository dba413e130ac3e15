import Foundation
import Testing
import _TilsynTestSupport

@Suite struct DefaultSpecTests {
    @Test func embeddedCopyMatchesTheModelsFile() throws {
        let file = try Data(contentsOf: Fixtures.repositoryRoot.appendingPathComponent("Models/grundtilsyn.spec.json"))
        #expect(file == DefaultSpec.json, "run scripts/embed-default-spec.sh after editing Models/grundtilsyn.spec.json")
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
