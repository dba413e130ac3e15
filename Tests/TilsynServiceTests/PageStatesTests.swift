import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import TilsynService
import TilsynStore
import _TilsynTestSupport

/// Every state of the company pages (and the public pages), in both languages, answers without a 5xx
/// and shows no element whose text is `nil`, `null` or `undefined` — what a template shows when a value
/// it expected is absent — and no unrendered `{{placeholder}}`.
@Suite struct PageStatesTests {
    /// One page state: how it was reached, its status and its HTML.
    struct State: Sendable { var name: String; var status: HTTPResponse.Status; var html: String }

    static func expectClean(_ state: State, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(state.status.code < 500, "\(state.name): \(state.status)", sourceLocation: sourceLocation)
        #expect(PageText.emptyValueElements(state.html).isEmpty, "\(state.name): \(PageText.emptyValueElements(state.html))", sourceLocation: sourceLocation)
        #expect(!state.html.contains("{{") && !state.html.contains("}}"), "\(state.name): an unrendered placeholder", sourceLocation: sourceLocation)
        #expect(state.html.hasPrefix("<!DOCTYPE html>"), "\(state.name) is a whole page", sourceLocation: sourceLocation)
    }

    /// Visits every state: lookup, the three cards, language switch by session, correction form (without
    /// and with the session, each line), receipt, failed correction, status (found, not found, bad
    /// reference), wrong code, missing field, rate limit, expired session, method and model card pages.
    static func visit(_ client: any TestClientProtocol, a: IssuedAccessCode, b: IssuedAccessCode, c: IssuedAccessCode, features: [String],
                      language: String) async throws -> [State] {
        var states: [State] = []
        func get(_ name: String, _ uri: String, cookie: String? = nil) async throws {
            var headers = HTTPFields()
            if let cookie { headers[.cookie] = cookie }
            states.append(try await client.execute(uri: uri, method: .get, headers: headers) { State(name: name, status: $0.status, html: $0.text) })
        }
        func post(_ name: String, _ uri: String, _ fields: [(String, String)]) async throws -> HTTPFields {
            try await client.execute(uri: uri, method: .post, headers: formHeaders, body: form(fields + [("language", language)])) { response in
                states.append(State(name: name, status: response.status, html: response.text))
                return response.headers
            }
        }
        try await get("lookup form", "/company?lang=\(language)")
        let headers = try await post("risk card", "/company/card", [("unit", a.unit), ("code", a.code)])
        _ = try await post("random card", "/company/card", [("unit", c.unit), ("code", c.code)])
        _ = try await post("not-on-list card", "/company/card", [("unit", b.unit), ("code", b.code)])
        let cookie = String((headers[.setCookie] ?? "").split(separator: ";").first ?? "")
        try await get("card again, other language", "/company/card?lang=\(language == "da" ? "en" : "da")", cookie: cookie)
        try await get("card again, no session", "/company/card?lang=\(language)")
        try await get("correction form", "/company/correction?lang=\(language)")
        try await get("correction form with session", "/company/correction?lang=\(language)", cookie: cookie)
        for feature in features {
            try await get("correction form for \(feature)", "/company/correction?lang=\(language)&field=\(feature)", cookie: cookie)
        }
        _ = try await post("receipt", "/company/correction", [("unit", a.unit), ("code", a.code), ("field", "apv_overdue"),
                                                             ("claimed_value", "0"), ("message", "APV er opdateret."), ("contact", "")])
        _ = try await post("correction, empty message", "/company/correction", [("unit", a.unit), ("code", a.code), ("field", "apv_overdue"),
                                                                               ("claimed_value", "0"), ("message", "")])
        try await get("status form", "/company/requests?lang=\(language)")
        _ = try await post("request status", "/company/requests", [("unit", a.unit), ("code", a.code), ("reference", "1")])
        _ = try await post("request status, other unit", "/company/requests", [("unit", b.unit), ("code", b.code), ("reference", "1")])
        _ = try await post("request status, bad reference", "/company/requests", [("unit", a.unit), ("code", a.code), ("reference", "x")])
        _ = try await post("missing code", "/company/card", [("unit", a.unit)])
        _ = try await post("malformed unit", "/company/card", [("unit", "../x"), ("code", a.code)])
        _ = try await post("wrong code", "/company/card", [("unit", a.unit), ("code", "AAAA-AAAA-AAAA-AA")])
        for k in 0..<12 { _ = try await post("wrong code \(k + 2)", "/company/card", [("unit", a.unit), ("code", "AAAA-AAAA-AAAA-AA")]) }
        _ = try await post("rate limit", "/company/card", [("unit", a.unit), ("code", a.code)])
        try await get("method page", "/method?lang=\(language)")
        try await get("model card page", "/model-card?lang=\(language)")
        return states
    }

