import Foundation
import TilsynCore

/// The default model spec, `Models/grundtilsyn.spec.json`, carried inside the binary so that
/// `tilsyn demo` needs no files. The EmbedFiles build-tool plugin compiles the file in at build time
/// (`DefaultSpec+Embedded.swift` under `.build`), so the file in `Models/` is the only copy.
public enum DefaultSpec {
    /// The spec file's bytes, exactly as in the repository.
    public static var json: Data { Data((embedded["grundtilsyn.spec.json"] ?? "").utf8) }

    /// The decoded, validated spec.
    public static func load() throws(SpecError) -> ModelSpec {
        try ModelSpec.decode(json, file: "Models/grundtilsyn.spec.json")
    }
}
