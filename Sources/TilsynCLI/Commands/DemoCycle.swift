import Foundation
import TilsynApplication
import TilsynCore
import TilsynIO
import TilsynReports
import TilsynStore
import TilsynSynthetic

/// The demo's inspection cycle (`tilsyn demo --weeks N`): N weekly lists, simulated decisions and
/// outcomes drawn from the generator's true model, recorded through the same jobs as `tilsyn visits
/// record` and `tilsyn outcomes record`, the history exported from the store, a refit on the old history
/// plus the new visits, and the monitoring report — so every number can be checked against the truth.
///
/// The simulation: 3 % of listed units are not visited (the reasons in turn), 1.5 % deferred, the rest
/// visited by one of three inspectors of their region on a weekday of the week; three manual additions a
/// week; a visit finds a violation with the unit's true probability; visited units count as inspected
/// that day for the next weeks' exclusion. The register's other features stay as they were.
enum DemoCycle {
    static func run(weeks: Int, out: String, asOf: Int, seed: UInt64, store: TilsynDatabase, truth: SyntheticTruth,
                    threads: Int, progress: Progress) async throws -> [String] {
        func path(_ name: String) -> String { (out as NSString).appendingPathComponent(name) }
        let flags = ["certified", "private_household"]
        let modelInput = try ModelInput.read(path("model.json"))
        var register = try ScoredRegister.load(
            model: modelInput, register: path("register.csv"),
            columns: ListColumns(region: "region", flags: flags, required: true), seed: seed, threads: threads)
        let model = register.model
        let pTrue = try trueProbabilities(register: register, truth: truth)
        let visits = RecordVisits(store: store), outcomes = RecordOutcomes(store: store)
        let actor = "demo:simulated-inspectors"
        var truthSum = 0.0, truthCount = 0.0
        var decided = 0, visited = 0, notVisited = 0, deferred = 0, manual = 0, found = 0
        var listIDs: [Int64] = []

        for w in 1...weeks {
            let day = asOf + 7 * w
            progress.step("cycle week \(w) of \(weeks): list as of \(isoDate(day))")
            let order = ListOrder(asOf: isoDate(day), capacity: DemoList.capacity, quotas: .file(try InputFile.read(path("regions.csv"))),
                                  randomShare: DemoList.randomShare, seed: seed &+ UInt64(w), excludeDays: DemoList.excludeDays,
                                  excludeIf: flags, language: .en)
            let issued = try await IssueList(register: register, gate: ApprovalGate(store: store, allowUnapproved: false))
                .run(order, files: nil, recording: .init(store: store, issuedBy: "demo:planner"), at: DemoClock.at(day: day, hour: 9))
            guard let listID = issued.record?.id else { continue }
            listIDs.append(listID)
            for row in 0..<register.unitCount where issued.list.design.random[row] > 0 {
                truthSum += pTrue[row]
                truthCount += 1
            }

            var rng = SeededRandom(seed: seed, stream: 1000 + UInt64(w))
            var visitDrafts: [VisitDraft] = [], outcomeDrafts: [OutcomeDraft] = []
            var last = (try? register.table.numeric(register.columns.lastInspection)) ?? register.lastInspection
            let reasons = NonVisitReason.allCases
            func simulateOutcome(row: Int, unit: String, date: String, inspector: String) {
                let y = rng.bernoulli(pTrue[row])
                var reactions: [Reaction]
                if y {
                    let u = rng.uniform()
                    reactions = u < 0.05 ? [.forbud, .paabud] : (u < 0.25 ? [.strakspaabud] : [.paabud])
                    found += 1
                } else {
                    reactions = rng.bernoulli(0.3) ? [.vejledning] : [.none]
                }
                outcomeDrafts.append(OutcomeDraft(unit: unit, violationFound: y, reactions: reactions, date: date, inspector: inspector))
                last[row] = Double(parseISODate(date) ?? day)
            }
            for (i, entry) in issued.list.entries.enumerated() {
                let unit = issued.rows[i].unit
                let date = isoDate(day + rng.below(5))
                let inspector = "\(entry.region ?? "national")-\(1 + rng.below(3))"
                let u = rng.uniform()
                if u < 0.03 {
                    let reason = reasons[notVisited % reasons.count]
                    visitDrafts.append(VisitDraft(unit: unit, status: .notVisited, reason: reason,
                                                  reasonText: reason == .other ? "adressen er en byggeplads i denne måned" : "",
                                                  date: date, inspector: inspector))
                    notVisited += 1
                } else if u < 0.045 {
                    visitDrafts.append(VisitDraft(unit: unit, status: .deferred, reason: nil, reasonText: "", date: date, inspector: inspector))
                    deferred += 1
                } else {
                    visitDrafts.append(VisitDraft(unit: unit, status: .visited, reason: nil, reasonText: "", date: date, inspector: inspector))
                    visited += 1
                    simulateOutcome(row: entry.row, unit: unit, date: date, inspector: inspector)
                }
            }
            // Three manual additions: units not on the list, on suspicion.
            let listed = Set(issued.rows.map(\.unit))
            let manualReasons = ["klage fra en medarbejder", "alvorlig ulykke anmeldt", "erstatter en enhed, der er lukket"]
            var added = 0
            while added < 3 {
                let row = rng.below(register.unitCount)
                let unit = register.scores.units[row]
                guard !listed.contains(unit), !visitDrafts.contains(where: { $0.unit == unit }) else { continue }
                let date = isoDate(day + rng.below(5))
                let inspector = "\(register.region?[row] ?? "national")-\(1 + rng.below(3))"
                visitDrafts.append(VisitDraft(unit: unit, status: .manual, reason: nil, reasonText: manualReasons[added], date: date, inspector: inspector))
                simulateOutcome(row: row, unit: unit, date: date, inspector: inspector)
                added += 1
                manual += 1
            }
            // Manual additions keep their features as the demo register holds them this week.
            let snapshots = try ManualSnapshots(table: register.table, spec: model.spec,
                                                source: "demo register.csv as of \(isoDate(day)) (\(register.registerFile.sha256.prefix(16)), last inspections of the cycle's visits applied)")
            // Recorded the day after the week's last visit (visits fall on the list's day and the four after it).
            let recorded = DemoClock.at(day: day + 5, hour: 16)
            decided += try await visits.run(listID: listID, drafts: visitDrafts, recordedBy: actor, at: recorded, snapshots: snapshots)
            try await outcomes.run(listID: listID, drafts: outcomeDrafts, recordedBy: actor, at: recorded)

            // Visited units count as inspected for the next weeks' exclusion.
            var table = register.table
            table.columns[register.columns.lastInspection] = .numeric(last)
            register = try ScoredRegister(model: model, register: table, modelFile: register.modelFile, registerFile: register.registerFile,
                                          columns: register.columns, seed: seed, threads: threads)
        }

        // Export, refit on the old history plus the new visits, monitor.
        progress.step("exporting the history from the store and refitting")
        let exported = try await ExportHistory(store: store).run()
        try AtomicFile.write(exported.csv, to: path("cycle-history.csv"))
        let combined = try concatenate([path("history.csv"), path("cycle-history.csv")], spec: model.spec)
        try AtomicFile.write(combined, to: path("next-history.csv"))
        let (table, sha) = try CSVReader.readDigested(path: path("next-history.csv"), columns: ModelFitter.columnRequests(for: model.spec), threads: threads)
        let refit = try ModelFitter.fit(spec: model.spec, table: table, trainingFile: "next-history.csv", trainingSHA256: sha,
                                        created: isoDate(asOf + 7 * weeks) + "T00:00:00Z", threads: threads)
        try AtomicFile.write(refit.encodedForFile(), to: path("next-model.json"))
        let report = try await BuildMonitor(store: store).run()
        for language in ["da", "en"] {
            try AtomicFile.write(Array(try report.markdown(language: language).utf8), to: path("monitor.\(language).md"))
            try AtomicFile.write(Array(try report.html(language: language).utf8), to: path("monitor.\(language).html"))
        }
        try AtomicFile.write(JSONText.encode(report), to: path("monitor.json"))

        func pct(_ x: Double?) -> String { x.map { fixed(100 * $0, 1) + " %" } ?? "–" }
        func rate(_ r: MonitorReport.Rate) -> String {
            guard r.rate != nil else { return "not estimated (\(r.visits) of the \(report.minimumVisits) visits a rate needs)" }
            return "\(pct(r.rate)) [\(pct(r.ciLow)), \(pct(r.ciHigh))] of \(r.visits)"
        }
        let truthRate = truthCount > 0 ? truthSum / truthCount : nil
        var lines = ["", "The inspection cycle over \(weeks) \(weeks == 1 ? "week" : "weeks") (lists \(listIDs.map(String.init).joined(separator: ", ")); simulated inspectors, outcomes from the true model):"]
        lines.append("  decisions recorded: \(decided) (\(visited) visited, \(notVisited) not visited, \(deferred) deferred, \(manual) manual additions); outcomes: \(visited + manual), \(found) with a violation; every one has its audit entry")
        let channel = Dictionary(uniqueKeysWithValues: report.channels.map { ($0.group, $0) })
        lines.append("  hit rate: risk \(channel["risk"].map(rate) ?? "no visits"), random \(channel["random"].map(rate) ?? "no visits"), manual \(channel["manual"].map(rate) ?? "no visits")")
        let p = report.populationRate
        lines.append("  population violation rate: Horvitz–Thompson from the random arm \(pct(p.value)) [\(pct(p.ciLow)), \(pct(p.ciHigh))]; the truth the generator knows \(pct(truthRate)); the naive rate among inspected units \(pct(report.naiveInspectedRate.rate)) (biased towards high scores)")
        lines.append("  history export: cycle-history.csv, \(exported.rows) visits (\(exported.manualWritten) of them manual additions, with their features as at the visit\(exported.manualLeftOut > 0 ? "; \(exported.manualLeftOut) manual left out" : "")); refit on history.csv + cycle-history.csv (\(refit.fit.n) rows): fingerprint \(refit.fingerprint.prefix(16)) in next-model.json — not approved; `tilsyn diff --from model.json --to next-model.json` shows what changed")
        lines.append("  monitoring: monitor.{da,en}.{md,html}, monitor.json")
        if weeks >= 2 {
            lines += try challenger(out: out, since: asOf + 7 * weeks, created: isoDate(asOf + 7 * weeks) + "T00:00:00Z", threads: threads, progress: progress)
        }
        return lines
    }

