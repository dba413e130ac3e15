import Foundation
import TilsynApplication
import TilsynCore
import TilsynIO
import TilsynReports

/// The demo's explanation cards: the top-scored units, each as HTML, Markdown and JSON in Danish and
/// English, under `<out>/cards/`, so a first run shows what a company would receive. Made by the
/// application's ``DiscloseCard``, the card path the service and `tilsyn explain` use.
enum DemoCards {
    /// Units that get cards.
    static let count = 5

    /// Writes the cards and returns their folder.
    /// - Parameters:
    ///   - cutoffRank: the list capacity the counterfactual is computed against.
    static func write(register: ScoredRegister, out: String, asOf: String, cutoffRank: Int = 1000) throws -> String {
        let folder = (out as NSString).appendingPathComponent("cards")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let scores = register.scores
        // With the default 1000-unit list, a small demo register would put everyone on it; cap at a tenth.
        let capacity = min(cutoffRank, max(1, scores.order.count / 10))
        let cards = DiscloseCard(register: register, renderer: try CardRenderer(), asOf: asOf, cutoff: .rank(capacity),
                                 modelCardLink: "../model.json")
        for row in scores.order.prefix(count) {
            let stem = "card-\(scores.rank[row])-\(safeFileName(scores.units[row]))"
            for language in CardTexts.languages {
                for format in CardFormat.allCases where format != .json {
                    let text = try cards.render(row: row, format: format, language: language)
                    try AtomicFile.write(string: text, to: (folder as NSString).appendingPathComponent("\(stem).\(language).\(format.rawValue)"))
                }
            }
            // JSON holds both languages' texts, so one file per unit.
            let json = try cards.render(row: row, format: .json, language: "en")
            try AtomicFile.write(string: json, to: (folder as NSString).appendingPathComponent("\(stem).json"))
        }
        return folder
    }

    private static func safeFileName(_ unit: String) -> String {
        String(unit.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" })
    }
}
