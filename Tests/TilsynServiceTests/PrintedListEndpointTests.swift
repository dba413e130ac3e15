import _TilsynTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import TilsynApplication
import TilsynCore
import TilsynReports
import TilsynService
import TilsynStore

/// The inspectors' printed list through the service: `GET /api/v1/inspector/lists/{id}?format=html|inspector`.
@Suite struct PrintedListEndpointTests {
    static var request: [String: Any] {
        ["as_of": "2026-11-16", "capacity": 40, "random_share": 0.25, "seed": 7, "exclude_days": 365,
         "exclude_if": ["certified", "private_household"]]
    }

    /// Issues the standard list and returns its id.
    static func issue(_ client: some TestClientProtocol, _ secret: String) async throws -> Int {
        try await client.execute(uri: "/api/v1/inspector/lists", method: .post, headers: bearer(secret), body: jsonBody(request)) { response in
            #expect(response.status == .created)
            return try #require((response.jsonObject?["list"] as? [String: Any])?["id"] as? Int)
        }
    }

    @Test func theInspectorListShowsRiskRowsWithReasonsAndRandomRowsWithout() async throws {
        let service = try await TestService()
        let secret = service.inspector.secret
        try await service.test { client in
            let id = try await Self.issue(client, secret)
            let confidential = try await client.execute(uri: "/api/v1/inspector/lists/\(id)?format=inspector", method: .get, headers: bearer(secret)) { response in
                ((response.jsonObject?["rows"] as? [[String: Any]]) ?? []).flatMap { ($0["reasons"] as? [[String: Any]]) ?? [] }
                    .filter { $0["confidential"] as? Bool == true }.count
            }
            #expect(confidential > 0, "the demo model's undisclosed complaints line is among some unit's top reasons")
            try await client.execute(uri: "/api/v1/inspector/lists/\(id)?format=inspector", method: .get, headers: bearer(secret)) { response in
                #expect(response.status == .ok)
                let body = try #require(response.jsonObject)
                #expect(body["format"] as? String == "tilsyn.inspector-list/1")
                #expect(body["language"] as? String == "da")
                let columns = try #require(body["columns"] as? [[String: Any]])
                #expect(columns.map { $0["header"] as? String } == ["Navn", "Adresse", "Branchegruppe"])
                let rows = try #require(body["rows"] as? [[String: Any]])
                #expect(rows.count == 40)
                #expect(rows.map { $0["list_number"] as? Int } == (1...40).map { $0 })
                let random = rows.filter { $0["channel"] as? String == "random" }, risk = rows.filter { $0["channel"] as? String == "risk" }
                #expect(random.count == 10 && risk.count == 30)
                for row in random {
                    // Shown without score, rank or reasons, so the visit is not steered by them.
                    #expect(row["probability"] is NSNull && row["risk_rank_in_register"] is NSNull && row["reasons"] is NSNull)
                    #expect(row["withheld"] as? String == "Stikprøve: sandsynlighed, risikorang og grunde vises ikke, så besøget ikke påvirkes af dem.")
                }
                for row in risk {
                    let rank = try #require(row["risk_rank_in_register"] as? Int)
                    #expect(rank >= 1 && rank <= 20_000)
                    let reasons = try #require(row["reasons"] as? [[String: Any]])
                    #expect(!reasons.isEmpty && reasons.count <= 3)
                    let points = reasons.compactMap { $0["points"] as? Double }
                    #expect(points == points.sorted(by: >) && points.allSatisfy { $0 > 0 })
                    // A confidential line never carries a value and says so in words.
                    for reason in reasons where reason["confidential"] as? Bool == true {
                        #expect(reason["value"] is NSNull)
                        #expect((reason["text"] as? String)?.hasPrefix("Oplysninger, som virksomheden ikke må få at vide (fx klager) (+") == true)
                    }
                }
                // The risk rows in a region come in score order, so their risk ranks increase.
                let shown = try #require(rows.first?["shown"] as? [String: String])
                #expect(shown["name"]?.isEmpty == false && shown["address"]?.contains(",") == true)
                let notes = try #require(body["notes"] as? [String: Any])
                #expect(notes["rank"] as? String == "Nr. er rækkens plads på listen. Risikorang i registret er enhedens plads blandt alle 20.000 enheder i registret efter den forudsagte sandsynlighed for en overtrædelse (1 = højest).")
            }
            try await client.execute(uri: "/api/v1/inspector/lists/\(id)?format=html&lang=en", method: .get, headers: bearer(secret)) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                let html = response.text
                #expect(html.contains("<html lang=\"en\">"))
                #expect(html.contains("<th class=\"rank\">Risk rank in the register</th>"))
                #expect(html.contains("Drawn at random – probability and reasons are not shown."))
                #expect(html.contains("@page { size: A4 landscape"))
            }
            try await client.execute(uri: "/api/v1/inspector/lists/\(id)?format=html", method: .get, headers: bearer(secret)) { response in
                let html = response.text
                #expect(html.components(separatedBy: "<span class=\"tag\">FORTROLIGT</span> Oplysninger, som virksomheden ikke må få at vide (fx klager) (+").count - 1 == confidential)
                #expect(html.contains("<html lang=\"da\">"))
                #expect(html.contains("<h1>Tilsynsliste nr. \(id)</h1>"))
                #expect(html.contains("<th class=\"rank\">Risikorang i registret</th><th class=\"unit\">Enhed</th><th>Navn</th><th>Adresse</th><th>Branchegruppe</th>"))
                #expect(!html.contains("Random") && !html.contains("risk rank"))
            }
        }
        let printed = try await service.database.auditEntries(last: 3).map(\.detail)
        #expect(printed.contains { $0.contains("printed list (html, da)") })
    }

    @Test func aListFromAnotherRegisterIsRefusedInOneSentence() async throws {
        let service = try await TestService()
        let secret = service.inspector.secret
        let sha = service.served.register.registerFile.sha256
        try await service.test { client in
            let id = try await Self.issue(client, secret)
            // The same list, recorded as if drawn from another register.
            let record = try #require(try await service.database.list(id: Int64(id)))
            let rows = try await service.database.listRows(id: Int64(id))
            let other = try await service.database.recordList(ListDraft(
                manifest: record.manifest.replacingOccurrences(of: sha, with: String(repeating: "0", count: 64)),
                listSHA256: record.listSHA256, fingerprint: record.fingerprint, asOf: record.asOf, issuedBy: "test",
                rows: rows.map { .init(rank: $0.rank, unit: $0.unit, channel: $0.channel, probability: $0.probability, region: $0.region) }),
                at: try #require(ISOTime.parse("2026-11-20T10:00:00Z")))
            let otherID = other.id
            try await client.execute(uri: "/api/v1/inspector/lists/\(otherID)?format=html", method: .get, headers: bearer(secret)) { response in
                expectError(response, .conflict, "List \(otherID) cannot be printed here: it was drawn from another register (SHA-256 0000000000000000) than the one loaded here (\(sha.prefix(16))). Print it where it was issued (tilsyn list writes it beside the list CSV).")
            }
            try await client.execute(uri: "/api/v1/inspector/lists/\(id)?format=pdf", method: .get, headers: bearer(secret)) { response in
                expectError(response, .badRequest, "The query parameter 'format' must be one of json, inspector, html.")
            }
        }
    }

    /// The printed list names exclusions in words (never a register column such as `certified`), puts
    /// capitalised headers over the counts, and quotes the board's note as the board wrote it rather than
    /// passing it off as the page's own words.
    @Test func theDanishListNamesExclusionsInWordsAndQuotesTheBoardsNote() async throws {
        let service = try await TestService()
        let secret = service.inspector.secret
        try await service.test { client in
            let id = try await Self.issue(client, secret)
            try await client.execute(uri: "/api/v1/inspector/lists/\(id)?format=html", method: .get, headers: bearer(secret)) { response in
                let html = response.text
                #expect(html.contains("<li>Kan udtages: ikke besøgt i de 365 dage før 16.11.2026 og ikke udelukket af en markering i registret for arbejdsmiljøcertifikat (kronesmiley) eller privat husstand.</li>"))
                #expect(html.contains("<thead><tr><th></th><th>Enheder</th><th>Besøgt for nylig</th><th>Udelukket: arbejdsmiljøcertifikat (kronesmiley)</th><th>Udelukket: privat husstand</th><th>Kan udtages</th><th>Kapacitet</th>"))
                #expect(html.contains("<tr><td>I alt</td><td class=\"n\">20.000</td>"))
                #expect(html.contains("· godkendt af etikrådet den 01.03.2026</p>"))
                #expect(html.contains("<p class=\"board-note\">Afgørelsen er registreret af »Ethics board« med denne begrundelse (ordret): »minutes 2026-03«</p>"))
                #expect(!html.contains("certified") && !html.contains("private_household") && !html.contains("flagged") && !html.contains("approved by"))
            }
            try await client.execute(uri: "/api/v1/inspector/lists/\(id)?format=html&lang=en", method: .get, headers: bearer(secret)) { response in
                let html = response.text
                #expect(html.contains("<li>Eligible: not inspected in the 365 days before 2026-11-16 and not excluded by a register flag for working-environment certificate (crown smiley) or private household.</li>"))
                #expect(html.contains("<th>Excluded: working-environment certificate (crown smiley)</th><th>Excluded: private household</th>"))
                #expect(html.contains("<p class=\"board-note\">The decision was recorded by “Ethics board” with this note (as written): “minutes 2026-03”</p>"))
            }
            try await client.execute(uri: "/api/v1/inspector/lists/\(id)?format=inspector", method: .get, headers: bearer(secret)) { response in
                #expect(response.jsonObject?["approval"] as? String == "godkendt af etikrådet den 01.03.2026")
                #expect(response.jsonObject?["approval_note"] as? String == "Afgørelsen er registreret af »Ethics board« med denne begrundelse (ordret): »minutes 2026-03«")
            }
        }
    }
}
