import _TilsynTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import TilsynCore
import TilsynApplication
import TilsynIO
import TilsynReports
import TilsynService
import TilsynStore

/// The board's cycle reports through the service: monitoring in the request's language, the yearly
/// account from the store, and the champion–challenger comparison the service was started with — each
/// behind a board token, each refused in one sentence without one.
@Suite struct BoardCycleReportTests {
    /// A comparison whose champion is the served model (fitted on the synthetic fixture; only the
    /// champion's fingerprint is the served one's, which is all the service checks).
    static func challengerReport(champion fingerprint: String) throws -> ServedModel.LoadedReport<ChallengerReport> {
        let spec = try Fixtures.spec("synthetic")
        let table = try CSVReader.read(path: Fixtures.path("synthetic.csv"), columns: TimeSplitValidation.columnRequests(for: spec), threads: 2)
        let days = try table.numeric("inspection_date")
        let split = try #require(parseISODate("2024-07-01"))
        let champion = try ModelFitter.fit(spec: spec, table: table.rows(days.indices.filter { Int(days[$0]) < split }), trainingFile: "synthetic.csv",
                                           trainingSHA256: "", created: "", threads: 2)
        var (report, _) = try ChallengerComparison.run(
            spec: spec, champion: champion, table: table, sinceDay: try #require(parseISODate("2025-01-01")), historyFile: "synthetic.csv",
            historySHA256: "abc", created: "2025-01-01T00:00:00Z", lift: LiftOptions(topFraction: 0.2, resamples: 50), threads: 2)
        report.champion.fingerprint = fingerprint
        return .init(bytes: try JSONText.encode(report), report: report, file: "challenger-report.json")
    }

