import Foundation

/// The default model spec, `Models/grundtilsyn.spec.json`, carried inside the binary so that
/// `tilsyn demo` needs no files. `scripts/embed-default-spec.sh` regenerates the embedded copy and a
/// test checks it is byte-identical to the file.
public enum DefaultSpec {
    /// The spec file's bytes (with a trailing newline, as in the repository).
    public static var json: Data { Data((text + "\n").utf8) }

    /// The decoded, validated spec.
    public static func load() throws(SpecError) -> ModelSpec {
        try ModelSpec.decode(json, file: "Models/grundtilsyn.spec.json")
    }
}
