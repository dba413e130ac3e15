import ArgumentParser
import Foundation
import Logging
import TilsynApplication
import TilsynCore
import TilsynNumerics
import TilsynReports
import TilsynService
import TilsynStore

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve cards to companies, lists to inspectors and model cards to the board (HTTP).",
        discussion: """
            Loads the model and the register once, scores every unit, and answers until SIGINT or SIGTERM \
            (requests in flight finish first). Companies see their own card at /company with the unit id and \
            the access code from their letter; inspectors and the board send a role token as \
            'Authorization: Bearer …'. Access codes and role tokens are issued into the store (--db). Every \
            card shown, every failed lookup, every list and every decision is recorded there. The API is \
            described at /openapi.json.

            The model must have the ethics board's approval in the store (`tilsyn approve`); without it the \
            service does not start. \
            The port is checked first: one in use is named before the register is loaded.

            Example:
              tilsyn serve --db tilsyn.sqlite --model model.json --data register.csv \\
                --validation validation.json --fairness fairness.json --exclude-if-column certified
            """)

    @Option(help: "The store: access codes, tokens, decisions, audit log (SQLite file).") var db: String = TilsynDatabase.defaultPath
    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on (0: any free port, printed at start).") var port = 8080
    @Option(help: "The model in use (model.json).") var model: String
    @Option(help: "The register whose units get cards and lists (CSV).") var data: String
    @Option(help: "A validation report (JSON from tilsyn validate) for the board.") var validation: String?
    @Option(help: "A fairness report (JSON from tilsyn fairness) for the board.") var fairness: String?
    @Option(help: "A drift report (JSON from tilsyn drift) for the board.") var drift: String?
    @Option(help: "A champion–challenger comparison (JSON from tilsyn challenger --format json) for the board; its champion must be --model.") var challenger: String?
    @Flag(help: "Serve from a model the board has not approved (demos and trials only).") var allowUnapproved = false
    @Option(name: .customLong("as-of"), help: "The date the register describes, YYYY-MM-DD, for cards of units when the store holds no list of the model (a card on a list takes the list's date).") var asOf: String?
    @Option(help: "Whom cards name for questions (JSON: name da/en, phone, email, hours); default the built-in contact.") var contact: String?
    @Option(help: "The register's last-inspection date column, for lists.") var lastInspectionColumn = "last_inspection_date"
    @Option(help: "The register's region column, for lists by region.") var regionColumn = "region"
    @Option(name: .customLong("exclude-if-column"), help: "A 0/1 column lists may exclude by; repeatable.") var flagColumns: [String] = []
    @Option(name: .customLong("show-column"), help: "A register column to print on inspectors' lists (name, address, industry, …); repeatable, in this order.")
    var showColumns: [String] = []
    @Option(help: "Card and correction lookups per client per minute; 0 switches the limits off (benchmarks only).") var rateLimit = 20
    @Option(help: "Card and correction lookups per unit per minute.") var unitRateLimit = 10
    @OptionGroup(title: "Proxies, timeouts and connection caps") var connections: ServeConnectionOptions
    @Option(help: "Largest request body accepted, in bytes.") var maxBody = 16 * 1024
    @Option(help: "Most rows an inspector's list request may ask for (also bounded by the register).") var maxListRows = 20_000
    @Option(help: "Seed for the rank tie-break of cards.") var seed: UInt64 = TieBreak.defaultSeed
    @Option(help: "Log lines: json or text.") var logFormat = "json"
    @Option(help: "Log level: debug, info, notice, warning or error.") var logLevel = "info"
    @Option(help: "Worker threads for loading (default: all cores).") var threads: Int?

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be from 0 (any free port) to 65535, not \(port).") }
        if let asOf, parseISODate(asOf) == nil { throw ValidationError("--as-of must be a date YYYY-MM-DD, not '\(asOf)'.") }
        guard rateLimit >= 0, unitRateLimit >= 1 else { throw ValidationError("--rate-limit must be 0 or more and --unit-rate-limit 1 or more.") }
        guard maxBody >= 1024 else { throw ValidationError("--max-body must be at least 1024 bytes, not \(maxBody).") }
        guard ["json", "text"].contains(logFormat) else { throw ValidationError("--log-format must be json or text, not '\(logFormat)'.") }
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("--log-level must be debug, info, notice, warning or error, not '\(logLevel)'.") }
    }

    func run() async throws {
        // A port in use is named now, not after loading and scoring the register.
        try await PortCheck.ensureListenable(host: host, port: port)
        let logger = Self.bootstrapLogging(format: logFormat, level: Logger.Level(rawValue: logLevel) ?? .info)
        let served: ServedModel
        do {
            served = try ServeInputs.load(
                model: model, data: data, validation: validation, fairness: fairness, drift: drift, challenger: challenger,
                listColumns: .init(lastInspection: lastInspectionColumn, region: regionColumn, flags: flagColumns, shown: showColumns),
                seed: seed, threads: threads ?? defaultThreadCount)
        } catch let error as JobError {
            throw CLIError(error.sentence(in: CLIVocabulary(serving: true)))
        }
        let database = try TilsynDatabase(path: db)
        let hasList = try await database.lists().contains { $0.fingerprint == served.model.fingerprint }
        if asOf == nil && !hasList && served.model.spec.asOfColumn == nil {
            throw CLIError("give --as-of, the date the register \(data) describes: the store \(db) holds no list of this model to take it from, and cards never take the date from the clock.")
        }
        var configuration = ServiceConfiguration(asOf: asOf)
        configuration.storeName = (db as NSString).lastPathComponent
        if let contact { configuration.cardLinks.contact = try ExplainCommand.contact(contact) }
        configuration.host = host
        configuration.port = port
        configuration.maxBodyBytes = maxBody
        configuration.lookupLimits = rateLimit == 0 ? nil : LookupLimits(perClient: rateLimit, perUnit: unitRateLimit)
        connections.apply(to: &configuration)
        configuration.allowUnapproved = allowUnapproved
        configuration.maxListRows = maxListRows
        try await Self.checkApproval(served.model, modelPath: model, database: database, db: db, allowUnapproved: allowUnapproved)
        try await Self.serve(served: served, database: database, configuration: configuration, logger: logger) { port in
            print("Serving \(served.unitCount) units with model '\(served.model.name)' \(served.model.version) on http://\(host):\(port)/ (store \(db)); Ctrl-C stops.")
        }
    }

    /// Refuses a model the board has not approved, unless allowed, in one sentence naming the store.
    static func checkApproval(_ model: FittedModel, modelPath: String? = nil, database: TilsynDatabase, db: String, allowUnapproved: Bool) async throws {
        do {
            try await ApprovalGate(store: database, allowUnapproved: allowUnapproved).check(model)
        } catch JobError.notApproved(let refusal) {
            throw CLIError(CLIPhrasing.notApproved(
                refusal, model: modelPath, db: db, storeExists: true,
                consequence: "the service shows no cards and draws no lists from it without the ethics board's approval of this fingerprint"))

        }
    }

    /// Runs the service and flushes standard output first, so the start-up line is seen even when piped.
    static func serve(served: ServedModel, database: TilsynDatabase, configuration: ServiceConfiguration, logger: Logger,
                      started: @escaping @Sendable (Int) -> Void) async throws {
        try await ServiceApplication.run(served: served, database: database, configuration: configuration, logger: logger) { port in
            started(port)
            fflush(nil)
        }
    }

    /// JSON lines (default) or swift-log's text lines on standard error; once per process.
    static func bootstrapLogging(format: String, level: Logger.Level) -> Logger {
        LoggingSystem.bootstrap { label in
            var handler: any LogHandler = format == "text" ? StreamLogHandler.standardError(label: label) : JSONLogHandler(label: label)
            handler.logLevel = level
            return handler
        }
        return Logger(label: "tilsyn.serve")
    }
}
