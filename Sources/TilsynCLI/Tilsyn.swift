import ArgumentParser
import Foundation
import TilsynCore

/// The `tilsyn` command: picks units for working-environment inspections by a transparent risk score
/// and explains every score.
public struct Tilsyn: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "tilsyn",
        abstract: "Transparent risk scores for working-environment inspections, explained to everyone they touch.",
        discussion: """
            Tilsyn fits a transparent logistic model from a declared spec, scores every production unit, \
            and explains each score. Start with `tilsyn demo`, which runs everything on synthetic data.
            """,
        version: TilsynVersion.current,
        subcommands: [
            DemoCommand.self, FitCommand.self, ScoreCommand.self, ExplainCommand.self, ListCommand.self,
            ValidateCommand.self, FairnessCommand.self, ModelCardCommand.self, DiffCommand.self, ApproveCommand.self,
            AuditCommand.self, CodesCommand.self, TokensCommand.self, CorrectionsCommand.self, DriftCommand.self, BenchCommand.self, ServeCommand.self,
            VisitsCommand.self, OutcomesCommand.self, HistoryCommand.self, MonitorCommand.self, ChallengerCommand.self, ReportCommand.self,
        ]
    )

    public init() {}
}

extension Tilsyn {
    /// Entry point for the executable: parses arguments, runs, and maps errors to one sentence in the
    /// CLI's words (``CLIPhrasing``) and exit code 1.
    public static func run() async {
        // A mistyped command word gets the nearest command, which the parser would not suggest.
        if let refusal = CommandSuggestion.refusal(for: Array(CommandLine.arguments.dropFirst())) {
            refuse(refusal)
        }
        do {
            var command = try parseAsRoot()
            if var command = command as? any AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch {
            refuse(error)
        }
    }

    /// Ends the process for `error`: help and `--version` print and exit 0; every refusal prints its
    /// sentence on standard error and exits 1 — a bad option value too, which the argument parser would
    /// end with 64 — so a script tells success from failure by one code, the one the README promises.
    static func refuse(_ error: any Error) -> Never {
        let phrased = CLIPhrasing.phrase(error)
        guard !exitCode(for: phrased).isSuccess else { exit(withError: phrased) }
        let message = fullMessage(for: phrased)
        if !message.isEmpty { FileHandle.standardError.write(Data((message + "\n").utf8)) }
        exit(withError: ExitCode.failure)
    }
}
