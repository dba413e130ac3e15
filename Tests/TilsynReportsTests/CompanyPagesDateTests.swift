import Testing
import TilsynReports

/// The company pages write dates with the reports' routine: the Danish way on a Danish page, ISO on an
/// English one, and a page in another language is Danish (as its texts are).
@Suite struct CompanyPagesDateTests {
    @Test func datesAreWrittenAsThePagesReaderWritesThem() {
        #expect(CompanyPages.date("2026-11-20", language: "da") == "20.11.2026")
        #expect(CompanyPages.date("2026-11-20", language: "en") == "2026-11-20")
        #expect(CompanyPages.date("2026-11-20", language: "de") == "20.11.2026")
        #expect(CompanyPages.date("2026-11-16T08:00:00Z", language: "da") == "16.11.2026 kl. 08.00 UTC")
        #expect(CompanyPages.date("2026-11-16T08:00:00Z", language: "en") == "2026-11-16 08:00 UTC")
        #expect(CompanyPages.date("uge 47", language: "da") == "uge 47")
    }
}
