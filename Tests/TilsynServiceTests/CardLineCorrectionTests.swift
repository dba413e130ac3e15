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

/// Each line of the card on the company page links to the correction form for that line; the browser's
/// card session (never the code in an address) fills in the unit and the line's current value exactly as
/// the card shows it.
@Suite struct CardLineCorrectionTests {
    /// The card page's rows, as (link field, row text without tags), for rows that carry a correction link.
    static func linkedRows(_ html: String, language: String) -> [(field: String, row: String)] {
        let prefix = "href=\"/company/correction?lang=\(language)&amp;field="
        return html.components(separatedBy: "<tr>").compactMap { row in
            guard let start = row.range(of: prefix), let end = row[start.upperBound...].firstIndex(of: "\"") else { return nil }
            return (String(row[start.upperBound..<end]), PageText.plain(row))
        }
    }

    @Test(arguments: ["da", "en"])
    func everyDisclosedLineLinksToItsFormFilledFromTheSession(language: String) async throws {
        let service = try await TestService()
        let a = service.a
        let spec = service.served.model.spec
        try await service.test { client in
            let (cookie, html) = try await client.execute(uri: "/company/card", method: .post, headers: formHeaders,
                                                          body: form([("unit", a.unit), ("code", a.code), ("language", language)])) { response in
                #expect(response.status == .ok)
                return (String((response.headers[.setCookie] ?? "").split(separator: ";")[0]), response.text)
            }
            let rows = Self.linkedRows(html, language: language)
            // One link per line the company may dispute, in card order; none for the merged undisclosed line.
            #expect(Set(rows.map(\.field)) == Set(spec.features.filter(\.isDisclosed).map(\.name)))
            #expect(rows.count == spec.features.filter(\.isDisclosed).count)
            #expect(!html.contains(a.code), "the code is in no link or anywhere on the page")
            var headers = HTTPFields()
            headers[.cookie] = cookie
            for (field, row) in rows {
                let feature = try #require(spec.features.first { $0.name == field })
                let itemText = try #require(language == "da" ? feature.text?.da : feature.text?.en)
                try await client.execute(uri: "/company/correction?lang=\(language)&field=\(field)", method: .get, headers: headers) { response in
                    #expect(response.status == .ok)
                    let page = response.text
                    #expect(page.contains("<option value=\"\(field)\" selected>\(htmlEscaped(itemText))</option>"), "\(field)")
                    #expect(page.components(separatedBy: " selected>").count == 2, "one line chosen")
                    #expect(page.contains("name=\"unit\" required maxlength=\"64\" pattern=\"[A-Za-z0-9_\\-]+\" inputmode=\"numeric\" value=\"\(a.unit)\""))
                    #expect(page.contains("<input name=\"code\" type=\"password\" required maxlength=\"64\" autocomplete=\"off\">"), "the code is asked, never filled in")
                    // The current value, as the card's row for this line shows it.
                    let label = language == "da" ? "Nuværende værdi på kortet: " : "Current value on the card: "
                    let note = try #require(page.components(separatedBy: "<p class=\"note\">\(label)").dropFirst().first?.components(separatedBy: "</p>").first)
                    let value = PageText.plain(note)
                    #expect(!value.isEmpty)
                    #expect(row.contains(" \(value) ") || (value == (language == "da" ? "mangler" : "missing") && row.contains(value)),
                            "\(field): form says '\(value)', card row reads '\(row)'")
                    // The other language keeps the chosen line.
                    let other = language == "da" ? "en" : "da"
                    #expect(page.contains("href=\"/company/correction?lang=\(other)&amp;field=\(field)\""))
                }
            }
            // Without the session the link still chooses the line, but names no unit and no value.
            let field = try #require(rows.first?.field)
            try await client.execute(uri: "/company/correction?lang=\(language)&field=\(field)", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains("<option value=\"\(field)\" selected>"))
                #expect(response.text.contains("inputmode=\"numeric\" value=\"\">"))
                #expect(!response.text.contains(language == "da" ? "Nuværende værdi" : "Current value"))
            }
            // A field that is no card line chooses nothing and is no error.
            try await client.execute(uri: "/company/correction?lang=\(language)&field=nope", method: .get, headers: headers) { response in
                #expect(response.status == .ok)
                #expect(!response.text.contains(" selected>"))
            }
        }
    }

    @Test func aCardWrittenToAFileHasNoCorrectionLinks() throws {
        let fixture = try ExplainFixtures.demo.get()
        let explanation = try Explainer(model: fixture.model).explain(try fixture.model.encoder.prepare(fixture.register), row: 0, unit: "u", asOf: "2026-02-23")
        let links = CardLinks(modelCard: nil, method: nil, contact: try CardContact.builtIn())
        let html = try CardRenderer().render(explanation, model: fixture.model, format: .html, language: "da", links: links)
        #expect(!html.contains("/company/correction") && !html.contains("class=\"correct\""))
        var linked = links
        linked.correction = "/company/correction?lang={lang}&field={field}"
        let withLinks = try CardRenderer().render(explanation, model: fixture.model, format: .html, language: "da", links: linked)
        #expect(withLinks.contains("<th class=\"correct\">Forkert?</th>"))
        #expect(withLinks.contains("href=\"/company/correction?lang=da&amp;field=apv_overdue\""))
        // Markdown has no form to go to.
        #expect(try CardRenderer().render(explanation, model: fixture.model, format: .md, language: "da", links: linked)
                == CardRenderer().render(explanation, model: fixture.model, format: .md, language: "da", links: links))
    }
}

func htmlEscaped(_ s: String) -> String {
    s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
        .replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "'", with: "&#39;")
}
