import Foundation

/// The card templates and plain-language texts from the top-level `Explain/` folder, embedded in the
/// binary by `scripts/embed-explain.sh` so `tilsyn explain` works from any directory.
///
/// `Explain/` stays the source of truth: edit the files there and rerun the script; a test fails while
/// the embedded copies differ from the files.
public enum ExplainResources {
    /// The exact text of `Explain/<name>`, or `nil` when no such file was embedded.
    public static func text(_ name: String) -> String? {
        // A raw multi-line string literal drops the file's final newline; give it back.
        embedded[name].map { $0 + "\n" }
    }

    /// Names of every embedded file.
    public static var names: [String] { embedded.keys.sorted() }
}

/// A card template or text file that cannot be used (a build without the embedded files, or a broken
/// edit to `Explain/`).
public struct CardResourceError: Error, Sendable, CustomStringConvertible {
    public var file: String
    public var reason: String
    public var description: String { "Explain/\(file): \(reason)." }
}
