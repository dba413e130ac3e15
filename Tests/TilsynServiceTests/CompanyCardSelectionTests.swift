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
import _TilsynTestSupport

/// What a company sees about the list it is on: the service uses the newest recorded list of the model
/// that contains the unit; its cards are byte for byte what `tilsyn explain` writes; the company pages
/// speak the page's language, keep what was typed, switch language without the code and show the
/// status of a correction request.
@Suite struct CompanyCardSelectionTests {
    /// A service whose store holds one list: `a` chosen by risk, `c` drawn at random, `b` not on it.
    struct Listed {
        var service: TestService
        var c: IssuedAccessCode
        var regionOfA: String
        var lastRisk: ListDraft.Row
        var directory: URL
    }

    static func listed(approved: Bool = true, configure: (inout ServiceConfiguration) -> Void = { _ in }) async throws -> Listed {
        let directory = try CommandRunner.temporaryDirectory()
        let database = try TilsynDatabase(path: directory.appendingPathComponent("tilsyn.sqlite").path)
        let service = try await TestService(approved: approved, store: database, configure: configure)
        let served = service.served, scores = served.scores
        let region = try served.register.table.text("region")
        let rowA = try #require(served.register.row(of: service.a.unit))
        let regionOfA = region[rowA]
        let inRegion = scores.order.filter { region[$0] == regionOfA }
        let risk = Array(inRegion.prefix(6))
        let randomRow = inRegion[inRegion.count / 2]
        var rows = risk.enumerated().map { i, row in
            ListDraft.Row(rank: i + 1, unit: scores.units[row], channel: "risk", probability: scores.probability[row], region: regionOfA)
        }
        rows.append(.init(rank: 7, unit: scores.units[randomRow], channel: "random", probability: scores.probability[randomRow], region: regionOfA))
        let manifest = #"{"parameters":{"as_of":"2026-11-09"},"model":{"fingerprint":"\#(served.model.fingerprint)"},"counts":{},"regions":[{"region":"\#(regionOfA)","random_inclusion_probability":0.0015}]}"#
        _ = try await database.recordList(ListDraft(manifest: manifest, listSHA256: String(repeating: "c", count: 64), fingerprint: served.model.fingerprint,
                                              asOf: "2026-11-09", issuedBy: "test", rows: rows), at: isoTime("2026-11-09T12:00:00Z"))
        let codes = try await database.issueAccessCodes(units: [scores.units[randomRow]], at: isoTime("2026-11-16T08:00:00Z"))
        return Listed(service: service, c: try requireValue(codes.first), regionOfA: regionOfA, lastRisk: rows[5], directory: directory)
    }

    static func card(_ client: any TestClientProtocol, _ code: IssuedAccessCode, format: String = "json", language: String = "da") async throws -> (HTTPResponse.Status, String) {
        try await client.execute(uri: "/api/v1/company/card", method: .post, headers: jsonHeaders,
                                 body: jsonBody(["unit": code.unit, "code": code.code, "format": format, "language": language])) { ($0.status, $0.text) }
    }

