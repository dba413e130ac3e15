import ArgumentParser
import Foundation
import TilsynApplication
import TilsynCore
import TilsynIO
import TilsynReports
import TilsynStore

/// The demo's ethics-board step: the board's approval in the demo's store, the drift report and the
/// model card, and (with `--publish`) the copies kept in the repository's `Models/`.
enum DemoBoard {
    /// The demo's board member, who "approves" the demo model. The demo has no board, so the name of the
    /// token's holder says plainly, in both languages of the card, that it is synthetic.
    static let approver = "Demo-medlem af etikrådet (syntetisk, ikke en rigtig person) / demo board member (synthetic, not a real person)"
    static let approvalNote = "Registreret af tilsyn demo, så demoen kan vise en godkendt liste; en rigtig model kræver etikrådets afgørelse med tilsyn approve. / Recorded by tilsyn demo so the demo can show an approved list; a real model needs the board's decision, recorded with tilsyn approve."

    /// The store file the demo writes under `--out`.
    static let storeName = "tilsyn.sqlite"

    /// Records the demo board member's approval of `model` in `<out>/tilsyn.sqlite`, once per fingerprint.
    ///
    /// The approval goes through ``RecordDecision`` like any other: the demo issues its synthetic member a
    /// board token, records the decision with it (so the record names the token's holder) and revokes the
    /// token at once, since its secret is never shown. Running the demo again with the same seed finds the
    /// approval already there and adds nothing, so the store's history is not padded with repeats.
    static func approve(_ model: FittedModel, out: String, at: Date) async throws -> TilsynDatabase {
        let store = try TilsynDatabase(path: (out as NSString).appendingPathComponent(storeName))
        let job = RecordDecision(store: store)
        if try await job.isAlready(.approved, model) { return store }
        let token = try await store.issueToken(role: .board, name: approver, expires: nil, actor: CLIActor.current, at: at)
        try await job.run(model: model, decision: .approved, token: token.secret, note: approvalNote, at: at)
        try await store.revokeToken(id: token.id, actor: CLIActor.current, at: at)
        return store
    }

    /// Writes `drift.json`, `drift.md` and `drift.da.md` (training history against the register) and the model card
    /// (`modelcard.json`, `modelcard.{da,en}.{md,html}`) into `out`; returns lines for the summary.
    static func write(model: FittedModel, store: TilsynDatabase, out: String, threads: Int, progress: Progress) async throws -> [String] {
        func path(_ name: String) -> String { (out as NSString).appendingPathComponent(name) }
        progress.step("drift: training history against the register")
        let drift = try DriftCommand.report(model: model, baseline: path("history.csv"), data: path("register.csv"), threads: threads, progress: progress)
        try AtomicFile.write(JSONText.encode(drift), to: path("drift.json"))
        try AtomicFile.write(Array(try drift.markdown().utf8), to: path("drift.md"))
        try AtomicFile.write(Array(try drift.markdown(language: "da").utf8), to: path("drift.da.md"))

        progress.step("model card")
        let card = try await BuildModelCard(store: store).run(model: model, reports: .init(
            validation: try InputFile.read(path("validation.json")).decode(ValidationReport.self),
            fairness: try InputFile.read(path("fairness.json")).decode(FairnessReport.self), drift: drift))
        for (name, bytes) in try renderings(card, links: folderLinks) { try AtomicFile.write(bytes, to: path(name)) }

        let shifted = drift.features.filter { $0.level != .stable }.sorted { $0.psi > $1.psi }
        return [
            "",
            "Board: the demo model is approved in \(path(storeName)) by the holder of a synthetic board token, \"\(approver)\"; lists made with it are accepted.",
            "Drift (training history vs register): \(drift.features.count - shifted.count) of \(drift.features.count) features stable"
                + (shifted.isEmpty ? "" : "; shifted: " + shifted.map { "\($0.feature) \(fixed($0.psi, 3)) (\($0.level.rawValue))" }.joined(separator: ", "))
                + "; drift.{json,md}. The history holds the units inspected over five years, chosen partly by risk, so some shift from today's register is expected.",
            "Model card (completeness \(fixed(100 * card.completeness.score, 0)) %): modelcard.json, modelcard.{da,en}.{md,html}",
        ]
    }

    /// The card's files: its JSON and the Markdown and HTML in Danish and English, linking the reports
    /// `links(language)` names.
    static func renderings(_ card: ModelCard, links: (String) throws -> [ReportLink]) throws -> [(String, [UInt8])] {
        var files: [(String, [UInt8])] = [("modelcard.json", Array(try JSONText.encode(card)))]
        for lang in ["da", "en"] {
            files.append(("modelcard.\(lang).md", Array(try card.markdown(language: lang, links: links(lang)).utf8)))
            files.append(("modelcard.\(lang).html", Array(try card.html(language: lang, links: links(lang)).utf8)))
        }
        return files
    }

    /// The reports beside the card in the demo folder.
    static func folderLinks(_ lang: String) throws -> [ReportLink] {
        try ReportLink.reports(language: lang, validation: lang == "da" ? "validation.da.html" : "validation.html",
                               fairness: lang == "da" ? "fairness.da.html" : "fairness.html", board: "board-summary.\(lang).html", drift: lang == "da" ? "drift.da.md" : "drift.md")
    }

    /// The reports beside the card in `Models/` (the full fairness report stays in the demo folder).
    static func publishedLinks(_ lang: String) throws -> [ReportLink] { try ReportLink.published(language: lang) }

    /// The files `--publish` copies into the repository's `Models/`, with their names there.
    ///
    /// The full fairness report (several MB of per-group intervals) stays in the demo folder; the card
    /// carries its verdicts.
    static let published: [(from: String, to: String)] = [
        ("spec.json", "grundtilsyn.spec.json"), ("model.json", "grundtilsyn.model.json"),
        ("validation.json", "grundtilsyn.validation.json"), ("drift.json", "grundtilsyn.drift.json"),
        ("modelcard.json", "grundtilsyn.modelcard.json"),
        ("validation.da.html", "grundtilsyn.validation.da.html"), ("validation.html", "grundtilsyn.validation.en.html"),
        ("board-summary.da.html", "grundtilsyn.board-summary.da.html"), ("board-summary.en.html", "grundtilsyn.board-summary.en.html"),
    ]

    /// Copies the demo model's spec, model, reports and card into `folder` (the repository's `Models/`).
    static func publish(out: String, to folder: String) throws -> String {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for file in published {
            let bytes = Array(try Inputs.contents((out as NSString).appendingPathComponent(file.from)))
            try AtomicFile.write(bytes, to: (folder as NSString).appendingPathComponent(file.to))
        }
        // The card's Markdown and HTML again, linking the reports by their names in `folder`.
        let card = try Inputs.json(ModelCard.self, (out as NSString).appendingPathComponent("modelcard.json"))
        var names = published.map(\.to)
        for (name, bytes) in try renderings(card, links: publishedLinks) where name != "modelcard.json" {
            try AtomicFile.write(bytes, to: (folder as NSString).appendingPathComponent("grundtilsyn." + name))
            names.append("grundtilsyn." + name)
        }
        return "Published the demo model, its reports and card to \(folder)/: " + names.joined(separator: ", ")
    }
}
