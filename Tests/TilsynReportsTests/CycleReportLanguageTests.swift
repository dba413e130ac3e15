import _TilsynTestSupport
import Foundation
import Testing
import TilsynCore
import TilsynIO
import TilsynReports

/// The monitoring page and the champion–challenger report in Danish, as a Danish board reads them: whole
/// sentences, decimal commas and `[a; b]` intervals, Danish thousands separators, singular and plural by
/// count, and no English left — and the English pages keep saying the same in English.
@Suite struct CycleReportLanguageTests {
    /// 1,250 visits: 1,000 risk (550 found), 200 random (20 found), 50 manual (below the minimum); one
    /// random stratum of 10,000 eligible units with 200 drawn and 198 with an outcome.
    static func report(lists: Int = 2) -> MonitorReport {
        let min = 30
        let strata = [PopulationRateEstimate.Stratum(eligible: 10_000, drawn: 200, withOutcome: 198, violations: 20)]
        return MonitorReport(
            lists: lists, visits: 1_250, minimumVisits: min,
            channels: [.init(group: "risk", visits: 1_000, violations: 550, minimum: min), .init(group: "random", visits: 200, violations: 20, minimum: min),
                       .init(group: "manual", visits: 50, violations: 10, minimum: 60)],
            naiveInspectedRate: .init(group: "all inspected", visits: 1_250, violations: 580, minimum: min),
            populationRate: PopulationRateEstimate(strata: strata),
            calibration: [.init(band: "[0.4, 0.6)", meanPredicted: 0.5, found: .init(group: "[0.4, 0.6)", visits: 1_000, violations: 550, minimum: min))],
            byRegion: [.init(group: "(none)", visits: 3, violations: 1, minimum: min)], byInspector: [.init(group: "Fyn-1", visits: 3, violations: 1, minimum: min)],
            weeks: [.init(week: "2026-W47", decisions: 1_250, manual: 3, notVisited: ["closed": 2, "other": 1])],
            manualReasons: ["klage fra en medarbejder": 2, "alvorlig ulykke anmeldt": 1], otherReasons: ["byggeplads": 1])
    }

    /// Words that would mean an English sentence or label was left on a Danish page.
    static let english = ["visit", "visits", "Visits", "rate", "Rate", "channel", "Channel", "estimated", "insufficient", "Monitoring", "week", "Week",
                          "inspector", "Inspector", "Reasons", "not visited", "champion", "Champion", "Challenger", " better", "What ", " the ",
                          "Brier score", "Performance", "random-arm", "left out", "None.", "Added:", "converged", "fill", "log loss", "true", "false"]

    /// `word` as a word of prose: `injury_rate` (a column's name in a table) does not hold the word "rate".
    static func has(_ text: String, _ word: String) -> Bool {
        text.range(of: "(?<![A-Za-z_])" + NSRegularExpression.escapedPattern(for: word) + "(?![A-Za-z_])", options: .regularExpression) != nil
    }

