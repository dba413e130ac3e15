import TilsynApplication
import _TilsynTestSupport
import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import Logging
import NIOConcurrencyHelpers
import TilsynReports
import TilsynService
@testable import TilsynStore
import TilsynSynthetic

/// The demo-shaped model and its 20,000-unit register (the same as `tilsyn demo --units 20000`), loaded
/// into a ``ServedModel`` once per test process, with the register's bytes kept for tests that run the
/// real `tilsyn list` beside the service.
enum ServiceFixture {
    struct Loaded: Sendable {
        var served: ServedModel
        var registerCSV: [UInt8]
        var modelJSON: Data
    }

    static let listColumns = ServedModel.ListColumns(flags: ["certified", "private_household"])

    static let loaded: Result<Loaded, ServiceFixtureError> = {
        do {
            let model = try ExplainFixtures.demo.get().model
            let data = SyntheticGenerator.generate(SyntheticOptions(units: 20_000, seed: 2026))
            let bytes = CSVWriter.bytes(of: data.register)
            let dir = try CommandRunner.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: dir) }
            let path = dir.appendingPathComponent("register.csv").path
            try AtomicFile.write(bytes, to: path)
            let register = try CSVReader.read(path: path, columns: ServedModel.columnRequests(model: model, listColumns: listColumns), threads: 2)
            let modelJSON = try model.encodedForFile()
            let served = try ServedModel(
                model: model, register: register,
                modelFile: .init(role: "model", file: "model.json", sha256: FileDigest.sha256(Array(modelJSON))),
                registerFile: .init(role: "register", file: "register.csv", sha256: FileDigest.sha256(bytes)),
                listColumns: listColumns)
            return .success(Loaded(served: served, registerCSV: bytes, modelJSON: modelJSON))
        } catch {
            return .failure(ServiceFixtureError("\(error)"))
        }
    }()

    static var served: ServedModel { get throws { try loaded.get().served } }
}

/// A clock the test moves by hand: rate limits refill only when told to.
final class TestClock: Sendable {
    private let now = NIOLockedValueBox<Double>(1_000)
    func advance(_ seconds: Double) { now.withLockedValue { $0 += seconds } }
    var clock: ServiceClock {
        ServiceClock(timestamp: { "2026-11-20T10:00:00Z" }, seconds: { [now] in now.withLockedValue { $0 } })
    }
}

/// Log lines a test can search for things that must never be logged.
final class LogCapture: Sendable {
    private let lines = NIOLockedValueBox<[String]>([])
    var all: [String] { lines.withLockedValue { $0 } }
    var logger: Logger {
        Logger(label: "tilsyn.test") { [lines] label in
            var handler = JSONLogHandler(label: label) { line in lines.withLockedValue { $0.append(line) } }
            handler.logLevel = .debug
            return handler
        }
    }
}

/// One service under test: a fresh in-memory store with two units' access codes, an inspector's and a
/// board member's token, and (unless told otherwise) the board's approval of the model.
struct TestService {
    let database: TilsynDatabase
    let served: ServedModel
    let clock = TestClock()
    let logs = LogCapture()
    var configuration: ServiceConfiguration
    /// Two units of the register with their codes: `a` ranks first, `b` last.
    let a: IssuedAccessCode
    let b: IssuedAccessCode
    let inspector: IssuedToken
    let board: IssuedToken

    init(served: ServedModel? = nil, approved: Bool = true, store: TilsynDatabase? = nil,
         configure: (inout ServiceConfiguration) -> Void = { _ in }) async throws {
        self.database = try store ?? TilsynDatabase.inMemory()
        self.served = try served ?? ServiceFixture.served
        var configuration = ServiceConfiguration(asOf: "2026-11-16")
        configure(&configuration)
        self.configuration = configuration
        let scores = self.served.scores
        let first = scores.units[scores.order[0]], last = scores.units[scores.order.last!]
        let codes = try await database.issueAccessCodes(units: [first, last], at: isoTime("2026-11-16T08:00:00Z"))
        a = try requireValue(codes.first { $0.unit == first })
        b = try requireValue(codes.first { $0.unit == last })
        inspector = try await database.issueToken(role: .inspector, name: "Inspector Hansen", expires: nil, at: isoTime("2026-11-16T08:00:00Z"))
        board = try await database.issueToken(role: .board, name: "Ethics board (chair A. Jensen)", expires: nil, at: isoTime("2026-11-16T08:00:00Z"))
        if approved {
            try await database.recordDecision(for: self.served.model, by: "Ethics board", decision: .approved, note: "minutes 2026-03", at: isoTime("2026-03-01T10:00:00Z"))
        }
    }

    func application() async throws -> some ApplicationProtocol {
        let router = try ServiceApplication.router(served: served, database: database, configuration: configuration,
                                                   clock: clock.clock, logger: logs.logger)
        return Application(router: router, logger: logs.logger)
    }

    /// Runs `body` against the router in-process.
    func test<Value: Sendable>(_ body: @Sendable (any TestClientProtocol) async throws -> Value) async throws -> Value {
        try await application().test(.router, body)
    }
}

/// `#require` for a value outside a test function (an initialiser).
func requireValue<T>(_ value: T?, _ what: String = "value") throws -> T {
    guard let value else { throw ServiceFixtureError("missing \(what)") }
    return value
}

/// Why a shared fixture could not be built (kept as text so cached results are `Sendable`).
struct ServiceFixtureError: Error, Sendable, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
