import Foundation
import Testing
import TilsynCore
import TilsynIO
import TilsynReports
import _TilsynTestSupport

/// `tilsyn explain --all`'s CSV against the same rows built the slow way, card by card: the writer's
/// gathering passes, its table of preformatted cells and its memo of number cells change no byte.
@Suite struct ExplainAllWriterTests {
    /// The CSV a unit at a time from ``Explainer/explain(_:row:unit:rank:population:asOf:)``, each cell
    /// through plain ``CSVWriter`` calls.
    static func cardByCard(_ fixture: ExplainFixtures.Case, top k: Int, asOf: String) throws -> [UInt8] {
        let explainer = Explainer(model: fixture.model)
        let prepared = try fixture.model.encoder.prepare(fixture.register)
        let scores = try Scorer.score(model: fixture.model, table: fixture.register, threads: 1)
        let featureOfLine = explainer.lineFeatureIndex
        var header = [fixture.model.spec.unit, "probability", "log_odds", "rank", "percentile", "baseline_log_odds", "as_of"]
        for i in 1...k { header += ["feature_\(i)", "value_\(i)", "contribution_\(i)"] }
        var out = CSVWriter(header: header)
        let n = scores.order.count
        for (position, row) in scores.order.enumerated() {
            let card = try explainer.explain(prepared, row: row, unit: scores.units[row])
            out.append(scores.units[row])
            out.append(scores.probability[row])
            out.append(card.logOdds)
            out.append(position + 1)
            out.append(Explainer.percentile(rank: position + 1, population: n))
            out.append(card.baselineLogOdds)
            out.append(asOf)
            for line in card.contributions.prefix(k) {
                out.append(line.feature)
                let feature = explainer.lineFeatures.firstIndex(of: line.feature).flatMap { featureOfLine[$0] }
                switch feature.map({ explainer.rawValue(prepared, feature: $0, row: row) }) ?? .missing {
                case .number(let v): out.append(v)
                case .label(let s): out.append(s)
                case .missing: out.appendMissing()
                }
                out.append(line.contribution)
            }
            out.endRow()
        }
        return out.bytes
    }

    @Test(arguments: ["demo", "fair"])
    func csvIsTheCardsCellByCell(name: String) throws {
        let fixture = try (name == "demo" ? ExplainFixtures.demo : ExplainFixtures.fair).get()
        let explainer = Explainer(model: fixture.model)
        let prepared = try fixture.model.encoder.prepare(fixture.register)
        let scores = try Scorer.score(model: fixture.model, table: fixture.register, threads: 2)
        let expected = try Self.cardByCard(fixture, top: 3, asOf: "2026-11-16")
        for threads in [1, 2] {
            let bytes = try ExplainAllWriter.bytes(
                explainer: explainer, prepared: prepared, scores: scores, unitColumn: fixture.model.spec.unit,
                format: .csv, top: 3, asOf: "2026-11-16", threads: threads)
            #expect(bytes.count == expected.count)
            if bytes != expected {
                let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n")
                let reference = String(decoding: expected, as: UTF8.self).split(separator: "\n")
                let first = zip(lines, reference).enumerated().first { $0.element.0 != $0.element.1 }
                Issue.record("threads \(threads), first different line \(first.map { "\($0.offset): \($0.element.0) ≠ \($0.element.1)" } ?? "none")")
            }
        }
    }
}
