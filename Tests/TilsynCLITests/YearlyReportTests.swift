import Foundation
import Testing
import TilsynApplication
import TilsynReports
import TilsynStore
import _TilsynTestSupport

/// The yearly account (`tilsyn report --year`) against a store built here with known contents: every
/// figure below is counted or computed by hand from what the test put in.
@Suite(.serialized) struct YearlyReportTests {
    let dir: URL

    init() throws { dir = try CommandRunner.temporaryDirectory() }

    /// Two models fitted on the spector data (all rows, and all but the last four rows).
    static func models() throws -> (FittedModel, FittedModel) {
        let spec = try Fixtures.spec("spector")
        let table = try Fixtures.table("spector", spec: spec)
        let a = try ModelFitter.fit(spec: spec, table: table, trainingFile: "spector.csv", trainingSHA256: "", created: "2025-12-01T00:00:00Z", threads: 1)
        let b = try ModelFitter.fit(spec: spec, table: table.rows(Array(0..<(table.rowCount - 4))), trainingFile: "spector-b.csv", trainingSHA256: "",
                                    created: "2026-05-01T00:00:00Z", threads: 1)
        return (a, b)
    }

    static let unapprovedManifest = #"{"approval":"unapproved (explicitly allowed, for demos and trials only)"}"#

    static func list(_ db: TilsynDatabase, fingerprint: String, asOf: String, manifest: String = #"{"approval":{"fingerprint":"x"}}"#,
                     _ rows: [(String, String, Double, String)]) async throws -> Int64 {
        let drafts = rows.enumerated().map { i, r in ListDraft.Row(rank: i + 1, unit: r.0, channel: r.1, probability: 0.3, region: r.3) }
        let selections = rows.map { UnitSelection(unit: $0.0, inclusionProbability: $0.2, features: ["x": "1"]) }
        let record = try await db.recordList(ListDraft(manifest: manifest, listSHA256: String(repeating: "cd", count: 32), fingerprint: fingerprint,
                                                 asOf: asOf, issuedBy: "planner", rows: drafts, selections: selections), at: isoTime(asOf + "T08:00:00Z"))
        return record.id
    }

    static func visit(_ unit: String, _ status: VisitStatus, _ reason: NonVisitReason? = nil, text: String = "", inspector: String = "i-1") -> VisitDraft {
        VisitDraft(unit: unit, status: status, reason: reason, reasonText: text, date: "2026-03-10", inspector: inspector)
    }

    static func outcome(_ unit: String, _ found: Bool) -> OutcomeDraft {
        OutcomeDraft(unit: unit, violationFound: found, reactions: found ? [.paabud] : [.none], date: "2026-03-10", inspector: "i-1")
    }

