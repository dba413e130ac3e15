import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import TilsynService
@testable import TilsynStore

/// The company's HTML pages: the form in both languages, the card page, and errors as pages.
@Suite struct CompanyPageTests {
    @Test(arguments: [("da", "Adgangskode", "English"), ("en", "Access code", "Dansk")])
    func theLookupFormIsInBothLanguages(lang: String, label: String, switchTo: String) async throws {
        let service = try await TestService()
        try await service.test { client in
            try await client.execute(uri: "/company?lang=\(lang)", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/html") == true)
                #expect(response.text.contains("<html lang=\"\(lang)\">"))
                #expect(response.text.contains(label) && response.text.contains(switchTo))
                #expect(response.text.contains("method=\"post\" action=\"/company/card\""))
                #expect(!response.text.contains("<script"))
                expectSecurityHeaders(response)
            }
        }
    }

    @Test func theRootRedirectsAndAnUnknownLanguageIsRefused() async throws {
        let service = try await TestService()
        try await service.test { client in
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/company")
            }
            try await client.execute(uri: "/company?lang=de", method: .get) { expectError($0, .badRequest, "The query parameter 'lang' must be one of da, en.") }
        }
    }

    @Test func theFormShowsTheCardAsExplainWritesIt() async throws {
        let service = try await TestService()
        let a = service.a
        try await service.test { client in
            try await client.execute(uri: "/company/card", method: .post, headers: formHeaders,
                                     body: form([("unit", a.unit), ("code", a.code), ("language", "en")])) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.cacheControl] == "no-store")
                let html = response.text
                #expect(html.contains("<html lang=\"en\">"))
                #expect(html.contains("<svg"))
                #expect(html.contains(a.unit))
                #expect(html.contains("href=\"/company/correction?lang=en\""))
                #expect(!html.contains(a.code))
                expectSecurityHeaders(response)
            }
        }
    }

    @Test func aWrongCodeShowsTheFormAgainWithOneSentence() async throws {
        let service = try await TestService()
        let a = service.a, b = service.b
        try await service.test { client in
            try await client.execute(uri: "/company/card", method: .post, headers: formHeaders,
                                     body: form([("unit", b.unit), ("code", a.code), ("language", "da")])) { response in
                expectError(response, .notFound, "Vi kan ikke finde et kort med dette P-nummer og denne adgangskode. Tjek begge, og prøv igen.")
                #expect(response.headers[.contentType]?.hasPrefix("text/html") == true)
                #expect(response.text.contains("Vi kan ikke finde et kort med dette P-nummer og denne adgangskode."))
                #expect(!response.text.contains(a.code) && !response.text.contains("<svg"))
                expectSecurityHeaders(response)
            }
        }
    }

    @Test func aFormWithAFieldTwiceIs400NotAFault() async throws {
        let service = try await TestService()
        let a = service.a
        try await service.test { client in
            try await client.execute(uri: "/company/card", method: .post, headers: formHeaders,
                                     body: form([("unit", a.unit), ("unit", "other"), ("code", a.code)])) { response in
                expectError(response, .badRequest, "Formularen kunne ikke læses. Udfyld den igen, og send den én gang.")
            }
        }
        #expect(!service.logs.all.joined().contains("unhandled error"))
    }

        @Test func theFormIsRateLimitedToo() async throws {
        let service = try await TestService { $0.lookupLimits = LookupLimits(perClient: 2, perUnit: 10) }
        let a = service.a
        try await service.test { client in
            for _ in 0..<2 {
                try await client.execute(uri: "/company/card", method: .post, headers: formHeaders,
                                         body: form([("unit", a.unit), ("code", "nope")])) { expectError($0, .notFound, "Vi kan ikke finde et kort med dette P-nummer og denne adgangskode. Tjek begge, og prøv igen.") }
            }
            try await client.execute(uri: "/company/card", method: .post, headers: formHeaders,
                                     body: form([("unit", a.unit), ("code", a.code)])) { response in
                expectError(response, .tooManyRequests, "I har prøvet mange gange på kort tid. Vent 30 sekunder, og prøv så igen.")
                #expect(response.headers[.retryAfter] != nil)
                #expect(response.headers[.contentType]?.hasPrefix("text/html") == true)
            }
        }
    }

    @Test func theCorrectionFormListsTheCardsItemsAndAcceptsARequest() async throws {
        let service = try await TestService()
        let a = service.a
        let field = try #require(service.served.correctableFields.first)
        try await service.test { client in
            try await client.execute(uri: "/company/correction?lang=en", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains("value=\"\(field)\""))
                #expect(response.text.contains("value=\"other\""))
            }
            try await client.execute(uri: "/company/correction", method: .post, headers: formHeaders, body: form([
                ("unit", a.unit), ("code", a.code), ("field", field), ("claimed_value", "0"),
                ("message", "The notice was withdrawn."), ("contact", "hr@example.dk"), ("language", "en"),
            ])) { response in
                #expect(response.status == .created)
                #expect(response.text.contains("reference number 1"))
            }
            try await client.execute(uri: "/company/correction", method: .post, headers: formHeaders, body: form([
                ("unit", a.unit), ("code", "WRONG"), ("field", field), ("claimed_value", "0"), ("message", "m"), ("contact", "x"), ("language", "en"),
            ])) { response in
                expectError(response, .notFound, "We cannot find a card for this P-number and access code. Check both and try again.")
                #expect(response.text.contains("<form"))
            }
        }
    }
}
