import Foundation
import Testing
import _TilsynTestSupport

/// The README's "same steps by hand" run as a newcomer types them: the command block is taken from
/// README.md itself, each line run by `sh` in a fresh folder holding the files the README says they
/// start from, with the built `tilsyn` first on the PATH. A step that fails fails the test, naming it.
@Suite(.serialized) struct ReadmeStepsTests {
    /// The sentence that introduces the block in README.md; the block is the first ```sh fence after it.
    static let heading = "The same steps by hand"

    /// The by-hand commands of README.md, continuation lines (`\`) joined.
    static func byHandCommands() throws -> [String] {
        let readme = try String(contentsOf: Fixtures.repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let start = try #require(readme.range(of: heading), "README.md has no '\(heading)' paragraph")
        let fence = try #require(readme.range(of: "```sh\n", range: start.upperBound..<readme.endIndex))
        let end = try #require(readme.range(of: "```", range: fence.upperBound..<readme.endIndex))
        var commands: [String] = [], pending = ""
        for line in readme[fence.upperBound..<end.lowerBound].split(separator: "\n") {
            let text = line.trimmingCharacters(in: .whitespaces)
            if text.hasSuffix("\\") {
                pending += text.dropLast() + " "
            } else {
                commands.append(pending + text)
                pending = ""
            }
        }
        return commands.filter { !$0.isEmpty && !$0.hasPrefix("#") }
    }

    /// The files the README's paragraph says the steps start from, made by `tilsyn demo` (a small one):
    /// history.csv, register.csv, regions.csv, old-model.json (the model before, for `diff`), and the
    /// repository's Models/grundtilsyn.spec.json at the same relative path.
    static func startingFolder() throws -> URL {
        let root = try CommandRunner.temporaryDirectory()
        let demo = root.appendingPathComponent("demo")
        let r = try CommandRunner.run(["demo", "--out", demo.path, "--units", "30000", "--seed", "2", "--quiet"])
        guard r.status == 0 else { throw CommandRunner.FixtureError(description: "demo failed: \(r.stderr)") }
        let work = root.appendingPathComponent("work")
        try FileManager.default.createDirectory(at: work.appendingPathComponent("Models"), withIntermediateDirectories: true)
        for (from, to) in [("history.csv", "history.csv"), ("register.csv", "register.csv"), ("regions.csv", "regions.csv"), ("model.json", "old-model.json")] {
            try FileManager.default.copyItem(at: demo.appendingPathComponent(from), to: work.appendingPathComponent(to))
        }
        try FileManager.default.copyItem(at: Fixtures.repositoryRoot.appendingPathComponent("Models/grundtilsyn.spec.json"),
                                         to: work.appendingPathComponent("Models/grundtilsyn.spec.json"))
        return work
    }

    /// Runs `command` with `sh -c` in `directory`, the built `tilsyn` first on the PATH.
    static func shell(_ command: String, in directory: URL) throws -> CommandRunner.Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        // Steps share what they export (the board token of `export TILSYN_TOKEN=$(tilsyn tokens issue …)`),
        // as they would in the one terminal a newcomer types them into.
        process.arguments = ["-c", "if [ -f ./.steps-env ]; then . ./.steps-env; fi\n\(command)\nstatus=$?\nexport -p > ./.steps-env\nexit $status"]
        process.currentDirectoryURL = directory
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = CommandRunner.executable.deletingLastPathComponent().path + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile(), stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return .init(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
    }

    @Test func theBlockIsThereAndCoversTheCommands() throws {
        let commands = try Self.byHandCommands()
        let verbs = commands.compactMap { $0.split(separator: " ").dropFirst().first.map(String.init) }
        for verb in ["fit", "score", "explain", "list", "validate", "fairness", "drift", "modelcard", "diff", "approve"] {
            #expect(verbs.contains(verb), "README's by-hand block has no `tilsyn \(verb)`: \(verbs)")
        }
        #expect(commands.allSatisfy { $0.hasPrefix("tilsyn ") || $0.hasPrefix("export TILSYN_TOKEN=$(tilsyn tokens issue ") }, "\(commands)")
    }

    @Test func theByHandStepsRunAsWritten() throws {
        let commands = try Self.byHandCommands()
        let work = try Self.startingFolder()
        defer { try? FileManager.default.removeItem(at: work.deletingLastPathComponent()) }
        for (i, command) in commands.enumerated() {
            let r = try Self.shell(command, in: work)
            guard r.status == 0 else {
                Issue.record("README by-hand step \(i + 1) failed (exit \(r.status)): \(command)\n\(r.stderr)")
                return
            }
            // Every file a step names with --out is there afterwards.
            let words = command.split(separator: " ").map(String.init)
            if let at = words.firstIndex(of: "--out"), at + 1 < words.count {
                #expect(FileManager.default.fileExists(atPath: work.appendingPathComponent(words[at + 1]).path), "step \(i + 1) wrote no \(words[at + 1])")
            }
        }
    }
}
