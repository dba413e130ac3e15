import Foundation
import Logging
import TilsynApplication
import TilsynCore
import TilsynService
import TilsynStore

/// `tilsyn demo --serve`: the service on the demo's own files, with credentials to try it.
///
/// Access codes are issued for the units on next week's list and the units with cards — the companies a
/// real authority would write to — not for all 300,000: each code is stored hashed, and a code exists
/// only where a letter would. One unit and its code, and an inspector's and a board member's token, are
/// printed so the pages and the API can be tried at once; they are demo credentials in the demo's own store.
enum DemoServe {
    static func run(out: String, host: String, port: Int, seed: UInt64, threads: Int, asOf: String) async throws {
        func path(_ name: String) -> String { (out as NSString).appendingPathComponent(name) }
        let db = path("tilsyn.sqlite")
        let served = try ServeInputs.load(
            model: path("model.json"), data: path("register.csv"),
            validation: FileManager.default.fileExists(atPath: path("validation.json")) ? path("validation.json") : nil,
            fairness: FileManager.default.fileExists(atPath: path("fairness.json")) ? path("fairness.json") : nil,
            drift: FileManager.default.fileExists(atPath: path("drift.json")) ? path("drift.json") : nil,
            listColumns: .init(flags: ["certified", "private_household"]), seed: seed, threads: threads)
        let database = try TilsynDatabase(path: db)
        let now = Date()

        // The companies that would get a letter: the list's units and the top-scored units (which have cards).
        var units = served.scores.order.prefix(DemoCards.count).map { served.scores.units[$0] }
        if let list = try? String(contentsOfFile: path("list.csv"), encoding: .utf8) {
            for line in list.split(separator: "\n").dropFirst() {
                let fields = line.split(separator: ",", maxSplits: 2, omittingEmptySubsequences: false)
                if fields.count > 1 { units.append(String(fields[1])) }
            }
        }
        var seen = Set<String>()
        units = units.filter { seen.insert($0).inserted && served.row(of: $0) != nil }
        let codes = try await database.issueAccessCodes(units: units, at: now)
        let inspector = try await database.issueToken(role: .inspector, name: "Demo inspector", expires: nil, at: now)
        let board = try await database.issueToken(role: .board, name: "Demo ethics board", expires: nil, at: now)
        let approved = try await ApprovalGate(store: database, allowUnapproved: false).status(of: served.model) != nil

        var configuration = ServiceConfiguration(asOf: asOf)
        configuration.host = host
        configuration.port = port
        configuration.allowUnapproved = !approved
        let logger = ServeCommand.bootstrapLogging(format: "json", level: .info)
        let first = codes.first
        try await ServeCommand.serve(served: served, database: database, configuration: configuration, logger: logger) { port in
            var lines = ["", "Serving the demo on http://\(host):\(port)/ (store \(db)); Ctrl-C stops."]
            if let first {
                lines.append("  company page: http://\(host):\(port)/company — unit \(first.unit), access code \(first.code)")
                lines.append("  (\(codes.count) units have codes: the week's list and the top \(DemoCards.count) units)")
            }
            lines.append("  inspector token: \(inspector.secret)")
            lines.append("  board token:     \(board.secret)")
            lines.append("  e.g. curl -H 'Authorization: Bearer \(inspector.secret)' http://\(host):\(port)/api/v1/inspector/lists")
            if !approved { lines.append("  The demo model has no approval in the store; serving it anyway, as a demo.") }
            print(lines.joined(separator: "\n"))
        }
    }
}
