import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import _TilsynTestSupport
import TilsynSynthetic

/// `tilsyn serve` as a process: refuses an unapproved model with one sentence, answers on the port it
/// prints, and on SIGTERM finishes and exits 0.
@Suite struct ServeCommandTests {
    let dir: URL

    /// The demo-shaped model (its spec names every source, so its model card can be written) and its register.
    init() throws {
        dir = try CommandRunner.temporaryDirectory()
        try ExplainFixtures.demo.get().model.encodedForFile().write(to: dir.appendingPathComponent("model.json"))
        let register = SyntheticGenerator.generate(SyntheticOptions(units: 20_000, seed: 2026)).register
        try AtomicFile.write(CSVWriter.bytes(of: register), to: dir.appendingPathComponent("register.csv").path)
    }

    func arguments(_ extra: [String]) -> [String] {
        ["serve", "--model", dir.appendingPathComponent("model.json").path, "--data", dir.appendingPathComponent("register.csv").path,
         "--db", dir.appendingPathComponent("tilsyn.sqlite").path, "--port", "0", "--as-of", "2026-11-16"] + extra
    }

    @Test func anUnapprovedModelIsRefusedWithOneSentence() throws {
        let result = try CommandRunner.run(arguments([]))
        #expect(result.status != 0)
        #expect(result.stderr.contains("has not been approved by the board in the store \(dir.appendingPathComponent("tilsyn.sqlite").path): the service shows no cards and draws no lists from it without the ethics board's approval of this fingerprint, so put the model before the board and record its decision with `tilsyn approve --model \(dir.appendingPathComponent("model.json").path) --db \(dir.appendingPathComponent("tilsyn.sqlite").path) --token BOARD_TOKEN --decision approved --note MINUTES`.\n"))
        #expect(!result.stderr.contains("--allow-unapproved"))
    }

    @Test func aModelWhoseCardCannotBeWrittenIsRefused() throws {
        let model = try CommandRunner.fitFixture("synthetic", into: dir)
        let result = try CommandRunner.run(["serve", "--model", model, "--data", Fixtures.path("synthetic.csv"),
                                            "--db", dir.appendingPathComponent("tilsyn.sqlite").path, "--port", "0", "--allow-unapproved"])
        #expect(result.refusal == "model card: feature 'prior_notices' has no source; the card must say where every input comes from — add \"source\" to the feature in the spec and refit.")
    }

    @Test func servesOnThePrintedPortAndStopsGracefullyOnSIGTERM() async throws {
        let process = Process()
        process.executableURL = CommandRunner.executable
        process.arguments = arguments(["--allow-unapproved"])
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        defer { if process.isRunning { process.interrupt() } }

        // The first line names the port it listens on.
        var printed = ""
        let deadline = Date().addingTimeInterval(60)
        while !printed.contains("\n") && Date() < deadline {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { if !process.isRunning { break }; continue }
            printed += String(decoding: chunk, as: UTF8.self)
        }
        let match = try #require(printed.firstRange(of: /http:\/\/127\.0\.0\.1:(\d+)\//), "no start line: \(printed)")
        let port = try #require(Int(printed[match].dropFirst("http://127.0.0.1:".count).dropLast()))

        let (body, response) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)/healthz")!)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        #expect(String(decoding: body, as: UTF8.self) == #"{"status":"ok"}"#)

        process.terminate()   // SIGTERM
        process.waitUntilExit()
        #expect(process.terminationReason == .exit && process.terminationStatus == 0)
        let log = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(log.contains("\"route\":\"/healthz\""))
    }
}