    /// The store: model A approved (2026-01-05) made a 2025 list and two 2026 lists (the second issued
    /// without approval); model B rejected in 2026, never used; four correction requests; one entry in 2027.
    static func build(_ db: TilsynDatabase) async throws -> (FittedModel, FittedModel) {
        let (a, b) = try models()
        try await db.recordDecision(for: a, by: "Etikrådet (formand A. Jensen)", decision: .approved, note: "møde 2026-01, punkt 3", at: isoTime("2026-01-05T09:00:00Z"))
        try await db.recordDecision(for: b, by: "Etikrådet (formand A. Jensen)", decision: .rejected, note: "møde 2026-06, punkt 2", at: isoTime("2026-06-01T09:00:00Z"))
        _ = try await list(db, fingerprint: a.fingerprint, asOf: "2025-12-29", [("OLD", "risk", 1, "Fyn")])
        let l2 = try await list(db, fingerprint: a.fingerprint, asOf: "2026-03-02", [
            ("R1", "risk", 1, "Fyn"), ("R2", "risk", 1, "Fyn"),
            ("S1", "random", 0.01, "Fyn"), ("S2", "random", 0.01, "Fyn"), ("S3", "random", 0.01, "Fyn"), ("S4", "random", 0.01, "Fyn"),
        ])
        let l3 = try await list(db, fingerprint: a.fingerprint, asOf: "2026-03-09", manifest: unapprovedManifest, [
            ("R3", "risk", 1, "Sjælland"), ("S5", "random", 0.02, "Sjælland"), ("S6", "random", 0.02, "Sjælland"),
        ])
        let t = isoTime("2026-03-12T10:00:00Z")
        try await db.recordVisits(listID: l2, [
            visit("R1", .visited), visit("R2", .notVisited, .closed), visit("S1", .visited), visit("S2", .visited, inspector: "i-2"),
            visit("S3", .visited), visit("S4", .deferred), visit("M1", .manual, text: "klage fra en medarbejder"),
        ], recordedBy: "i-1", at: t)
        try await db.recordOutcomes(listID: l2, [outcome("R1", true), outcome("S1", true), outcome("S2", false), outcome("S3", false), outcome("M1", true)],
                              recordedBy: "i-1", at: t)
        try await db.recordVisits(listID: l3, [visit("R3", .visited), visit("S5", .visited), visit("S6", .notVisited, .other, text: "byggeplads")],
                            recordedBy: "i-1", at: t)
        try await db.recordOutcomes(listID: l3, [outcome("R3", false), outcome("S5", true)], recordedBy: "i-1", at: t)

        let c0 = try await db.submitCorrection(unit: "R1", field: "employees", claimedValue: "12", message: "forkert", contact: nil, at: isoTime("2025-11-01T00:00:00Z"))
        let c1 = try await db.submitCorrection(unit: "R1", field: "employees", claimedValue: "12", message: "forkert", contact: nil, at: isoTime("2026-02-01T10:00:00Z"))
        try await db.resolveCorrection(id: c1.id, status: .inReview, by: "i-1", note: "", at: isoTime("2026-02-02T10:00:00Z"))
        try await db.resolveCorrection(id: c1.id, status: .accepted, by: "i-1", note: "rettet", at: isoTime("2026-02-04T10:00:00Z"))
        let c2 = try await db.submitCorrection(unit: "S1", field: "industry", claimedValue: "IG02", message: "forkert", contact: nil, at: isoTime("2026-03-01T00:00:00Z"))
        try await db.resolveCorrection(id: c2.id, status: .rejected, by: "i-2", note: "registret er korrekt", at: isoTime("2026-03-11T12:00:00Z"))
        _ = try await db.submitCorrection(unit: "S2", field: "industry", claimedValue: "IG03", message: "forkert", contact: nil, at: isoTime("2026-12-20T00:00:00Z"))
        try await db.resolveCorrection(id: c0.id, status: .accepted, by: "i-1", note: "rettet", at: isoTime("2026-01-02T00:00:00Z"))
        _ = try await db.submitCorrection(unit: "S3", field: "industry", claimedValue: "IG04", message: "forkert", contact: nil, at: isoTime("2027-01-02T00:00:00Z"))
        return (a, b)
    }

    static let now = isoTime("2027-01-10T00:00:00Z")