    /// Champion and challenger: a refit on the visits before the last week's list, judged beside the
    /// demo model on that week's random-arm visits (`tilsyn challenger`); the challenger is not approved.
    static func challenger(out: String, since: Int, created: String, threads: Int, progress: Progress) throws -> [String] {
        func path(_ name: String) -> String { (out as NSString).appendingPathComponent(name) }
        progress.step("champion and challenger on the random arm from \(isoDate(since))")
        let order = CompareChallenger.Order(history: path("next-history.csv"), champion: try ModelInput.read(path("model.json")), spec: nil,
                                            sinceDay: since, lift: LiftOptions(topFraction: 0.2, resamples: 200))
        let (report, challenger) = try CompareChallenger(threads: threads).run(order, created: created)
        try AtomicFile.write(challenger.encodedForFile(), to: path("challenger.json"))
        for language in ["da", "en"] {
            try AtomicFile.write(Array(try report.markdown(language: language).utf8), to: path("challenger.\(language).md"))
            try AtomicFile.write(Array(try report.html(language: language).utf8), to: path("challenger.\(language).html"))
        }
        try AtomicFile.write(JSONText.encode(report), to: path("challenger-report.json"))
        func e(_ x: Estimate?, _ digits: Int) -> String {
            x?.value == nil ? "–" : "\(fixed(x?.value ?? 0, digits)) [\(fixed(x?.ciLow ?? 0, digits)), \(fixed(x?.ciHigh ?? 0, digits))]"
        }
        return [
            "  champion and challenger on the \(report.evaluation.rows) random-arm visits from \(report.since) (challenger refitted on the \(report.training.rows) visits before): AUC \(e(report.champion.auc, 3)) vs \(e(report.challenger.auc, 3)), difference \(e(report.differences.auc, 3)); Brier \(e(report.champion.brier, 4)) vs \(e(report.challenger.brier, 4)); challenger.json (fingerprint \(challenger.fingerprint.prefix(16))) makes no list until the board approves it; challenger.{da,en}.{md,html} have the comparison and the diff",
        ]
    }

