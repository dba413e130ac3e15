import ArgumentParser
import TilsynCore

/// "Unknown command 'lsit'. Did you mean 'list'?" — the argument parser only says "Unexpected argument"
/// for a mistyped subcommand, so the entry point checks the command words first (``Tilsyn/run()``).
enum CommandSuggestion {
    /// The refusal for the first word of `arguments` that should name a subcommand and names none, or
    /// `nil` when every such word is a command (or the words are options, which the parser judges).
    static func refusal(for arguments: [String], root: any ParsableCommand.Type = Tilsyn.self) -> CLIError? {
        var command = root
        var path: [String] = []
        for word in arguments {
            let subcommands = command.configuration.subcommands
            guard !subcommands.isEmpty, !word.hasPrefix("-") else { return nil }
            let names = subcommands.map { name(of: $0) } + (path.isEmpty ? ["help"] : [])
            guard let next = subcommands.first(where: { name(of: $0) == word }) else {
                if word == "help" && path.isEmpty { return nil }
                let under = path.isEmpty ? "tilsyn" : "tilsyn " + path.joined(separator: " ")
                let shown = Abbreviated.text(word)
                if let nearest = nearest(to: word, among: names) {
                    return CLIError("Unknown command '\(shown)'. Did you mean '\(nearest)'?")
                }
                return CLIError("Unknown command '\(shown)'; `\(under)` has: \(names.joined(separator: ", ")).")
            }
            command = next
            path.append(word)
        }
        return nil
    }

    static func name(of command: any ParsableCommand.Type) -> String {
        command.configuration.commandName ?? command._commandName
    }

    /// The name closest to `word` by edit distance (a swap of two neighbouring letters counts once), if
    /// it is close enough to be a typo: at most 2 edits, and fewer than half the word's letters.
    static func nearest(to word: String, among names: [String]) -> String? {
        let scored = names.map { (name: $0, distance: editDistance(word.lowercased(), $0)) }
        guard let best = scored.min(by: { $0.distance < $1.distance }) else { return nil }
        let tolerance = min(2, max(1, word.count / 2))
        return best.distance <= tolerance ? best.name : nil
    }

    /// Optimal-string-alignment distance: insertions, deletions, substitutions and adjacent swaps.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1) }
            }
        }
        return d[a.count][b.count]
    }
}