    @Test func theServiceUsesTheListTheUnitIsOn() async throws {
        let l = try await Self.listed()
        try await l.service.test { client in
            let (status, text) = try await Self.card(client, l.service.a)
            #expect(status == .ok)
            let card = try JSONDecoder().decode(Explanation.self, from: Data(text.utf8))
            #expect(card.selection == ListSelection(channel: .risk, list: "store:1", region: l.regionOfA, inclusionProbability: nil,
                                                    cutoff: .init(rank: 6, probability: l.lastRisk.probability)))
            #expect(card.asOf == "2026-11-09", "the list's as-of date, not the configured one or today")
            let random = try JSONDecoder().decode(Explanation.self, from: Data(try await Self.card(client, l.c).1.utf8))
            #expect(random.selection?.channel == .random && random.selection?.inclusionProbability == 0.0015 && random.counterfactual == nil)
            for (language, phrase) in [("da", "Chancen for at blive udtrukket var 0,15 %"), ("en", "The chance of being drawn was 0.15 %")] {
                for format in ["html", "md"] {
                    let (_, rendered) = try await Self.card(client, l.c, format: format, language: language)
                    #expect(rendered.contains(phrase), "\(format) \(language)")
                }
            }
            // Danish cards write the list's date as the Danish reports do; English cards and the JSON keep ISO.
            let dates = [
                ("da", "html", ["Kortet handler om tilsynsliste nr. 1 med data pr. 09.11.2026.", "<div class=\"v small\">09.11.2026</div>", "<td class=\"date\">09.11.2026</td>"]),
                ("da", "md", ["Kortet handler om tilsynsliste nr. 1 med data pr. 09.11.2026.", "| Data pr. | 09.11.2026 |"]),
                ("en", "html", ["This card is about inspection list no. 1 with data as of 2026-11-09.", "<div class=\"v small\">2026-11-09</div>", "<td class=\"date\">2026-11-09</td>"]),
                ("en", "md", ["This card is about inspection list no. 1 with data as of 2026-11-09.", "| Data as of | 2026-11-09 |"]),
            ]
            for (language, format, phrases) in dates {
                let (_, rendered) = try await Self.card(client, l.service.a, format: format, language: language)
                for phrase in phrases { #expect(rendered.contains(phrase), "\(format) \(language): \(phrase)") }
                #expect(!rendered.contains(language == "da" ? "2026-11-09" : "09.11.2026"), "\(format) \(language)")
            }
            let off = try JSONDecoder().decode(Explanation.self, from: Data(try await Self.card(client, l.service.b).1.utf8))
            #expect(off.selection == ListSelection(channel: nil, list: "store:1", region: nil, inclusionProbability: nil, cutoff: nil))
        }
    }

    /// The service's card and `tilsyn explain`'s, for the same unit, list and date, are the same bytes.
    @Test(arguments: [("html", "da"), ("html", "en"), ("md", "da"), ("md", "en")])
    func theServicesCardIsByteForByteWhatExplainWrites(format: String, language: String) async throws {
        let l = try await Self.listed()
        let loaded = try ServiceFixture.loaded.get()
        let model = l.directory.appendingPathComponent("model.json").path, register = l.directory.appendingPathComponent("register.csv").path
        try loaded.modelJSON.write(to: URL(fileURLWithPath: model))
        try Data(loaded.registerCSV).write(to: URL(fileURLWithPath: register))
        for code in [l.service.a, l.c, l.service.b] {
            let served = try await l.service.test { client in try await Self.card(client, code, format: format, language: language).1 }
            let cli = try CommandRunner.run([
                "explain", "--model", model, "--data", register, "--db", l.directory.appendingPathComponent("tilsyn.sqlite").path,
                "--id", code.unit, "--format", format, "--lang", language, "--quiet",
                "--model-card", "/model-card?lang={lang}", "--method-link", "/method?lang={lang}",
                "--correction-link", "/company/correction?lang={lang}&field={field}",
            ])
            #expect(cli.status == 0, "\(cli.stderr)")
            #expect(cli.stdout == served, "\(code.unit) \(format) \(language)")
            guard format == "html" else { continue }
            // The company page shows the same card: the page is the card with only the navigation bar added after <body>.
            let page = try await l.service.test { client in
                try await client.execute(uri: "/company/card", method: .post, headers: formHeaders,
                                         body: form([("unit", code.unit), ("code", code.code), ("language", language)])) { $0.text }
            }
            let lines = page.components(separatedBy: "\n")
            let nav = try #require(lines.firstIndex { $0.hasPrefix("<nav ") })
            #expect(nav > 0 && lines[nav - 1] == "<body>" && lines.filter { $0.hasPrefix("<nav ") }.count == 1)
            #expect(lines.enumerated().filter { $0.offset != nav }.map(\.element).joined(separator: "\n") == cli.stdout,
                    "\(code.unit) \(language): the company page's card differs from explain's")
        }
    }

    @Test func aCardOfTheListStaysViewableLabelledAfterARejection() async throws {
        let l = try await Self.listed()
        _ = try await l.service.database.recordDecision(for: l.service.served.model, by: "Ethics board", decision: .rejected, note: "bias found", at: isoTime("2026-11-18T10:00:00Z"))
        try await l.service.test { client in
            let (status, html) = try await Self.card(client, l.service.a, format: "html", language: "da")
            #expect(status == .ok)
            #expect(html.contains("Etikrådet har siden trukket sin godkendelse af den model, listen pr. 09.11.2026 blev lavet med."))
            // A unit on no list gets nothing from a model the board no longer approves.
            let refused = try await Self.card(client, l.service.b)
            #expect(refused.0 == .serviceUnavailable)
            #expect(errorMessage(ofJSON: refused.1) == "The model in use does not have the board's approval at present, so no cards or lists are issued.", "\(refused.1)")
        }
    }

    @Test func pagesHaveNoEmptyAlertAndSpeakThePagesLanguage() async throws {
        let service = try await TestService { $0.lookupLimits = LookupLimits(perClient: 3, perUnit: 10) }
        let a = service.a
        try await service.test { client in
            for uri in ["/company", "/company?lang=en", "/company/correction", "/company/correction?lang=en", "/company/requests"] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .ok)
                    #expect(!response.text.contains("role=\"alert\""), "\(uri)")
                    for word in [">nil<", ">null<", ">undefined<", "nil</p>"] { #expect(!response.text.contains(word), "\(uri): \(word)") }
                }
            }
            try await client.execute(uri: "/company/card", method: .post, headers: formHeaders,
                                     body: form([("unit", a.unit), ("code", "WRONG"), ("language", "da")])) { response in
                expectError(response, .notFound, "Vi kan ikke finde et kort med dette P-nummer og denne adgangskode. Tjek begge, og prøv igen.")
                #expect(!response.text.contains("No card matches"))
                #expect(response.text.contains("value=\"\(a.unit)\""), "what was typed is kept")
            }
            try await client.execute(uri: "/company/card", method: .post, headers: formHeaders,
                                     body: form([("unit", a.unit), ("code", "WRONG"), ("language", "en")])) { expectError($0, .notFound, "We cannot find a card for this P-number and access code. Check both and try again.") }
            try await client.execute(uri: "/company/card", method: .post, headers: formHeaders,
                                     body: form([("unit", a.unit), ("code", "WRONG"), ("language", "da")])) { expectError($0, .notFound, "Vi kan ikke finde et kort med dette P-nummer og denne adgangskode. Tjek begge, og prøv igen.") }
            try await client.execute(uri: "/company/card", method: .post, headers: formHeaders,
                                     body: form([("unit", a.unit), ("code", a.code), ("language", "da")])) { response in
                expectError(response, .tooManyRequests, "I har prøvet mange gange på kort tid. Vent 20 sekunder, og prøv så igen.")
                let wait = response.headers[.retryAfter] ?? ""
                #expect(response.text.contains("I har prøvet mange gange på kort tid. Vent \(wait) sekund"), "\(response.text)")
                #expect(!response.text.contains("Too many"))
            }
            try await client.execute(uri: "/company/card", method: .post, headers: formHeaders,
                                     body: form([("unit", a.unit), ("language", "da")])) { response in
                expectError(response, .badRequest, "Feltet »Adgangskode« skal udfyldes.")
            }
        }
    }

    @Test func switchingLanguageKeepsTheCardWithoutTheCode() async throws {
        let service = try await TestService()
        let a = service.a
        try await service.test { client in
            let cookie = try await client.execute(uri: "/company/card", method: .post, headers: formHeaders,
                                                  body: form([("unit", a.unit), ("code", a.code), ("language", "da")])) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains("href=\"/company/card?lang=en\""))
                let setCookie = response.headers[.setCookie] ?? ""
                #expect(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict") && setCookie.contains("Path=/company"))
                return String(setCookie.split(separator: ";")[0])
            }
            #expect(!cookie.contains(a.code))
            var headers = HTTPFields()
            headers[.cookie] = cookie
            try await client.execute(uri: "/company/card?lang=en", method: .get, headers: headers) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains("<html lang=\"en\">") && response.text.contains(a.unit) && response.text.contains("<svg"))
            }
            // The correction form from the card: the unit, the line and its current value filled in.
            let field = "safety_org_registered"
            try await client.execute(uri: "/company/correction?lang=da&field=\(field)", method: .get, headers: headers) { response in
                #expect(response.text.contains("value=\"\(a.unit)\""))
                #expect(response.text.contains("<option value=\"\(field)\" selected>"))
                #expect(response.text.contains("Nuværende værdi på kortet: "))
            }
            // Without the session: the lookup form, asking for the code again, in the page's language.
            try await client.execute(uri: "/company/card?lang=da", method: .get) { response in
                #expect(response.status == .ok && !response.text.contains("<svg"))
                #expect(response.text.contains("Af sikkerhedsgrunde skal I indtaste adgangskoden igen"))
            }
        }
    }

    @Test func aReceiptLeadsToTheRequestsStatus() async throws {
        let service = try await TestService()
        let a = service.a
        try await service.test { client in
            try await client.execute(uri: "/company/correction", method: .post, headers: formHeaders, body: form([
                ("unit", a.unit), ("code", a.code), ("field", "apv_overdue"), ("claimed_value", "0"),
                ("message", "APV blev opdateret i maj."), ("language", "da"),
            ])) { response in
                #expect(response.status == .created)
                #expect(response.text.contains("Jeres anmodning har referencenummer 1."))
                #expect(response.text.contains("href=\"/company/requests?lang=da\""))
            }
            try await client.execute(uri: "/company/requests", method: .post, headers: formHeaders, body: form([
                ("unit", a.unit), ("code", a.code), ("reference", "1"), ("language", "da"),
            ])) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains("Anmodning nr. 1 om »Arbejdspladsvurdering (APV) ikke opdateret inden for 3 år«, sendt 20.11.2026: modtaget, endnu ikke behandlet."))
            }
            // Another unit's code, or a reference that is not the unit's: the same answer as a wrong code.
            try await client.execute(uri: "/company/requests", method: .post, headers: formHeaders, body: form([
                ("unit", service.b.unit), ("code", service.b.code), ("reference", "1"), ("language", "en"),
            ])) { response in
                expectError(response, .notFound, "We cannot find a card for this P-number and access code. Check both and try again.")
            }
        }
    }
}