    @Test func monitoringInDanishReadsAsDanish() throws {
        let md = try Self.report().markdown(language: "da")
        #expect(md.hasPrefix("# Overvågning: 2 lister, 1.250 besøg med et registreret resultat\n"))
        #expect(md.contains("| risikoscore | 1.000 | 550 | 55,0 % | [51,9; 58,1] % | estimeret |"))
        #expect(md.contains("| manuelt tilføjet | 50 | 10 | – | – | utilstrækkeligt (færre end 30 besøg) |"))
        #expect(md.contains("Anslået andel med en overtrædelse blandt alle enheder, der kunne udtages: **10,1 %** ["))
        #expect(md.contains("] %, ud fra 198 stikprøvebesøg i 1 stratum; 2 udtrukne enheder har intet resultat og antages at mangle tilfældigt inden for deres stratum."))
        #expect(md.contains("| [0,4; 0,6) | 1.000 | 50,0 % | 55,0 % | [51,9; 58,1] % | estimeret |"))
        #expect(md.contains("| (ingen region) | 3 | 1 | – | – | utilstrækkeligt (færre end 30 besøg) |"))
        #expect(md.contains("| uge 47, 2026 | 1.250 | 3 | 2 | 0 | 0 | 0 | 1 |"))
        #expect(md.contains("Kolonnerne Lukket, Flyttet, Ikke fundet, Kapacitet og Andet tæller de udvalgte enheder, der ikke blev besøgt, efter den begrundelse, den tilsynsførende gav."))
        #expect(md.contains("Begrundelser for manuelt tilføjede enheder, med de tilsynsførendes ord: »klage fra en medarbejder« (2); »alvorlig ulykke anmeldt« (1)."))
        #expect(md.contains("Til sammenligning er andelen blandt alle besøgte enheder 46,4 % [43,7; 49,2] %; den overrepræsenterer enheder med høj score og er ikke en andel for hele populationen."))
        for word in Self.english { #expect(!Self.has(md, word), "English left on the Danish page: \(word)") }
        // No decimal point in any number: every figure has the Danish comma.
        #expect(md.range(of: #"\d\.\d(?!\d\d)"#, options: .regularExpression) == nil, "\(md)")
        let one = try Self.report(lists: 1).markdown(language: "da")
        #expect(one.hasPrefix("# Overvågning: 1 liste, 1.250 besøg"))
        let html = try Self.report().html(language: "da")
        #expect(html.contains("<html lang=\"da\">") && html.contains("<title>Tilsyn: overvågning</title>") && html.contains("@page { size: A4"))
    }

    @Test func monitoringInEnglishSaysTheSame() throws {
        let md = try Self.report().markdown(language: "en")
        #expect(md.hasPrefix("# Monitoring: 2 lists, 1,250 visits with an outcome\n"))
        #expect(md.contains("| risk | 1,000 | 550 | 55.0 % | [51.9, 58.1] % | estimated |"))
        #expect(md.contains("from 198 random-arm visits in 1 stratum; 2 drawn units have no outcome and are assumed missing at random within their stratum."))
        #expect(md.contains("| 2026-W47 | 1,250 | 3 | 2 | 0 | 0 | 0 | 1 |"))
        #expect(md.contains("Reasons for manual rows, in the inspectors' words: “klage fra en medarbejder” (2); “alvorlig ulykke anmeldt” (1)."))
        #expect(try Self.report().html().contains("<html lang=\"en\">"))
    }

    static func challenger() throws -> ChallengerReport {
        let spec = try Fixtures.spec("synthetic")
        let table = try CSVReader.read(path: Fixtures.path("synthetic.csv"), columns: TimeSplitValidation.columnRequests(for: spec), threads: 2)
        let days = try table.numeric("inspection_date")
        let split = try #require(parseISODate("2024-07-01"))
        let champion = try ModelFitter.fit(spec: spec, table: table.rows(days.indices.filter { Int(days[$0]) < split }), trainingFile: "synthetic.csv",
                                           trainingSHA256: "", created: "", threads: 2)
        return try ChallengerComparison.run(
            spec: spec, champion: champion, table: table, sinceDay: try #require(parseISODate("2025-01-01")), historyFile: "synthetic.csv",
            historySHA256: "abc", created: "2025-01-01T00:00:00Z", lift: LiftOptions(topFraction: 0.2, resamples: 50), threads: 2).report
    }

    @Test func theChallengerReportInDanishReadsAsDanish() throws {
        let report = try Self.challenger()
        let md = try report.markdown(language: "da")
        #expect(md.hasPrefix("# Den nuværende model og udfordreren, vurderet på stikprøvebesøgene fra 01.01.2025\n"))
        let rows = CardNumbersForTest.grouped(report.evaluation.rows)
        #expect(md.contains("Vurderet på \(rows) stikprøvebesøg fra \(CardNumbersForTest.danishDate(report.evaluation.dateMin)) til \(CardNumbersForTest.danishDate(report.evaluation.dateMax)), heraf \(report.evaluation.events) med fund ("))
        #expect(md.contains("Begge modeller vurderes på de samme \(rows) stikprøvebesøg fra 01.01.2025, som ingen af dem er estimeret på; den nuværende models risikoudvalgte besøg er udeladt, fordi den selv har valgt dem."))
        #expect(md.contains("| Mål | Nuværende model [95 %] | Udfordrer [95 %] | Udfordrer − nuværende [95 %] | Sådan læses det |"))
        #expect(md.contains("| Konvergeret | ja | ja |"))
        #expect(md.contains("## Hvad etikrådet skal beslutte\nListerne laves fortsat med den nuværende model, indtil etikrådet godkender udfordrerens fingeraftryk `\(report.challenger.fingerprint.prefix(16))`"))
        let auc = try #require(report.champion.auc?.value)
        #expect(md.contains("| AUC (DeLong) | " + String(format: "%.3f", auc).replacingOccurrences(of: ".", with: ",") + " ["))
        for word in Self.english { #expect(!Self.has(md, word), "English left on the Danish page: \(word)") }
        let html = try report.html(language: "da")
        #expect(html.contains("<html lang=\"da\">") && html.contains("@page { size: A4"))
        #expect(md.contains("Godkendelsen registreres af et medlem af etikrådet med medlemmets eget token.") && !md.contains("--token"))
        // The English page keeps its sentences; the board's decision is said in words, without CLI options.
        let en = try report.markdown(language: "en")
        #expect(en.hasPrefix("# Champion and challenger on the random arm from 2025-01-01\n") && en.contains("## What changed (tilsyn diff)"))
        #expect(en.contains("`, recorded by a board member under their own board token. Until then a list made with the challenger is refused,"))
        #expect(!en.contains("--by") && !en.contains("--token"))
        #expect(en.contains("| | Champion | Challenger |\n|---|---|---|\n| fingerprint | `"))
        // No text key is left unfilled on either page (a key missing from a language's file prints itself).
        for file in ["challenger", "modeldiff"] {
            for language in ["da", "en"] {
                let url = Fixtures.repositoryRoot.appendingPathComponent("Explain/\(file).\(language).json")
                let texts = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: String])
                for key in texts.keys where key.contains("_") {
                    #expect(!md.contains(key) && !en.contains(key), "\(file).\(language): \(key) printed as itself")
                }
            }
        }
    }
}

/// Thousands as the Danish pages group them, written out here so the test does not call the code it checks.
enum CardNumbersForTest {
    /// `2025-01-31` as a Dane writes it, `31.01.2025`.
    static func danishDate(_ iso: String?) -> String {
        guard let iso else { return "–" }
        let parts = iso.split(separator: "-")
        return "\(parts[2]).\(parts[1]).\(parts[0])"
    }

    static func grouped(_ n: Int) -> String {
        let digits = Array(String(n))
        return String(digits.enumerated().flatMap { i, d in (i > 0 && (digits.count - i) % 3 == 0 ? ["."] : []) + [d] })
    }
}
