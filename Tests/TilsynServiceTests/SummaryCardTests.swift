import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import TilsynCore
import TilsynReports
import TilsynService
import TilsynStore
import _TilsynTestSupport

/// The opt-in summary JSON card (`"detail": "summary"`): a few kilobytes, its lines the full card's, and
/// recorded before it is shown exactly like the full card, the record naming the form.
@Suite struct SummaryCardTests {
    @Test func theSummaryCardHoldsTheFullCardsLinesAndIsRecordedAsSuch() async throws {
        let service = try await TestService()
        let a = service.a
        try await service.test { client in
            let full = try await client.execute(uri: "/api/v1/company/card", method: .post, headers: jsonHeaders,
                                                body: jsonBody(["unit": a.unit, "code": a.code])) { response in
                #expect(response.status == .ok)
                return try #require(response.jsonObject)
            }
            let (summaryText, summary) = try await client.execute(uri: "/api/v1/company/card", method: .post, headers: jsonHeaders,
                                                                  body: jsonBody(["unit": a.unit, "code": a.code, "detail": "summary"])) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
                return (response.text, try #require(response.jsonObject))
            }
            let explicitFull = try await client.execute(uri: "/api/v1/company/card", method: .post, headers: jsonHeaders,
                                                        body: jsonBody(["unit": a.unit, "code": a.code, "detail": "full"])) { response in
                try #require(response.jsonObject)
            }
            #expect(NSDictionary(dictionary: explicitFull) == NSDictionary(dictionary: full), "detail full is the default card")
            #expect(summary["detail"] as? String == "summary")
            #expect(summary["texts"] as? String == ServiceConfiguration.cardTextsPath)
            for key in ["unit", "model", "probability", "log_odds", "baseline_log_odds", "baseline_probability", "rank", "percentile", "as_of", "selection"] {
                #expect((summary[key] as? NSObject) == (full[key] as? NSObject), "\(key)")
            }
            let lines = try #require(summary["contributions"] as? [[String: Any]])
            let fullLines = try #require(full["contributions"] as? [[String: Any]])
            #expect(lines.map { $0["feature"] as? String } == fullLines.map { $0["feature"] as? String })
            #expect(summaryText.utf8.count < 8_000, "\(summaryText.utf8.count) bytes")
        }
        let records = try await service.database.cardsIssued(unit: a.unit)
        #expect(records.map(\.format) == ["json", "json-summary", "json"])
        let disclosed = try await service.database.auditEntries(subject: "unit:\(a.unit)").filter { $0.event == "card.disclosed" }
        #expect(disclosed.count == 3)
        #expect(disclosed.filter { $0.detail.contains(#""format":"json-summary""#) }.count == 1)
        #expect(try await service.database.verifyAuditChain().isIntact)
    }

    @Test func anUnknownDetailIs400NamingTheFieldAndItsValues() async throws {
        let service = try await TestService()
        let a = service.a
        try await service.test { client in
            try await client.execute(uri: "/api/v1/company/card", method: .post, headers: jsonHeaders,
                                     body: jsonBody(["unit": a.unit, "code": a.code, "detail": "short"])) { response in
                expectError(response, .badRequest, "detail must be full or summary.")
            }
            try await client.execute(uri: "/api/v1/company/card", method: .post, headers: jsonHeaders,
                                     body: jsonBody(["unit": a.unit, "code": a.code, "detail": "summary", "format": "html"])) { response in
                expectError(response, .badRequest, "detail summary is a form of the JSON card only; leave detail out or ask for format json.")
            }
        }
        #expect(try await service.database.cardsIssued(unit: a.unit).isEmpty, "no card was shown, so none is on record")
    }

    @Test func theCardTextsDocumentHoldsEachLinesSourceAndText() async throws {
        let service = try await TestService()
        let a = service.a
        try await service.test { client in
            let fullLines = try await client.execute(uri: "/api/v1/company/card", method: .post, headers: jsonHeaders,
                                                     body: jsonBody(["unit": a.unit, "code": a.code])) { response in
                try #require(response.jsonObject?["contributions"] as? [[String: Any]])
            }
            try await client.execute(uri: ServiceConfiguration.cardTextsPath, method: .get) { response in
                #expect(response.headers[.eTag]?.hasSuffix("-2\"") == true, "the tag names the document's form")
                let features = try #require(response.jsonObject?["features"] as? [String: [String: Any]])
                for line in fullLines {
                    let name = try #require(line["feature"] as? String)
                    let shared = try #require(features[name], "\(name)")
                    #expect((shared["source"] as? NSObject) == (line["source"] as? NSObject), "\(name)")
                    #expect((shared["text"] as? NSObject) == (line["text"] as? NSObject), "\(name)")
                }
            }
        }
    }
}