    @Test(arguments: ["da", "en"])
    func everyPageStateIsCleanOfEmptyValues(language: String) async throws {
        let l = try await CompanyCardSelectionTests.listed { $0.lookupLimits = LookupLimits(perClient: 12, perUnit: 10) }
        let a = l.service.a, b = l.service.b, c = l.c, features = l.service.served.model.spec.features.map(\.name)
        let states = try await l.service.test { client in
            try await Self.visit(client, a: a, b: b, c: c, features: features, language: language)
        }
        for state in states { Self.expectClean(state) }
        // The states meant are reached: each card, the receipt, the status and the limit.
        let codes: [String: Int] = Dictionary(states.map { ($0.name, Int($0.status.code)) }, uniquingKeysWith: { first, _ in first })
        #expect(codes["risk card"] == 200 && codes["random card"] == 200 && codes["not-on-list card"] == 200)
        #expect(codes["receipt"] == 201 && codes["request status"] == 200 && codes["wrong code"] == 404)
        #expect(codes["rate limit"] == 429)
        #expect(states.first { $0.name == "random card" }?.html.contains("<svg") == true)
    }

    /// A form naming a language the pages do not have is refused, as the OpenAPI document says, in Danish.
    @Test(arguments: ["/company/card", "/company/correction", "/company/requests"])
    func aFormInAnUnknownLanguageIsRefused(uri: String) async throws {
        let service = try await TestService()
        let a = service.a
        try await service.test { client in
            for language in ["de", ""] {
                try await client.execute(uri: uri, method: .post, headers: formHeaders,
                                         body: form([("unit", a.unit), ("code", a.code), ("language", language)])) { response in
                    expectError(response, .badRequest, "Sproget skal være da (dansk) eller en (engelsk).", "\(uri) language '\(language)'")
                    #expect(response.text.contains("<html lang=\"da\">"))
                    #expect(response.text.contains("<p class=\"notice\" role=\"alert\">Sproget skal være da (dansk) eller en (engelsk).</p>"))
                    #expect(PageText.emptyValueElements(response.text).isEmpty)
                }
            }
        }
    }

    @Test func theCheckFindsEmptyValuesWhereverTheyAre() {
        #expect(PageText.emptyValueElements("<p>nil</p>") == ["p: nil"])
        #expect(PageText.emptyValueElements("<table><tr><td><span> null\n</span></td></tr></table>").count == 4, "span, td, tr and table each read null")
        #expect(PageText.emptyValueElements(#"<input name="unit" value="undefined">"#) == ["input[value]: undefined"])
        #expect(PageText.emptyValueElements("<p class=\"notice\" role=\"alert\">Optional(nil)</p>") == ["p: Optional(nil)"])
        #expect(PageText.emptyValueElements("<p>Nilen er en flod; null fejl; undefined behaviour</p><style>p{}</style>").isEmpty)
        #expect(PageText.emptyValueElements("<p>a &amp; b</p><!-- nil -->").isEmpty)
        #expect(PageText.plain("<p>a &amp; <b>b</b>&#37;</p>") == "a & b %")
    }
}
