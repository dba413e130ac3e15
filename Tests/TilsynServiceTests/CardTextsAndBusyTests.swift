import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import TilsynCore
import TilsynReports
import TilsynService
import TilsynStore
import _TilsynTestSupport

/// The API's JSON card leaves the texts every card of the model shares to one cacheable document; and a
/// store held by another writer gets a 503 with `Retry-After`, never a 500 and never an unrecorded card.
@Suite struct CardTextsAndBusyTests {
    @Test func theJSONCardNamesTheSharedTextsWhichAreServedOnceAndCached() async throws {
        let service = try await TestService()
        let a = service.a
        try await service.test { client in
            let card = try await client.execute(uri: "/api/v1/company/card", method: .post, headers: jsonHeaders,
                                                body: jsonBody(["unit": a.unit, "code": a.code])) { response in
                #expect(response.status == .ok)
                return response.text
            }
            let object = try #require(try JSONSerialization.jsonObject(with: Data(card.utf8)) as? [String: Any])
            #expect(object["texts"] as? String == ServiceConfiguration.cardTextsPath)
            let lines = try #require(object["contributions"] as? [[String: Any]])
            #expect(lines.allSatisfy { $0["correction"] == nil && $0["unit_of_measure"] == nil })
            #expect(lines.allSatisfy { $0["text"] is [String: Any] && $0.keys.contains("source") && $0["columns"] is [Any] },
                    "the contract's fields stay on every line")
            let tag = try await client.execute(uri: ServiceConfiguration.cardTextsPath, method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.cacheControl] == "public, max-age=3600")
                expectSecurityHeaders(response)
                let texts = try #require(response.jsonObject)
                let features = try #require(texts["features"] as? [String: [String: Any]])
                for line in lines {
                    let name = try #require(line["feature"] as? String)
                    #expect(features[name] != nil, "\(name)")
                }
                return try #require(response.headers[.eTag])
            }
            try await client.execute(uri: ServiceConfiguration.cardTextsPath, method: .get, headers: [.ifNoneMatch: tag]) { response in
                #expect(response.status == .notModified)
            }
        }
    }

    /// Issue 17, finding 3, on the company page (``BusyStoreTests`` covers the API): while another process
    /// holds the write lock past the busy timeout, the page answers 503 with `Retry-After` and its own
    /// sentence (not 500), nothing is shown unrecorded, and once the lock is released the same form gets
    /// the card, recorded, with the chain intact.
    @Test func aBusyStoreGets503OnTheCompanyPageThenTheCardOnceFree() async throws {
        let directory = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("tilsyn.sqlite").path
        let service = try await TestService(store: try TilsynDatabase(path: path))
        let a = service.a
        // Another writer (think `tilsyn codes issue` from an older version) holds the write lock.
        var configuration = Configuration()
        configuration.allowsUnsafeTransactions = true
        let other = try DatabaseQueue(path: path, configuration: configuration)
        try other.inDatabase { db in try db.execute(sql: "BEGIN IMMEDIATE") }
        try await service.test { client in
            try await client.execute(uri: "/company/card", method: .post, headers: formHeaders,
                                     body: form([("unit", a.unit), ("code", a.code), ("language", "da")])) { response in
                expectError(response, .serviceUnavailable, "Vi kan ikke vise kortet lige nu, fordi systemet er optaget af en anden opgave. Prøv igen om et par sekunder.")
                #expect(response.headers[.retryAfter] == "2")
                #expect(response.text.contains("Vi kan ikke vise kortet lige nu, fordi systemet er optaget af en anden opgave. Prøv igen om et par sekunder."))
                #expect(!response.text.contains("<svg"), "no card")
            }
        }
        #expect(!service.logs.all.contains { $0.contains("unhandled error") })
        try other.inDatabase { db in try db.execute(sql: "COMMIT") }
        #expect(try await service.database.cardsIssued(unit: a.unit).isEmpty, "a card that could not be recorded was not shown")
        try await service.test { client in
            try await client.execute(uri: "/company/card", method: .post, headers: formHeaders,
                                     body: form([("unit", a.unit), ("code", a.code), ("language", "da")])) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains("<svg"))
            }
        }
        #expect(try await service.database.cardsIssued(unit: a.unit).count == 1)
        #expect(try await service.database.verifyAuditChain().isIntact)
    }
}
