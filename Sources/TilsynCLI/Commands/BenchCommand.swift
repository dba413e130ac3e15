import TilsynApplication
import ArgumentParser
import Foundation
import TilsynCore
import TilsynIO
import TilsynNumerics
import TilsynSynthetic

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure ingest, encoding, fit and scoring speed at Danish scale and beyond.",
        discussion: """
            For each --rows size, generates (once, cached under --dir) a synthetic history of the demo's \
            shape, then times each stage --repeat times and prints the medians: CSV ingest, encoding to the \
            design matrix, the IRLS fit, scoring with ranking, and the whole fit (read + encode + fit) in \
            process. Run it on a quiet machine from a release build; bench/run.sh also times the whole \
            process side by side with the Python peers.
            """)

    @Option(help: "History sizes to measure (repeatable).") var rows: [Int] = [300_000, 1_000_000]
    @Option(help: "Repetitions per stage; medians are reported.") var `repeat` = 5
    @Option(help: "Where generated benchmark files are kept.") var dir = "bench/data"
    @Option(help: "Worker threads (default: all cores).") var threads: Int?
    @Flag(help: "Only generate the data files, then stop.") var prepareOnly = false
    @Flag(help: "Time only the CSV ingest (quick; for profiling the reader).") var ingestOnly = false
    @Option(help: "Also write the medians as JSON to this file.") var json: String?
    @Option(help: "Rows per IRLS chunk (tuning).") var chunkRows: Int?

    struct Row: Codable {
        var rows: Int
        var fileMB: Double
        var ingest: Double
        var encode: Double
        var fit: Double
        var score: Double
        var wholeFit: Double
        var designColumns: Int
        var iterations: Int
        var threads: Int
        var linearAlgebra: String
    }

    func run() throws {
        let threads = self.threads ?? defaultThreadCount
        LAPACK.useSingleThreadedBLAS()
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let spec = try DefaultSpec.load()
        var results: [Row] = []
        for n in rows {
            let file = try Self.prepare(rows: n, dir: dir)
            if prepareOnly { print(file); continue }
            let size = Double((try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0) / 1e6
            let requests = ModelFitter.columnRequests(for: spec)
            var table: DataTable?
            // The previous read's table is let go first, so each read starts as a program's one read does:
            // its columns' memory is new. Letting it go is not timed (about 40 ms for the 1M-row table, which
            // no program's one read pays).
            let ingest = try median(self.repeat, before: { table = nil }) {
                table = try CSVReader.read(path: file, columns: requests, threads: threads)
            }
            guard let history = table else { continue }
            if ingestOnly {
                print("\(n) rows, \(fixed(size, 0)) MB: ingest median \(fixed(ingest, 3)) s = \(fixed(size / ingest, 0)) MB/s "
                      + "over \(self.repeat) reads, \(threads) threads")
                continue
            }
            var encoder: DesignEncoder?
            var design: Design?
            let encode = try median(self.repeat) {
                let learned = try DesignEncoder.learn(spec: spec, from: history)
                design = try learned.design(history, threads: threads)
                encoder = learned
            }
            guard let encoder, let design else { continue }
            let labels = try ModelFitter.labels(history, spec: spec)
            var model: FittedModel?
            let fit = try median(self.repeat) {
                model = try ModelFitter.fit(spec: spec, encoder: encoder, design: design, labels: labels, table: history,
                                            trainingFile: nil, trainingSHA256: "", created: "", threads: threads, chunkRows: chunkRows)
            }
            guard let model else { continue }
            let scoreTable = try CSVReader.read(path: file, columns: Scorer.columnRequests(for: model), threads: threads)
            let score = try median(self.repeat) { _ = try Scorer.score(model: model, table: scoreTable, threads: threads) }
            let whole = try median(self.repeat) {
                let t = try CSVReader.read(path: file, columns: requests, threads: threads)
                _ = try ModelFitter.fit(spec: spec, table: t, trainingFile: nil, trainingSHA256: "", created: "", threads: threads)
            }
            results.append(Row(rows: n, fileMB: size, ingest: ingest, encode: encode, fit: fit, score: score, wholeFit: whole,
                               designColumns: design.columns, iterations: model.fit.iterations, threads: threads,
                               linearAlgebra: LAPACK.libraryDescription))
        }
        if prepareOnly || ingestOnly { return }
        var table = TextTable(["rows", "file MB", "ingest s", "MB/s", "encode s", "fit s", "score s", "whole fit s", "columns", "iterations"],
                              rightAligned: Set(0..<10))
        for r in results {
            table.add([String(r.rows), fixed(r.fileMB, 0), fixed(r.ingest, 3), fixed(r.fileMB / r.ingest, 0), fixed(r.encode, 3),
                       fixed(r.fit, 3), fixed(r.score, 3), fixed(r.wholeFit, 3), String(r.designColumns), String(r.iterations)])
        }
        print("Medians of \(self.repeat) runs, \(threads) threads, \(LAPACK.libraryDescription)")
        print(table.render())
        if let json { try AtomicFile.write(JSONOutput.encode(results), to: json) }
    }

    /// The cached history file of `rows` rows, generated if absent.
    static func prepare(rows: Int, dir: String) throws -> String {
        let file = (dir as NSString).appendingPathComponent("history-\(rows).csv")
        if !FileManager.default.fileExists(atPath: file) {
            let options = SyntheticOptions(units: max(300_000, rows), inspections: rows, seed: 7)
            let data = SyntheticGenerator.generate(options)
            try AtomicFile.write(CSVWriter.bytes(of: data.history), to: file)
        }
        return file
    }

    /// The median wall time of `count` runs of `body`, each after an untimed `before`.
    private func median(_ count: Int, before: () -> Void = {}, _ body: () throws -> Void) throws -> Double {
        var times: [Double] = []
        for _ in 0..<max(1, count) {
            before()
            let start = DispatchTime.now().uptimeNanoseconds
            try body()
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        times.sort()
        return times[times.count / 2]
    }
}
