import Foundation
import TilsynApplication
import TilsynCore
import TilsynIO
import TilsynReports
import TilsynStore

/// The demo's explanation cards: the top-scored units and one unit drawn by the random audit, each as
/// HTML, Markdown and JSON in Danish and English, under `<out>/cards/`, so a first run shows what a
/// company would receive. Made by the application's ``DiscloseCard`` about the list the demo recorded —
/// the card path the service and `tilsyn explain` use.
enum DemoCards {
    /// Top units that get cards.
    static let count = 5

    /// Writes the cards and the method note beside them, and returns their folder.
    static func write(register: ScoredRegister, out: String, store: TilsynDatabase) async throws -> String {
        let folder = (out as NSString).appendingPathComponent("cards")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let scores = register.scores
        // Files written beside the cards: the method note here, the model cards one folder up.
        let links = CardLinks(modelCard: "../modelcard.{lang}.html", method: ExplainCommand.methodFile, contact: try CardContact.builtIn())
        let cards = DiscloseCard(register: register, renderer: try CardRenderer(), lists: .store(store, id: nil), asOf: nil, links: links)
        var rows = Array(scores.order.prefix(count))
        if let list = try await cards.list(for: ""), let random = list.rows.first(where: { $0.channel == "random" }), let row = register.row(of: random.unit) ?? scores.units.firstIndex(of: random.unit) {
            rows.append(row)
        }
        for row in rows {
            let stem = "card-\(scores.rank[row])-\(safeFileName(scores.units[row]))"
            for language in CardTexts.languages {
                for format in CardFormat.allCases where format != .json {
                    let text = try await cards.render(row: row, format: format, language: language)
                    try AtomicFile.write(string: text, to: (folder as NSString).appendingPathComponent("\(stem).\(language).\(format.rawValue)"))
                }
            }
            // JSON holds both languages' texts, so one file per unit.
            let json = try await cards.render(row: row, format: .json, language: "en")
            try AtomicFile.write(string: json, to: (folder as NSString).appendingPathComponent("\(stem).json"))
        }
        if let note = ExplainResources.text("METHOD.md") {
            try AtomicFile.write(string: note, to: (folder as NSString).appendingPathComponent(ExplainCommand.methodFile))
        }
        return folder
    }

    private static func safeFileName(_ unit: String) -> String {
        String(unit.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" })
    }
}