    @Test func monitoringFollowsTheRequestsLanguage() async throws {
        let service = try await TestService()
        let board = service.board
        try await service.test { client in
            try await client.execute(uri: "/api/v1/board/monitor?format=html", method: .get, headers: bearer(board.secret)) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains("<html lang=\"da\">") && response.text.contains("<title>Tilsyn: overvågning</title>"))
                #expect(response.text.contains("<h1>Overvågning: 0 lister, 0 besøg med et registreret resultat</h1>"))
                #expect(response.text.contains("<p>Intet skøn: intet stikprøvebesøg har endnu et registreret resultat.</p>"))
            }
            try await client.execute(uri: "/api/v1/board/monitor?format=md&lang=en", method: .get, headers: bearer(board.secret)) { response in
                #expect(response.status == .ok)
                #expect(response.text.hasPrefix("# Monitoring: 0 lists, 0 visits with an outcome\n"))
            }
            try await client.execute(uri: "/api/v1/board/monitor?format=html&lang=fr", method: .get, headers: bearer(board.secret)) { response in
                #expect(response.status == .badRequest)
                #expect(response.errorMessage == "The query parameter 'lang' must be one of da, en.")
            }
        }
    }

    @Test func theYearlyAccountIsTheBoardsInEitherLanguage() async throws {
        let service = try await TestService()
        let board = service.board, inspector = service.inspector
        try await service.test { client in
            try await client.execute(uri: "/api/v1/board/reports/yearly?year=2026&format=html", method: .get, headers: bearer(board.secret)) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains("<html lang=\"da\">"))
                #expect(response.text.contains("<h1>Årsberetning 2026: Tilsyns risikobaserede udvælgelse til tilsyn</h1>"))
                #expect(response.text.contains("<p>Der blev ikke udstedt nogen liste i 2026.</p>"))
            }
            try await client.execute(uri: "/api/v1/board/reports/yearly?year=2026&format=md&lang=en", method: .get, headers: bearer(board.secret)) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/markdown") == true)
                #expect(response.text.contains("No list was issued in 2026."))
            }
            try await client.execute(uri: "/api/v1/board/reports/yearly?year=2026", method: .get, headers: bearer(board.secret)) { response in
                #expect(response.status == .ok)
                #expect(response.jsonObject?["year"] as? Int == 2026 && response.jsonObject?["format"] as? String == "tilsyn.yearly/1")
            }
            try await client.execute(uri: "/api/v1/board/reports/yearly?year=2026", method: .get) { response in
                #expect(response.status == .unauthorized)
                #expect(response.errorMessage == "This endpoint needs a valid board token in an 'Authorization: Bearer' header.")
            }
            try await client.execute(uri: "/api/v1/board/reports/yearly?year=2026", method: .get, headers: bearer(inspector.secret)) { response in
                #expect(response.status == .forbidden)
                #expect(response.errorMessage == "This endpoint is for the board role; your token is for the inspector role.")
            }
            try await client.execute(uri: "/api/v1/board/reports/yearly", method: .get, headers: bearer(board.secret)) { response in
                #expect(response.status == .badRequest)
                #expect(response.errorMessage == "The query parameter 'year' is required: the calendar year of the account, such as 2026.")
            }
            try await client.execute(uri: "/api/v1/board/reports/yearly?year=1999", method: .get, headers: bearer(board.secret)) { response in
                #expect(response.status == .badRequest)
                #expect(response.errorMessage == "The query parameter 'year' must be a calendar year from 2000 to 2200, such as 2026.")
            }
        }
        let viewed = try await service.database.auditEntries().filter { $0.event == "report.viewed" }.map(\.detail)
        #expect(viewed.contains("yearly 2026 html da") && viewed.contains("yearly 2026 md en"))
    }

    @Test func theChallengerReportIsServedInEitherLanguage() async throws {
        let base = try ServiceFixture.served
        let loaded = try Self.challengerReport(champion: base.model.fingerprint)
        let served = try ServedModel(register: base.register, challenger: loaded)
        let service = try await TestService(served: served)
        let board = service.board, inspector = service.inspector
        try await service.test { client in
            try await client.execute(uri: "/api/v1/board/reports/challenger?format=html", method: .get, headers: bearer(board.secret)) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains("<html lang=\"da\">"))
                #expect(response.text.contains("<h1>Den nuværende model og udfordreren, vurderet på stikprøvebesøgene fra 01.01.2025</h1>"))
                #expect(response.text.contains("<h2>Hvad etikrådet skal beslutte</h2>") && response.text.contains("@page { size: A4"))
            }
            try await client.execute(uri: "/api/v1/board/reports/challenger?format=md&lang=en", method: .get, headers: bearer(board.secret)) { response in
                #expect(response.text.hasPrefix("# Champion and challenger on the random arm from 2025-01-01\n"))
            }
            try await client.execute(uri: "/api/v1/board/reports/challenger", method: .get, headers: bearer(board.secret)) { response in
                #expect(response.status == .ok)
                #expect(Data(response.body.readableBytesView) == loaded.bytes, "the JSON is the file as given")
            }
            try await client.execute(uri: "/api/v1/board/reports/challenger", method: .get) { response in
                #expect(response.status == .unauthorized)
            }
            try await client.execute(uri: "/api/v1/board/reports/challenger", method: .get, headers: bearer(inspector.secret)) { response in
                #expect(response.status == .forbidden)
            }
        }
        // Without a report the route says how to give one.
        let plain = try await TestService()
        try await plain.test { client in
            try await client.execute(uri: "/api/v1/board/reports/challenger", method: .get, headers: bearer(plain.board.secret)) { response in
                #expect(response.status == .notFound)
                #expect(response.errorMessage == "The service was started without a challenger report (--challenger).")
            }
        }
    }

    @Test func aChallengerReportAboutAnotherChampionStopsTheStart() throws {
        let base = try ServiceFixture.served
        let other = try Self.challengerReport(champion: String(repeating: "ab", count: 32))
        let error = #expect(throws: ServiceSetupError.self) { try ServedModel(register: base.register, challenger: other) }
        #expect(error?.description == "The challenger report challenger-report.json compares the challenger with model abababababababab, not with the model served (\(base.model.fingerprint.prefix(16))); give the report that `tilsyn challenger --champion` wrote for the model in use.")
    }
}