    @Test func theAccountCountsWhatTheStoreHolds() async throws {
        let db = try TilsynDatabase.inMemory()
        let (a, b) = try await Self.build(db)
        let account = try await BuildYearlyAccount(store: db, minimumVisits: 2).run(year: 2026, storeName: "tilsyn.sqlite", now: Self.now)

        #expect(account.models.map(\.fingerprint) == [a.fingerprint, b.fingerprint], "the model in use, then the one decided on in 2026")
        let ma = account.models[0], mb = account.models[1]
        #expect(ma.lists == 2 && ma.firstList == "2026-03-02" && ma.lastList == "2026-03-09" && ma.approvedAtYearEnd)
        #expect(ma.decisions.map(\.decision) == [.approved] && ma.name == a.name)
        #expect(mb.lists == 0 && mb.firstList == nil && !mb.approvedAtYearEnd && mb.decisions.map(\.decision) == [.rejected])

        #expect(account.lists == YearlyAccount.Lists(count: 2, rows: 9, byChannel: ["risk": 3, "random": 6], withoutApproval: 1))
        #expect(account.decisions == YearlyAccount.Decisions(visited: 6, notVisited: 2, deferred: 1, manual: 1,
                                                             notVisitedByReason: ["closed": 1, "other": 1], undecided: 0))

        // Hit rates per channel: risk R1 (found), R3; random S1 (found), S2, S3, S5 (found); manual M1 (found).
        let channels = Dictionary(uniqueKeysWithValues: account.monitoring.channels.map { ($0.group, $0) })
        #expect(channels["risk"]?.visits == 2 && channels["risk"]?.violations == 1)
        #expect(channels["random"]?.visits == 4 && channels["random"]?.violations == 2)
        #expect(channels["manual"]?.visits == 1 && channels["manual"]?.verdict == "insufficient")
        // Horvitz–Thompson: Fyn N = 4/0.01 = 400 with 1 of 3 found, Sjælland N = 2/0.02 = 100 with 1 of 1.
        let p = account.monitoring.populationRate
        let expected = (400.0 * (1.0 / 3) + 100.0 * 1) / 500
        #expect(p.value?.isClose(to: expected, relative: 1e-12) == true, "\(p.value ?? .nan) vs \(expected)")
        let variance = 0.8 * 0.8 * (1 - 3.0 / 400) * (3 * (1.0 / 3) * (2.0 / 3) / 2) / 3 + 0.2 * 0.2 * (1 - 1.0 / 100) * expected * (1 - expected) / 1
        #expect(p.standardError?.isClose(to: variance.squareRoot(), relative: 1e-12) == true)
        #expect(p.visits == 4 && p.withoutOutcome == 2 && p.inStrataWithoutOutcome == 0 && p.strata == 2)
        // The same numbers as `tilsyn monitor` over those lists (one computation).
        let monitor = BuildMonitor.report(history: try await db.visitHistory().filter { $0.listID != 1 }, arms: try await db.randomArms().filter { $0.listID != 1 },
                                          lists: 2, minimumVisits: 2)
        #expect(monitor == account.monitoring)

        // Corrections of 2026: accepted in 3 days, rejected in 10.5, one open for 21 days on 2027-01-10.
        let c = account.corrections
        #expect(c.received == 3 && c.resolved == 2 && c.unresolved == 1 && c.byStatus == ["accepted": 1, "rejected": 1, "open": 1])
        #expect(c.medianDaysToResolve == 6.75 && c.longestDaysToResolve == 10.5 && c.oldestUnresolvedDays == 21)

        // The audit chain: intact, its head the store's, the year's last entry before the one of 2027.
        let verification = try await db.verifyAuditChain()
        #expect(account.audit.intact && account.audit.entries == verification.entries && account.audit.head == verification.head)
        let entries = try await db.auditEntries()
        let lastOf2026 = try #require(entries.last { $0.at < "2027-01-01" })
        #expect(account.audit.lastOfYear == .init(id: lastOf2026.id, at: lastOf2026.at, hash: lastOf2026.hash))
        #expect(lastOf2026.id < (entries.last?.id ?? 0))
        #expect(account.fairness.reports.isEmpty && account.fairness.reason != nil)
    }

    @Test func danishAndEnglishPagesSayItInEachLanguage() async throws {
        let db = try TilsynDatabase.inMemory()
        _ = try await Self.build(db)
        let account = try await BuildYearlyAccount(store: db, minimumVisits: 2).run(year: 2026, storeName: "tilsyn.sqlite", now: Self.now)
        let da = try account.markdown(language: "da")
        #expect(da.contains("# Årsberetning 2026"))
        #expect(da.contains("I 2026 blev der udstedt 2 lister med i alt 9 enheder: 3 udvalgt efter risikoscore (33,3 %) og 6 udtrukket ved stikprøve (66,7 %)"), "\(da)")
        #expect(da.contains("1 liste blev lavet med en model, som etikrådet ikke havde godkendt"))
        #expect(da.contains("Af de udvalgte enheder blev 6 besøgt, 2 ikke besøgt og 1 udsat; for 0 er der ingen registreret afgørelse. De tilsynsførende tilføjede 1 enhed manuelt"))
        #expect(da.contains("Anslået andel af de enheder, der kunne udtages, med en overtrædelse: 46,7 %"), "\(da)")
        #expect(da.contains("ud fra 4 besøg i 2 strata"))
        #expect(da.contains("Modtaget i 2026: 3 anmodninger. Afgjort: 2 (1 godkendt, 1 afvist), med en median på 6,8 dage fra modtagelsen (den længste tog 10,5 dage). Endnu ikke afgjort: 1 (den ældste har ventet 21 dage)."), "\(da)")
        #expect(da.contains("| stikprøve | 4 | 2 | 50,0 % |"))
        #expect(da.contains("godkendt den 05.01.2026 af Etikrådet (formand A. Jensen) (møde 2026-01, punkt 3)"))
        #expect(da.contains("Hashkæden er intakt"))
        // Dates as a Dane writes them: the account's time, the models' first and last list, the year's last entry.
        #expect(da.contains("Den er lavet 10.01.2027 kl. 00.00 UTC ud fra databasen"), "\(da)")
        #expect(da.contains("| 02.03.2026 – 09.03.2026 |"), "\(da)")
        #expect(da.contains(/Årets sidste post er nr\. \d+ \(\d\d\.\d\d\.2026 kl\. \d\d\.\d\d UTC\)/), "\(da)")
        for english in [" visits", " lists ", "approved", " with a violation", "the board", "Hit rate"] {
            #expect(!da.contains(english), "English '\(english)' on the Danish page")
        }
        let en = try account.markdown(language: "en")
        #expect(en.contains("In 2026, 2 lists with 9 units in all were issued: 3 chosen by risk score (33.3 %) and 6 drawn at random (66.7 %)"), "\(en)")
        #expect(en.contains("1 list was made with a model the board had not approved"))
        #expect(en.contains("3 requests received in 2026: 2 decided (1 accepted, 1 rejected), in a median of 6.8 days from receipt (the longest took 10.5 days); 1 not yet decided (the oldest has waited 21 days)."), "\(en)")
        #expect(en.contains("Estimated share of eligible units with a violation: 46.7 %"))
        #expect(en.contains("It was made on 2027-01-10 00:00 UTC from the store") && en.contains("| 2026-03-02 – 2026-03-09 |"), "\(en)")
        let html = try account.html(language: "da")
        #expect(html.contains("<html lang=\"da\">") && html.contains("@page { size: A4"))
        #expect(html.contains("<h2>Anmodninger om rettelse</h2>"))
    }

    /// Drawn units in a stratum without any outcome are left out of the estimate, and said to be.
    @Test func strataWithoutOutcomesAreLeftOutAndSaidToBe() async throws {
        let p = PopulationRateEstimate(strata: [.init(eligible: 100, drawn: 2, withOutcome: 1, violations: 1),
                                                .init(eligible: 50, drawn: 3, withOutcome: 0, violations: 0)])
        #expect(p.value == 1 && p.strata == 1 && p.withoutOutcome == 4 && p.inStrataWithoutOutcome == 3)
        let monitor = MonitorReport(lists: 2, visits: 1, minimumVisits: 1, channels: [], naiveInspectedRate: .init(group: "all", visits: 1, violations: 1, minimum: 1),
                                    populationRate: p, calibration: [], byRegion: [], byInspector: [], weeks: [], manualReasons: [:], otherReasons: [:])
        #expect(try monitor.markdown().contains("from 1 random-arm visit in 1 stratum; 1 drawn unit has no outcome and is assumed missing at random within its stratum; 3 drawn on lists or in regions with no outcome yet are not in the estimate."))
        let account = YearlyAccount(year: 2026, generatedAt: "2027-01-10T00:00:00Z", store: "s", models: [], lists: .init(count: 2, rows: 5, byChannel: ["random": 5], withoutApproval: 0),
                                    decisions: .init(visited: 1, notVisited: 0, deferred: 0, manual: 0, notVisitedByReason: [:], undecided: 4), monitoring: monitor,
                                    fairness: .init(reports: [], reason: nil), corrections: .init(requests: []), audit: .init(intact: true, entries: 0, head: nil, firstBroken: nil, lastOfYear: nil))
        let da = try account.markdown(language: "da")
        #expect(da.contains("ud fra 1 besøg i 1 stratum (Horvitz–Thompson: hvert stikprøvebesøg vægtes med det omvendte af sandsynligheden for at blive udtrukket). 1 enhed udtrukket ved stikprøve har intet resultat og antages at mangle tilfældigt inden for samme liste og region. 3 enheder udtrukket ved stikprøve på lister eller i regioner uden noget resultat endnu indgår ikke i skønnet."), "\(da)")
        #expect(da.contains("Revisionsloggen er tom.") && da.contains("Der blev ikke modtaget nogen anmodning om rettelse i 2026."))
    }

    /// Fairness verdicts come from the reports given (the store keeps none), each marked by whether its
    /// model made the year's lists.
    @Test func fairnessVerdictsFromTheReportsGiven() async throws {
        let db = try TilsynDatabase.inMemory()
        _ = try await Self.build(db)
        let spec = try Fixtures.spec("fair")
        let model = try ModelFitter.fit(spec: spec, table: try Fixtures.table("fair", spec: spec), trainingFile: nil, trainingSHA256: "", created: "", threads: 2)
        let data = try CSVReader.read(path: Fixtures.path("fair.csv"), columns: FairnessReport.columnRequests(for: model, by: ["occupation"]), threads: 2)
        var options = FairnessOptions(rule: .topFraction(0.25))
        options.bootstrap = 20
        let fairness = try FairnessReport.build(model: model, table: data, by: ["occupation"], options: options, representative: true,
                                                dataFile: "fair.csv", dataSHA256: "")
        let account = try await BuildYearlyAccount(store: db).run(year: 2026, storeName: "tilsyn.sqlite", fairness: [("fairness.json", fairness)], now: Self.now)
        let report = try #require(account.fairness.reports.first)
        #expect(account.fairness.reason == nil && report.fingerprint == model.fingerprint && !report.modelInUse)
        let occupation = try #require(fairness.groupings.first)
        let summary = try #require(report.summary.groupings.first)
        #expect(summary.name == "occupation" && summary.pass == occupation.groups.filter { $0.verdict == "pass" }.count)
        #expect(summary.flag + summary.pass + summary.insufficient == occupation.groups.count)
        let da = try account.markdown(language: "da")
        #expect(da.contains("fairness.json: model `\(model.fingerprint.prefix(16))` (lavede ingen liste i 2026), hovedkriterium genfinding, udvælgelse de øverste 25,0 % efter score."), "\(da)")
        #expect(da.contains("- Efter `occupation`: \(summary.pass) bestået, \(summary.flag) markeret, \(summary.insufficient) utilstrækkeligt"))
    }

    /// `tilsyn report` on a store file: Markdown, HTML and JSON, and its refusals.
    @Test func theCommandWritesTheAccount() async throws {
        let path = dir.appendingPathComponent("tilsyn.sqlite").path
        _ = try await Self.build(try TilsynDatabase(path: path))
        let md = try CommandRunner.run(["report", "--year", "2026", "--db", path, "--lang", "en", "--minimum-visits", "2"], in: dir)
        #expect(md.status == 0, "\(md.stderr)")
        #expect(md.stdout.hasPrefix("# Yearly account 2026: Tilsyn's risk-based selection for inspections\n"))
        let out = dir.appendingPathComponent("year.json").path
        let json = try CommandRunner.run(["report", "--year", "2026", "--db", path, "--format", "json", "--out", out], in: dir)
        #expect(json.status == 0 && json.stdout == "Wrote \(out).\n", "\(json.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))) as? [String: Any]
        #expect(object?["format"] as? String == "tilsyn.yearly/1" && object?["year"] as? Int == 2026)
        #expect((object?["lists"] as? [String: Any])?["without_approval"] as? Int == 1)
        let badYear = try CommandRunner.run(["report", "--year", "26", "--db", path], in: dir)
        #expect(badYear.status != 0 && badYear.stderr.contains("Error: --year must be a calendar year from 2000 to 2200, not 26."), "\(badYear.stderr)")
        let noStore = try CommandRunner.run(["report", "--year", "2026", "--db", dir.appendingPathComponent("none.sqlite").path], in: dir)
        #expect(noStore.status != 0 && noStore.stderr == "Error: there is no store \(dir.appendingPathComponent("none.sqlite").path); give the store with --db, or create it with `tilsyn tokens issue` or `codes issue`.\n")
    }
}
