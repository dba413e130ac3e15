import ArgumentParser
import Foundation
import TilsynCore
import TilsynIO
import TilsynNumerics

struct ScoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Score every unit of a register with a fitted model.",
        discussion: """
            Writes a CSV with the unit column, probability, log_odds and rank, rank 1 being the highest \
            probability, in rank order. Units with exactly equal scores are ordered by a seeded \
            pseudo-random key (SplitMix64 of the seed mixed with the FNV-1a hash of the unit id), never by \
            input order or by id, so the order is reproducible from --seed alone.

            The model file is verified against its fingerprint before use.

            Example:
              tilsyn score --model model.json --data register.csv --out scores.csv
            """)

    @Option(help: "The fitted model (model.json).") var model: String
    @Option(help: "The register to score (CSV).") var data: String
    @Option(help: "Where to write the scores (CSV).") var out: String
    @Option(help: "Seed for the tie-break key.") var seed: UInt64 = TieBreak.defaultSeed
    @Option(help: "Worker threads (default: all cores).") var threads: Int?
    @Flag(help: "No progress lines on standard error.") var quiet = false

    func run() throws {
        let progress = Progress(quiet: quiet)
        let model = try Inputs.model(self.model)
        let threads = self.threads ?? defaultThreadCount
        progress.step("reading \(data)")
        let table = try CSVReader.read(path: data, columns: Scorer.columnRequests(for: model), threads: threads)
        progress.step("scoring \(table.rowCount) units")
        let scores = try Scorer.score(model: model, table: table, seed: seed, threads: threads)
        try ReportOutput.stream(to: out, progress: progress) { emit in
            try ScoreFile.write(scores, unitColumn: model.spec.unit, threads: threads, emit: emit)
        }
    }
}

/// The score CSV ⚖: unit column, `probability`, `log_odds`, `rank`, in rank order.
enum ScoreFile {
    static func csv(_ scores: Scores, unitColumn: String) -> [UInt8] {
        var all: [UInt8] = []
        write(scores, unitColumn: unitColumn, threads: 1) { all.append(contentsOf: $0) }
        return all
    }

    /// Formats blocks of ranks on `threads` threads and hands them to `emit` in order.
    static func write<E: Error>(_ scores: Scores, unitColumn: String, threads: Int, emit: ([UInt8]) throws(E) -> Void) throws(E) {
        try emit(CSVWriter(header: [unitColumn, "probability", "log_odds", "rank"], reservingCapacity: 64).bytes)
        let n = scores.order.count
        let block = 1 << 17
        var blockStart = 0
        while blockStart < n {
            let blockEnd = min(n, blockStart + block)
            let t = max(1, min(threads, (blockEnd - blockStart) / 4096 + 1))
            let parts = parallelMap(count: t) { [blockStart] part -> [UInt8] in
                let span = blockEnd - blockStart
                let ranks = (blockStart + span * part / t)..<(blockStart + span * (part + 1) / t)
                var writer = CSVWriter(reservingCapacity: ranks.count * 56)
                for position in ranks {
                    let row = scores.order[position]
                    writer.append(scores.units[row])
                    writer.append(scores.probability[row])
                    writer.append(scores.logOdds[row])
                    writer.append(scores.rank[row])
                    writer.endRow()
                }
                return writer.bytes
            }
            for part in parts { try emit(part) }
            blockStart = blockEnd
        }
    }
}
