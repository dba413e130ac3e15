import _TilsynTestSupport
import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import TilsynCore
import TilsynService
@testable import TilsynStore

/// The company card API: its own card with the right code, nothing else with any other.
@Suite struct CompanyCardTests {
    @Test func theRightCodeGivesTheUnitsOwnCard() async throws {
        let service = try await TestService()
        let a = service.a, served = service.served
        try await service.test { client in
            try await client.execute(uri: "/api/v1/company/card", method: .post, headers: jsonHeaders,
                                     body: jsonBody(["unit": a.unit, "code": a.code])) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
                #expect(response.headers[.cacheControl] == "no-store")
                expectSecurityHeaders(response)
                let card = try JSONDecoder().decode(Explanation.self, from: Data(response.body.readableBytesView))
                #expect(card.unit == a.unit)
                #expect(card.rank == 1)
                #expect(card.model.fingerprint == served.model.fingerprint)
                #expect(abs(card.invariantResidual) < 1e-9)
                #expect(card.selection == nil && card.counterfactual == nil, "no list recorded: the card is about no list")
                #expect(!response.text.contains(a.code))
            }
        }
    }

    @Test(arguments: [("html", "text/html", "<svg"), ("md", "text/markdown", "| ")])
    func otherFormatsAreTheExplainRenderings(format: String, contentType: String, marker: String) async throws {
        let service = try await TestService()
        let a = service.a
        try await service.test { client in
            try await client.execute(uri: "/api/v1/company/card", method: .post, headers: jsonHeaders,
                                     body: jsonBody(["unit": a.unit, "code": a.code, "format": format, "language": "en"])) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix(contentType) == true)
                #expect(response.text.contains(marker))
                #expect(response.text.contains(a.unit))
            }
        }
    }

    @Test func aWrongCodeAndAnUnknownUnitGetTheSameAnswerAndAreAudited() async throws {
        let service = try await TestService()
        let a = service.a, b = service.b
        let wrong = try await service.test { client in
            try await client.execute(uri: "/api/v1/company/card", method: .post, headers: jsonHeaders,
                                     body: jsonBody(["unit": a.unit, "code": "WRONG-CODE-123"])) { ($0.status, $0.text) }
        }
        let unknown = try await service.test { client in
            try await client.execute(uri: "/api/v1/company/card", method: .post, headers: jsonHeaders,
                                     body: jsonBody(["unit": "9999999999", "code": a.code])) { ($0.status, $0.text) }
        }
        // Unit b's id with unit a's (valid) code: another company's card must not appear.
        let other = try await service.test { client in
            try await client.execute(uri: "/api/v1/company/card", method: .post, headers: jsonHeaders,
                                     body: jsonBody(["unit": b.unit, "code": a.code])) { ($0.status, $0.text) }
        }
        #expect(wrong.0 == .notFound && unknown.0 == .notFound && other.0 == .notFound)
        #expect(errorMessage(ofJSON: wrong.1) == "No card matches this unit id and access code.")
        #expect(wrong.1 == unknown.1 && unknown.1 == other.1)
        for text in [wrong.1, unknown.1, other.1] {
            #expect(!text.contains(a.code) && !text.contains(b.code))
            #expect(!text.contains("probability") && !text.contains("contribution"))
            #expect(!text.contains(a.unit) && !text.contains(b.unit))
        }
        let failed = try await service.database.writer.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_log WHERE event = 'card.lookup_failed'") ?? 0
        }
        #expect(failed == 3)
        #expect(try await service.database.verifyAuditChain().isIntact)
    }

    @Test func everyCardShownIsRecordedAsIssued() async throws {
        let service = try await TestService()
        let a = service.a
        try await service.test { client in
            for format in ["json", "html"] {
                try await client.execute(uri: "/api/v1/company/card", method: .post, headers: jsonHeaders,
                                         body: jsonBody(["unit": a.unit, "code": a.code, "format": format])) { #expect($0.status == .ok) }
            }
        }
        let issued = try await service.database.cardsIssued(unit: a.unit)
        #expect(issued.map(\.format) == ["json", "html"])
        #expect(issued.allSatisfy { $0.channel == "api" && $0.actor == "company" })
        #expect(try await service.database.verifyAuditChain().isIntact)
    }

    @Test(arguments: [
        ("{\"unit\": \"1\", \"code\": ", "The request body is not valid JSON."),
        ("{\"unit\": \"1\"}", "The request body lacks the field 'code'."),
        ("{\"unit\": 12, \"code\": \"x\"}", "The field 'unit' must be text."),
        ("[1, 2]", "The request body must be a JSON object."),
        ("{\"unit\": \"1\", \"code\": \"x\", \"language\": null}", "The field 'language' must be text, not null."),
        ("", "The request body is empty; expected a JSON object."),
    ])
    func malformedBodiesGetOneSentence(body: String, expected: String) async throws {
        let service = try await TestService()
        try await service.test { client in
            try await client.execute(uri: "/api/v1/company/card", method: .post, headers: jsonHeaders, body: rawBody(body)) { response in
                expectError(response, .badRequest, expected)
                expectSecurityHeaders(response)
            }
        }
    }

    @Test func oversizedBodiesAreRefused() async throws {
        let service = try await TestService { $0.maxBodyBytes = 2048 }
        let a = service.a
        try await service.test { client in
            let big = jsonBody(["unit": a.unit, "code": a.code, "padding": String(repeating: "x", count: 10_000)])
            try await client.execute(uri: "/api/v1/company/card", method: .post, headers: jsonHeaders, body: big) { response in
                expectError(response, .contentTooLarge, "The request body is larger than the 2048 bytes this service accepts.")
                #expect(!response.text.contains(a.code))
            }
        }
    }

    @Test(arguments: ["../../etc/passwd", "..%2F..%2Fetc", "/etc/passwd", "a b", String(repeating: "9", count: 65), "1;DROP TABLE", "\u{0}x"])
    func idsThatAreNotIdsAreRefused(unit: String) async throws {
        let service = try await TestService()
        let a = service.a
        try await service.test { client in
            try await client.execute(uri: "/api/v1/company/card", method: .post, headers: jsonHeaders,
                                     body: jsonBody(["unit": unit, "code": a.code])) { response in
                expectError(response, .badRequest, "The unit must be 1 to 64 letters, digits, '-' or '_'.")
                #expect(!response.text.contains("etc/passwd") && !response.text.contains("/work") && !response.text.contains(".csv"))
            }
        }
    }

    @Test func aCodeInTheAddressIsRefused() async throws {
        let service = try await TestService()
        let a = service.a
        try await service.test { client in
            try await client.execute(uri: "/api/v1/company/card?code=\(a.code)", method: .post, headers: jsonHeaders,
                                     body: jsonBody(["unit": a.unit, "code": a.code])) { response in
                expectError(response, .badRequest, "Send the access code in the request body, never in the address.")
            }
        }
        #expect(!service.logs.all.joined().contains(a.code))
    }

    @Test func otherMediaTypesAreRefused() async throws {
        let service = try await TestService()
        try await service.test { client in
            try await client.execute(uri: "/api/v1/company/card", method: .post, headers: [.contentType: "text/xml"], body: rawBody("<x/>")) { response in
                expectError(response, .unsupportedMediaType, "Send the body as application/json (or an HTML form), not 'text/xml'.")
            }
        }
    }

    @Test func rapidLookupsFromOneClientAreLimited() async throws {
        let service = try await TestService { $0.lookupLimits = LookupLimits(perClient: 5, perUnit: 100) }
        let a = service.a
        try await service.test { client in
            var statuses: [HTTPResponse.Status] = []
            for i in 0..<8 {
                let code = i % 2 == 0 ? a.code : "WRONG"
                statuses.append(try await client.execute(uri: "/api/v1/company/card", method: .post, headers: jsonHeaders,
                                                         body: jsonBody(["unit": a.unit, "code": code])) { response in
                    if i >= 5 { expectError(response, .tooManyRequests, "Too many lookups; try again in 12 seconds.") }
                    return response.status
                })
            }
            #expect(statuses.prefix(5) == [.ok, .notFound, .ok, .notFound, .ok])
            try await client.execute(uri: "/api/v1/company/card", method: .post, headers: jsonHeaders,
                                     body: jsonBody(["unit": a.unit, "code": a.code])) { response in
                expectError(response, .tooManyRequests, "Too many lookups; try again in 12 seconds.")
                let wait = try #require(response.headers[.retryAfter].flatMap { Int($0) })
                #expect(wait >= 1 && wait <= 60)
                #expect(!response.text.contains("probability"))
            }
            // A minute later the bucket has refilled.
            service.clock.advance(60)
            try await client.execute(uri: "/api/v1/company/card", method: .post, headers: jsonHeaders,
                                     body: jsonBody(["unit": a.unit, "code": a.code])) { #expect($0.status == .ok) }
        }
    }

    /// Issue 17, finding 6: wrong guesses for a unit from many addresses no longer lock its owner out.
    @Test func theOwnerIsServedWhileOthersGuessItsUnit() async throws {
        let service = try await TestService {
            $0.lookupLimits = LookupLimits(perClient: 100, perUnit: 3)
            $0.trustForwardedFor = true
        }
        let a = service.a
        try await service.test { client in
            for i in 0..<30 {
                var headers = jsonHeaders
                headers[HTTPField.Name("X-Forwarded-For")!] = "10.0.\(i / 3).\(i % 3 + 1)"
                try await client.execute(uri: "/api/v1/company/card", method: .post, headers: headers,
                                         body: jsonBody(["unit": a.unit, "code": "GUESS\(i)"])) { expectError($0, .notFound, "No card matches this unit id and access code.") }
            }
            var owner = jsonHeaders
            owner[HTTPField.Name("X-Forwarded-For")!] = "198.51.100.20"
            try await client.execute(uri: "/api/v1/company/card", method: .post, headers: owner,
                                     body: jsonBody(["unit": a.unit, "code": a.code])) { #expect($0.status == .ok) }
        }
    }

    /// One client's wrong codes for one unit are limited (and then its code is not checked at all), while
    /// the same client may still look up another unit and others may look up this one.
    @Test func wrongCodesForOneUnitAreLimitedPerClient() async throws {
        let service = try await TestService {
            $0.lookupLimits = LookupLimits(perClient: 100, perUnit: 3)
            $0.trustForwardedFor = true
        }
        let a = service.a, b = service.b
        try await service.test { client in
            func lookup(_ unit: String, _ code: String, from address: String) async throws -> HTTPResponse.Status {
                var headers = jsonHeaders
                headers[HTTPField.Name("X-Forwarded-For")!] = address
                return try await client.execute(uri: "/api/v1/company/card", method: .post, headers: headers,
                                                body: jsonBody(["unit": unit, "code": code])) { response in
                    switch response.status {
                    case .notFound: expectError(response, .notFound, "No card matches this unit id and access code.")
                    case .tooManyRequests: expectError(response, .tooManyRequests, "Too many lookups; try again in 20 seconds.")
                    default: break
                    }
                    return response.status
                }
            }
            var statuses: [HTTPResponse.Status] = []
            for i in 0..<5 { statuses.append(try await lookup(a.unit, "GUESS\(i)", from: "10.0.0.1")) }
            #expect(statuses == [.notFound, .notFound, .notFound, .tooManyRequests, .tooManyRequests])
            #expect(try await lookup(a.unit, a.code, from: "10.0.0.1") == .tooManyRequests)
            #expect(try await lookup(b.unit, b.code, from: "10.0.0.1") == .ok)
            #expect(try await lookup(a.unit, a.code, from: "10.0.0.2") == .ok)
            service.clock.advance(60)
            #expect(try await lookup(a.unit, a.code, from: "10.0.0.1") == .ok)
        }
    }

    @Test func noCardOnceTheBoardRejectsTheModel() async throws {
        let service = try await TestService()
        let a = service.a
        try await service.database.recordDecision(for: service.served.model, by: "Ethics board", decision: .rejected, note: "drift", at: isoTime("2026-11-19T10:00:00Z"))
        try await service.test { client in
            try await client.execute(uri: "/api/v1/company/card", method: .post, headers: jsonHeaders,
                                     body: jsonBody(["unit": a.unit, "code": a.code])) { response in
                expectError(response, .serviceUnavailable, "The model in use does not have the board's approval at present, so no cards or lists are issued.")
                #expect(!response.text.contains("probability"))
            }
        }
    }

    @Test func anUnapprovedModelServesOnlyWhenAllowed() async throws {
        let refused = try await TestService(approved: false)
        let allowed = try await TestService(approved: false) { $0.allowUnapproved = true }
        for (service, expected) in [(refused, HTTPResponse.Status.serviceUnavailable), (allowed, .ok)] {
            let a = service.a
            try await service.test { client in
                try await client.execute(uri: "/api/v1/company/card", method: .post, headers: jsonHeaders,
                                         body: jsonBody(["unit": a.unit, "code": a.code])) { response in
                    if expected == .ok {
                        #expect(response.status == .ok)
                    } else {
                        expectError(response, expected, "The model in use does not have the board's approval at present, so no cards or lists are issued.")
                    }
                }
            }
        }
    }
}
