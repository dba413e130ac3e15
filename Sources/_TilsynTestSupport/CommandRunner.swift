import Foundation

/// Runs the built `tilsyn` executable as a separate process, the way a user or a script would, so tests
/// see the real exit code and standard error.
public enum CommandRunner {
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String

        public init(status: Int32, stdout: String, stderr: String) {
            self.status = status
            self.stdout = stdout
            self.stderr = stderr
        }
    }

    /// The `tilsyn` binary next to the test bundle in the build folder.
    public static var executable: URL {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        // Inside an .xctest bundle the runner sits a few levels down; climb until the binary is found.
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("tilsyn")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return Fixtures.repositoryRoot.appendingPathComponent(".build/debug/tilsyn")
    }

    /// - Parameter environment: variables to set for the child, over the test's own environment (from
    ///   which `TILSYN_TOKEN` is always removed, so a token in the shell cannot make a test pass).
    public static func run(_ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        var variables = ProcessInfo.processInfo.environment
        variables["TILSYN_TOKEN"] = nil
        process.environment = variables.merging(environment) { $1 }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// A fresh temporary directory, removed by the caller when done.
    public static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tilsyn-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

extension CommandRunner.Result {
    /// The one sentence a refused command gave: standard error without its "Error: " prefix and final
    /// line break, when the command exited with 1 and wrote exactly that one line to standard error (an
    /// option the argument parser refuses may be followed by its "Help: …", "Usage: …" and "See '…'" lines).
    /// Otherwise a description of what happened instead, which no expected sentence equals — so
    /// `#expect(r.refusal == "…")` fails when the command succeeded, crashed, exited otherwise or said more.
    public var refusal: String {
        guard status == 1 else { return "<exit \(status), not 1; stderr: \(stderr); stdout: \(stdout.prefix(300))>" }
        var lines = stderr.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.last == "" else { return "<standard error does not end with a line break: \(stderr)>" }
        lines.removeLast()
        if lines.count > 1, lines.contains(where: { $0.hasPrefix("Usage: ") }),
           lines.dropFirst().allSatisfy({ $0.hasPrefix("Usage: ") || $0.hasPrefix("Help: ") || $0.hasPrefix("  ") || $0.isEmpty }) {
            lines = [lines[0]]
        }
        guard lines.count == 1, let line = lines.first, line.hasPrefix("Error: ") else { return "<not one 'Error: ' line: \(stderr)>" }
        return String(line.dropFirst("Error: ".count))
    }
}

extension CommandRunner {
    /// Fits a fixture case with the real binary into `directory` and returns the model's path.
    public static func fitFixture(_ caseName: String, into directory: URL) throws -> String {
        let model = directory.appendingPathComponent("model.json").path
        let fit = try run(["fit", "--spec", Fixtures.path("\(caseName).spec.json"), "--data", Fixtures.path("\(caseName).csv"), "--out", model, "--quiet"])
        guard fit.status == 0 else { throw FixtureError(description: "fitting \(caseName) failed: \(fit.stderr)") }
        return model
    }

    /// Issues a board token for `name` with the real binary (in the store `db`, relative to `directory`)
    /// and returns its secret.
    public static func boardToken(name: String = "A. Jensen (chair)", db: String = "tilsyn.sqlite", in directory: URL? = nil) throws -> String {
        let issued = try run(["tokens", "issue", "--role", "board", "--name", name, "--db", db], in: directory)
        guard issued.status == 0 else { throw FixtureError(description: "issuing a board token failed: \(issued.stderr)") }
        return issued.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Records the board's `decision` on `model` as a board member would: a board token for `name`, then
    /// `tilsyn approve` with it in `TILSYN_TOKEN`.
    public static func approve(_ model: String, decision: String = "approved", note: String = "minutes 1", name: String = "A. Jensen (chair)",
                               db: String = "tilsyn.sqlite", in directory: URL? = nil) throws -> Result {
        let token = try boardToken(name: name, db: db, in: directory)
        return try run(["approve", "--model", model, "--decision", decision, "--note", note, "--db", db], in: directory, environment: ["TILSYN_TOKEN": token])
    }

    public struct FixtureError: Error, CustomStringConvertible {
        public var description: String
        public init(description: String) { self.description = description }
    }
}
