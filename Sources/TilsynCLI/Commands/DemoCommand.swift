import ArgumentParser
import Foundation
import TilsynCore
import TilsynIO
import TilsynNumerics

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the whole job on built-in synthetic data (no real data needed).",
        discussion: """
            Generates a deterministic synthetic register (about 300,000 production units by default) and a \
            five-year inspection history (about 70,000 inspections) drawn from a known true model, writes \
            them with the true model beside them, fits the default spec (Models/grundtilsyn.spec.json), \
            scores every unit, and prints a short summary. Everything is written under --out.

            The same --seed always gives the same files, model fingerprint and ranking.
            """)

    @Option(help: "Folder for the demo's files.") var out = "tilsyn-demo"
    @Option(help: "Production units in the register.") var units = 300_000
    @Option(help: "Inspections in the history (default: 70,000 per 300,000 units).") var inspections: Int?
    @Option(help: "Seed for the generator and the tie-break.") var seed: UInt64 = 2026
    @Option(help: "Worker threads (default: all cores).") var threads: Int?
    @Flag(help: "No progress lines on standard error.") var quiet = false
    @Flag(help: "Then serve the demo's cards, lists and model card over HTTP (tilsyn serve) until Ctrl-C.") var serve = false
    @Option(help: "Port for --serve.") var port = 8080
    @Option(help: "Address for --serve.") var host = "127.0.0.1"

    func validate() throws {
        guard units >= 100 else { throw ValidationError("--units must be at least 100, not \(units).") }
        if let inspections, inspections < 100 { throw ValidationError("--inspections must be at least 100, not \(inspections).") }
    }

    func run() async throws {
        let progress = Progress(quiet: quiet)
        let threads = self.threads ?? defaultThreadCount
        LAPACK.useSingleThreadedBLAS()
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        func path(_ name: String) -> String { (out as NSString).appendingPathComponent(name) }

        let options = SyntheticOptions(units: units, inspections: inspections, seed: seed)
        progress.step("generating \(options.units) units and \(options.inspections) inspections (seed \(seed))")
        let data = SyntheticGenerator.generate(options)
        let spec = try DefaultSpec.load()
        try AtomicFile.write(DefaultSpec.json, to: path("spec.json"))
        try AtomicFile.write(CSVWriter.bytes(of: data.register), to: path("register.csv"))
        try AtomicFile.write(CSVWriter.bytes(of: data.history), to: path("history.csv"))
        try AtomicFile.write(JSONOutput.encode(data.truth), to: path("truth.json"))
        progress.step("wrote register.csv, history.csv, truth.json and spec.json to \(out)/")

        progress.step("fitting \(spec.name) \(spec.version) on history.csv")
        let history = try CSVReader.read(path: path("history.csv"), columns: ModelFitter.columnRequests(for: spec), threads: threads)
        let model = try ModelFitter.fit(
            spec: spec, table: history, trainingFile: "history.csv",
            trainingSHA256: try FileDigest.sha256(path: path("history.csv")), created: nowISO8601(), threads: threads)
        try AtomicFile.write(model.encodedForFile(), to: path("model.json"))

        progress.step("scoring \(data.register.rowCount) units")
        let register = try CSVReader.read(path: path("register.csv"), columns: Scorer.columnRequests(for: model) + [
            ColumnRequest("industry", .categorical, required: false), ColumnRequest("size_band", .categorical, required: false),
            ColumnRequest("region", .categorical, required: false),
        ], threads: threads)
        let scores = try Scorer.score(model: model, table: register, seed: seed, threads: threads)
        try AtomicFile.write(ScoreFile.csv(scores, unitColumn: model.spec.unit), to: path("scores.csv"))
        let cards = try DemoCards.write(model: model, register: register, scores: scores, out: out, asOf: todayISO())
        progress.step("wrote explanation cards for the top \(DemoCards.count) units to \(cards)/")
        let listLines = try DemoList.write(out: out, asOf: options.asOf, seed: seed, threads: threads, progress: progress)
        let fairnessLines = try DemoFairness.write(out: out, seed: seed, threads: threads, progress: progress)
        progress.step("done")

        print(DemoSummary.render(model: model, truth: data.truth, scores: scores, register: register, out: out))
        print((listLines + fairnessLines).joined(separator: "\n"))
        if serve {
            try await DemoServe.run(out: out, host: host, port: port, seed: seed, threads: threads, asOf: isoDate(options.asOf))
        }
    }
}

/// The demo's closing summary: what was fitted, how well the truth was recovered, who ranks highest.
enum DemoSummary {
    static func render(model: FittedModel, truth: SyntheticTruth, scores: Scores, register: DataTable, out: String) -> String {
        var lines: [String] = []
        lines.append("")
        lines.append("Tilsyn demo — model \(model.name) \(model.version), fingerprint \(model.fingerprint.prefix(16))")
        lines.append("  trained on \(model.fit.n) inspections (\(model.trainingData.dateMin ?? "?") to \(model.trainingData.dateMax ?? "?")), \(model.fit.events) with a violation found (\(fixed(100 * Double(model.fit.events) / Double(model.fit.n), 1)) %)")
        lines.append("  \(model.coefficients.count) coefficients, \(model.fit.iterations) IRLS iterations, deviance \(fixed(model.fit.deviance, 1)) (null \(fixed(model.fit.nullDeviance, 1))), AIC \(fixed(model.fit.aic, 1))")
        lines.append("  linear algebra: \(model.fit.linearAlgebra)")

        // Recovery of the true model: how many true coefficients lie inside the 95% intervals.
        var inside = 0, compared = 0
        for c in model.coefficients {
            let trueValue = c.name == DesignLayout.interceptName ? truth.intercept : truth.coefficients[c.name]
            guard let t = trueValue, let lo = c.ciLow, let hi = c.ciHigh else { continue }
            compared += 1
            if lo <= t && t <= hi { inside += 1 }
        }
        lines.append("  true coefficients inside their 95% interval: \(inside) of \(compared) (about 95% expected)")
        lines.append("")
        lines.append("Strongest effects (largest |z|):")
        var table = TextTable(["column", "estimate", "95% interval", "odds ratio", "true value"], rightAligned: [1, 3, 4])
        let ranked = model.coefficients.dropFirst().filter { $0.z != nil }.sorted { abs($0.z ?? 0) > abs($1.z ?? 0) }
        for c in ranked.prefix(10) {
            let interval = "[\(fixed(c.ciLow ?? .nan, 3)), \(fixed(c.ciHigh ?? .nan, 3))]"
            table.add([c.name, fixed(c.estimate, 3), interval, fixed(c.oddsRatio, 2), truth.coefficients[c.name].map { fixed($0, 3) } ?? "–"])
        }
        lines.append(table.render())
        lines.append("")
        lines.append("Highest risk of \(scores.order.count) units:")
        var top = TextTable(["rank", model.spec.unit, "probability", "industry", "size", "region"], rightAligned: [0, 2])
        let industry = try? register.strings("industry"), size = try? register.strings("size_band"), region = try? register.strings("region")
        for row in scores.order.prefix(10) {
            top.add([String(scores.rank[row]), scores.units[row], fixed(scores.probability[row], 3),
                     industry?[row] ?? "", size?[row] ?? "", region?[row] ?? ""])
        }
        lines.append(top.render())
        lines.append("")
        lines.append("Files in \(out)/: register.csv, history.csv, truth.json, spec.json, model.json, scores.csv, cards/ (explanation cards of the top units)")
        return lines.joined(separator: "\n")
    }
}
