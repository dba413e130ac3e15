import Foundation
import TilsynCore

/// The fingerprints a model file holds, for tests that assert the whole sentence naming them: numbers
/// that may differ in their last digits on another CPU change the fingerprint, so tests read it.
public enum ModelFingerprint {
    /// The fingerprint the file states and the one its content has (they differ once the file is edited).
    public static func of(_ path: String) throws -> (stored: String, computed: String) {
        let model = try JSONDecoder().decode(FittedModel.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        return (model.fingerprint, try model.computeFingerprint())
    }
}
