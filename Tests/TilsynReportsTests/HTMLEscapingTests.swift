import Testing
import TilsynReports

@Suite struct HTMLEscapingTests {
    @Test func escapesMarkupCharacters() {
        #expect(HTMLEscaping.escape(#"<a href="x">Ærø & 'co'</a>"#) == "&lt;a href=&quot;x&quot;&gt;Ærø &amp; &#39;co&#39;&lt;/a&gt;")
    }
}
