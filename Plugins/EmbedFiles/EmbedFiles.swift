import Foundation
import PackagePlugin

/// Compiles text files into the target that uses them, at build time: the card and report templates and
/// texts of `Explain/` into TilsynExplain (a target whose folder is `Explain/`), the OpenAPI document into
/// TilsynService, the default spec (`Models/grundtilsyn.spec.json`) into TilsynSynthetic.
///
/// Each target gets one generated file, `<Type>+Embedded.swift` in the plugin's work directory under
/// `.build`, made by the `tilsyn-embed` tool: an extension of the target's enum `Type` with every file's exact
/// text, keyed by file name.
/// The files stay the only copy in the repository, nothing generated is committed, and the `tilsyn` binary
/// needs no file at run time. Nothing is fetched: the tool reads only the files listed here.
///
/// A folder that is listed (rather than named file by file) must be a target's own folder: SwiftPM plans the
/// build again, and so runs this plugin again, only when a target's folder gains or loses a file. (Measured
/// with Swift 6.3: with `Explain/` outside every target, a template added there was not embedded, and one
/// removed stopped the next build with "missing inputs", until something else made SwiftPM plan again.)
@main
struct EmbedFiles: BuildToolPlugin {
    /// What one target embeds: the enum that holds the texts, and where its files are.
    struct Embedding {
        var typeName: String
        /// Whether other modules read the texts (`public static let embedded`).
        var isPublic = false
        /// A folder relative to the package root, or `nil` for the target's own folder.
        var folder: String?
        /// The file names, or `nil` for every file in `folder` ending in one of `extensions`.
        var names: [String]?
        var extensions: [String] = []
    }

    static let embeddings: [String: Embedding] = [
        "TilsynExplain": Embedding(typeName: "ExplainFiles", isPublic: true, extensions: ["mustache", "json", "md"]),
        "TilsynService": Embedding(typeName: "OpenAPIDocument", names: ["openapi.json"]),
        "TilsynSynthetic": Embedding(typeName: "DefaultSpec", folder: "Models", names: ["grundtilsyn.spec.json"]),
        "TilsynEmbedTests": Embedding(typeName: "EmbeddedFixtures", folder: "Tests/TilsynEmbedTests/Fixtures", extensions: ["txt"]),
    ]

    struct PluginError: Error, CustomStringConvertible {
        var description: String
    }

    func createBuildCommands(context: PluginContext, target: any Target) async throws -> [Command] {
        guard let embedding = Self.embeddings[target.name] else {
            throw PluginError(description: "EmbedFiles: no embedding declared for target \(target.name) (see Plugins/EmbedFiles)")
        }
        let folder = embedding.folder.map { context.package.directoryURL.appending(path: $0) } ?? target.directoryURL
        let names: [String]
        if let listed = embedding.names {
            names = listed
        } else {
            names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
                .filter { name in embedding.extensions.contains { name.hasSuffix("." + $0) } }
        }
        let inputs = names.sorted().map { folder.appending(path: $0) }
        for input in inputs where !FileManager.default.fileExists(atPath: input.path) {
            throw PluginError(description: "EmbedFiles: \(input.path) does not exist (declared for \(target.name))")
        }
        let output = context.pluginWorkDirectoryURL.appending(path: "\(embedding.typeName)+Embedded.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(inputs.count) file(s) in \(target.name).\(embedding.typeName)",
                executable: try context.tool(named: "tilsyn-embed").url,
                arguments: ["--type", embedding.typeName, "--output", output.path] + (embedding.isPublic ? ["--public"] : [])
                    + inputs.map(\.path),
                inputFiles: inputs,
                outputFiles: [output]
            ),
        ]
    }
}
