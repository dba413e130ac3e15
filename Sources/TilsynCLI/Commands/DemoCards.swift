import Foundation
import TilsynCore
import TilsynIO
import TilsynReports

/// The demo's explanation cards: the top-scored units, each as HTML, Markdown and JSON in Danish and
/// English, under `<out>/cards/`, so a first run shows what a company would receive.
enum DemoCards {
    /// Units that get cards.
    static let count = 5

    /// Writes the cards and returns their folder.
    /// - Parameters:
    ///   - cutoffRank: the list capacity the counterfactual is computed against.
    static func write(model: FittedModel, register: DataTable, scores: Scores, out: String, asOf: String, cutoffRank: Int = 1000) throws -> String {
        let folder = (out as NSString).appendingPathComponent("cards")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let explainer = Explainer(model: model)
        let prepared = try model.encoder.prepare(register)
        let renderer = try CardRenderer()
        // With the default 1000-unit list, a small demo register would put everyone on it; cap at a tenth.
        let capacity = min(cutoffRank, max(1, scores.order.count / 10))
        for row in scores.order.prefix(count) {
            let card = try explainer.card(prepared, row: row, scores: scores, asOf: asOf, cutoff: .rank(capacity))
            let stem = "card-\(scores.rank[row])-\(safeFileName(scores.units[row]))"
            for language in CardTexts.languages {
                for format in CardFormat.allCases where format != .json {
                    let text = try renderer.render(card, model: model, format: format, language: language, modelCard: "../model.json")
                    try AtomicFile.write(string: text, to: (folder as NSString).appendingPathComponent("\(stem).\(language).\(format.rawValue)"))
                }
            }
            // JSON holds both languages' texts, so one file per unit.
            let json = try renderer.render(card, model: model, format: .json, language: "en", modelCard: "../model.json")
            try AtomicFile.write(string: json, to: (folder as NSString).appendingPathComponent("\(stem).json"))
        }
        return folder
    }

    private static func safeFileName(_ unit: String) -> String {
        String(unit.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" })
    }
}