    /// Every register unit's true violation probability: the generator's coefficients on the model's
    /// encoding of the register (the default spec encodes the columns the truth is defined on).
    static func trueProbabilities(register: ScoredRegister, truth: SyntheticTruth) throws -> [Double] {
        let layout = register.model.encoding
        let names = layout.columnNames
        let beta = names.enumerated().map { j, name in j == 0 ? truth.intercept : (truth.coefficients[name] ?? 0) }
        let encoder = register.model.encoder
        let n = register.unitCount, p = names.count, chunk = 4096
        var result = [Double](repeating: 0, count: n)
        var buffer = [Double](repeating: 0, count: p * chunk)
        var start = 0
        while start < n {
            let rows = start..<min(n, start + chunk)
            try buffer.withUnsafeMutableBufferPointer { out in
                try encoder.encode(register.prepared, rows: rows, into: out, leadingDimension: chunk, rowOffset: start)
            }
            for (i, r) in rows.enumerated() {
                var eta = 0.0
                for j in 0..<p { eta += beta[j] * buffer[j * chunk + i] }
                result[r] = 1 / (1 + exp(-eta))
            }
            start += chunk
        }
        return result
    }

    /// The spec's columns, the unit and the channel of several history files, one after the other, as one
    /// CSV (what `tilsyn fit` and `tilsyn challenger` read).
    static func concatenate(_ files: [String], spec: ModelSpec) throws -> [UInt8] {
        var names = ModelFitter.columnRequests(for: spec).map(\.name)
        for extra in [spec.unit, "channel"] where !names.contains(extra) { names.append(extra) }
        var writer = CSVWriter(header: names)
        for file in files {
            let table = try CSVReader.read(path: file, columns: names.map { ColumnRequest($0, .string) }, threads: 1)
            let columns = try names.map { try table.strings($0) }
            for r in 0..<table.rowCount {
                for c in columns { writer.append(c[r]) }
                writer.endRow()
            }
        }
        return writer.bytes
    }
}
