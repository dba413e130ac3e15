import Foundation
import TilsynExplain

/// The card templates and plain-language texts from the top-level `Explain/` folder, compiled into the
/// binary so `tilsyn explain` works from any directory.
///
/// `Explain/` is the only copy: it is the folder of the TilsynExplain target, whose only code the EmbedFiles
/// build-tool plugin (`Plugins/EmbedFiles`) generates from every `*.mustache` and `*.json` file there
/// (``ExplainFiles``, under `.build`), so an edit to a template takes effect at the next build and nothing
/// generated is committed.
public enum ExplainResources {
    /// The exact text of `Explain/<name>`, or `nil` when no such file was embedded.
    public static func text(_ name: String) -> String? {
        ExplainFiles.embedded[name]
    }

    /// Names of every embedded file.
    public static var names: [String] { ExplainFiles.embedded.keys.sorted() }
}

/// A card template or text file that cannot be used (a broken edit to `Explain/`).
public struct CardResourceError: Error, Sendable, CustomStringConvertible {
    public var file: String
    public var reason: String
    /// Whether `file` is a file of `Explain/` (else a path the user gave).
    public var inExplain: Bool = true

    public init(file: String, reason: String, inExplain: Bool = true) {
        self.file = file
        self.reason = reason
        self.inExplain = inExplain
    }

    public var description: String { "\(inExplain ? "Explain/" : "")\(file): \(reason)." }
}
