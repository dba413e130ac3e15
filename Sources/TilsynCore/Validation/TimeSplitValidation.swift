import Foundation
import TilsynNumerics

/// Fits a spec on the inspections before a date and evaluates it on the inspections from that date on.
///
/// Time-based rather than random splitting because the list is used prospectively: a model must be
/// judged on inspections it could not have seen, in a later period, as it will be in use.
public enum TimeSplitValidation {
    /// Weeks of capacity at which precision and recall are reported.
    public static let weekMultiples = [1, 2, 4, 8, 13]
    /// Share of weekly inspections assumed risk-selected when no capacity is given (Arbejdstilsynet
    /// selects "about 55 percent" through its index; see research/domain-anchors.md).
    public static let defaultRiskShare = 0.55

    /// The columns a history must provide.
    public static func columnRequests(for spec: ModelSpec) -> [ColumnRequest] {
        let fitting = ModelFitter.columnRequests(for: spec)
        return fitting + [
            ColumnRequest(spec.unit, .string), ColumnRequest("channel", .categorical, required: false),
        ].filter { extra in !fitting.contains { $0.name == extra.name } }
    }

    /// Runs the validation.
    /// - Parameters:
    ///   - table: the history, read with ``columnRequests(for:)``.
    ///   - splitDay: the first evaluation day (days since 1970); training is every row before it.
    ///   - capacityPerWeek: the weekly capacity for precision@k; default `round(0.55 × evaluation
    ///     inspections per week)`, at least 1.
    ///   - dataFile/dataSHA256: provenance of the history file.
    ///   - lift: the top fraction of the model lift and its bootstrap (see ``LiftOptions``).
    /// - Throws: ``DataError`` for a missing date or an empty side of the split, ``FitError`` when the
    ///   training period cannot be fitted.
    public static func run(
        spec: ModelSpec, table: DataTable, splitDay: Int, capacityPerWeek: Int?,
        dataFile: String, dataSHA256: String, lift: LiftOptions = LiftOptions(), seed: UInt64 = TieBreak.defaultSeed,
        threads: Int = defaultThreadCount
    ) throws -> ValidationReport {
        guard let dateColumn = spec.date else {
            throw SpecError(field: "date", problem: "a time-based validation needs the spec's \"date\" column (the inspection date)")
        }
        let (trainRows, evalRows) = try TimeSplit.rows(table, dateColumn: dateColumn, splitDay: splitDay)
        let days = try table.numeric(dateColumn)
        let split = isoDate(splitDay)
        let train = table.rows(trainRows)
        let evaluation = table.rows(evalRows)
        let model = try ModelFitter.fit(spec: spec, table: train, trainingFile: dataFile, trainingSHA256: dataSHA256, created: "", threads: threads)
        let logOdds = try Scorer.linearPredictor(model: model, table: evaluation, threads: threads)
        let probability = logOdds.map(Scorer.logistic)
        let y = try ModelFitter.labels(evaluation, spec: spec)
        let trainY = try ModelFitter.labels(train, spec: spec)
        let events = y.reduce(0, +)

        func period(_ t: DataTable, _ labels: [Double]) throws -> ValidationReport.Period {
            let d = try t.numeric(dateColumn)
            let lo = d.min().map { Int($0) }, hi = d.max().map { Int($0) }
            return .init(rows: t.rowCount, events: Int(labels.reduce(0, +)), dateMin: lo.map(isoDate), dateMax: hi.map(isoDate),
                         weeks: lo.flatMap { l in hi.map { Double($0 - l + 1) / 7 } })
        }
        var evalPeriod = try period(evaluation, y)
        // The evaluation period runs from the split date, even if the first inspection came later.
        if let hi = days.indices.filter({ Int(days[$0]) >= splitDay }).map({ Int(days[$0]) }).max() {
            evalPeriod.weeks = Double(hi - splitDay + 1) / 7
        }
        var notes: [String] = []

        let aucEstimate = RankMetrics.auc(scores: logOdds, labels: y).map { r in
            Estimate(value: r.auc, ciLow: max(0, r.auc - Interval.z * r.se), ciHigh: min(1, r.auc + Interval.z * r.se),
                     estimand: "among_inspected", method: "DeLong")
        }
        if aucEstimate == nil { notes.append("The evaluation period has only one outcome, so the AUC is undefined.") }
        let recalibration = Calibration.recalibration(logOdds: logOdds, labels: y)
        if recalibration == nil { notes.append("The logistic recalibration could not be fitted on the evaluation period (one outcome only or separation).") }

        // Capacity per week and precision/recall at multiples of it.
        let weeks = max(evalPeriod.weeks ?? 1, 1)
        let capacity: Int, source: String
        if let capacityPerWeek {
            capacity = capacityPerWeek
            source = "set for this validation"
        } else {
            capacity = max(1, Int((defaultRiskShare * Double(evaluation.rowCount) / weeks).rounded(.toNearestOrAwayFromZero)))
            source = "default: 0.55 × \(evaluation.rowCount) evaluation inspections / \(fixedText(weeks, 1)) weeks (the risk-selected share of a week's inspections)"
        }
        let units = try evaluation.unitIDs(spec.unit)
        let order = Scorer.rankOrder(logOdds: logOdds, units: units, seed: seed)
        var cumulative = [Int](repeating: 0, count: order.count + 1)
        for (i, row) in order.enumerated() { cumulative[i + 1] = cumulative[i] + (y[row] == 1 ? 1 : 0) }
        var topK: [ValidationReport.TopK] = []
        for multiple in weekMultiples {
            let wanted = multiple * capacity
            let k = min(wanted, order.count)
            if k < wanted { notes.append("\(multiple) weeks of capacity (\(wanted)) exceed the \(order.count) evaluation inspections; precision and recall use k = \(k).") }
            let hits = cumulative[k]
            let p = Interval.wilson(successes: hits, trials: k)
            let r = Interval.wilson(successes: hits, trials: Int(events))
            topK.append(.init(
                weeks: multiple, k: k, hits: hits,
                precision: Estimate(value: k > 0 ? Double(hits) / Double(k) : nil, ciLow: p?.low, ciHigh: p?.high, estimand: "among_inspected", method: "Wilson"),
                recall: Estimate(value: events > 0 ? Double(hits) / events : nil, ciLow: r?.low, ciHigh: r?.high, estimand: "among_inspected", method: "Wilson")))
        }

        // Channels: hit rates, lift of risk over random, AUC on the random arm.
        var channels: ValidationReport.Channels?
        if evaluation.columns["channel"] != nil {
            let channel = try evaluation.categorical("channel")
            var counts: [ValidationReport.ChannelCount] = []
            var byName: [String: (n: Int, events: Int)] = [:]
            for level in channel.levels.indices {
                let rows = channel.codes.indices.filter { channel.codes[$0] == Int32(level) }
                guard !rows.isEmpty else { continue }
                let e = rows.reduce(0) { $0 + (y[$1] == 1 ? 1 : 0) }
                byName[channel.levels[level]] = (rows.count, e)
            }
            for name in byName.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
                guard let c = byName[name] else { continue }
                let ci = Interval.wilson(successes: c.events, trials: c.n)
                counts.append(.init(channel: name, n: c.n, events: c.events, hitRate: Estimate(
                    value: Double(c.events) / Double(c.n), ciLow: ci?.low, ciHigh: ci?.high,
                    estimand: name == "random" ? "population" : "among_inspected", method: "Wilson")))
            }
            var channelLift: Estimate?
            if let risk = byName["risk"], let random = byName["random"] {
                // The same score interval as the fairness ratios: a channel with no violations still gets
                // an honest interval (lower limit 0) instead of none.
                if let r = Interval.riskRatio(a: risk.events, n1: risk.n, c: random.events, n2: random.n), let ratio = r.ratio {
                    channelLift = Estimate(value: ratio, ciLow: r.low, ciHigh: r.high, estimand: "risk_vs_random", method: "Miettinen–Nurminen score interval")
                } else {
                    notes.append("The historical channel lift is undefined: the random-audit inspections of the evaluation period have no violations, so there is nothing to divide by.")
                }
            } else {
                notes.append("The history has no 'risk' and 'random' channels in the evaluation period, so no historical channel lift is reported.")
            }
            var aucRandom: Estimate?
            if let level = channel.levels.firstIndex(of: "random") {
                let rows = channel.codes.indices.filter { channel.codes[$0] == Int32(level) }
                if let r = RankMetrics.auc(scores: rows.map { logOdds[$0] }, labels: rows.map { y[$0] }) {
                    aucRandom = Estimate(value: r.auc, ciLow: max(0, r.auc - Interval.z * r.se), ciHigh: min(1, r.auc + Interval.z * r.se),
                                         estimand: "population", method: "DeLong")
                }
            }
            channels = .init(counts: counts, historicalChannelLift: channelLift, historicalChannelLiftDescription: historicalLiftDescription,
                             aucRandomArm: aucRandom)
        }
        let modelLift = try modelLift(evaluation: evaluation, logOdds: logOdds, labels: y, units: units, capacity: capacity,
                                      options: lift, seed: seed)

        notes.append("Metrics over all evaluation inspections describe units that were inspected, mostly because they scored high (estimand 'among_inspected'); only the random-audit arm estimates performance on the whole eligible population (estimand 'population').")

        var brier = Interval.mean(RankMetrics.squaredErrors(probability: probability, labels: y))
        brier?.method = "normal approximation to the mean"
        let logLoss = Interval.mean(RankMetrics.logLosses(probability: probability, labels: y))
        return ValidationReport(
            model: .init(name: model.name, version: model.version, fingerprint: model.fingerprint),
            data: .init(file: dataFile, sha256: dataSHA256),
            splitDate: split,
            training: try period(train, trainY),
            evaluation: evalPeriod,
            fit: .init(iterations: model.fit.iterations, converged: model.fit.converged, warnings: model.fit.warnings),
            auc: aucEstimate, brier: brier, logLoss: logLoss,
            calibrationIntercept: recalibration?.intercept, calibrationSlope: recalibration?.slope,
            calibrationInTheLarge: Calibration.inTheLarge(logOdds: logOdds, labels: y),
            reliability: Calibration.reliability(probability: probability, labels: y),
            capacityPerWeek: capacity, capacitySource: source, topK: topK, modelLift: modelLift, channels: channels, notes: notes)
    }

    /// What the history's risk-over-random ratio is, said where it is reported.
    public static let historicalLiftDescription = "What the earlier selection achieved: the violation rate of the history's risk-selected inspections over that of its random-audit inspections in the evaluation period. It describes the selection that made the history, not this model; the model's own lift is model_lift."

    /// The model lift on the evaluation period's random-audit rows (`channel = random`).
    static func modelLift(evaluation: DataTable, logOdds: [Double], labels: [Double], units: [String], capacity: Int,
                          options: LiftOptions, seed: UInt64) throws -> ValidationReport.ModelLiftEstimate {
        let fraction: Double, source: String, basis: String
        if let f = options.topFraction {
            fraction = f
            source = "set for this validation"
            basis = "option"
        } else if let register = options.registerUnits, register > 0 {
            let weekly = options.listCapacity ?? capacity
            fraction = min(1, Double(weekly) / Double(register))
            source = "the list's weekly share of the register: \(weekly) risk places per week among \(register) units"
            basis = "register_share"
        } else {
            basis = "fallback"
            fraction = LiftOptions.fallbackFraction
            source = "default 0.1: the register's size was not given, so the list's weekly share of the register is unknown"
        }
        var estimate = ValidationReport.ModelLiftEstimate(
            value: nil, ciLow: nil, ciHigh: nil, topFraction: fraction, topFractionSource: source, topFractionBasis: basis,
            registerUnits: basis == "register_share" ? options.registerUnits : nil,
            listCapacity: basis == "register_share" ? (options.listCapacity ?? capacity) : nil, randomArmRows: 0, randomArmEvents: 0,
            k: 0, hits: 0, bootstrap: options.resamples, seed: seed,
            method: "percentile bootstrap over the random arm (\(options.resamples) resamples, SeededRandom stream \"LIFT\")",
            description: "This model's lift: among the evaluation period's random-audit inspections, the violation rate of those the model ranks in its top \(TimeSplitValidation.fixedText(100 * fraction, 2)) % over the violation rate of all of them.",
            reason: nil)
        guard evaluation.columns["channel"] != nil else {
            estimate.reason = "the history has no channel column, so no inspections are known to be random audits"
            return estimate
        }
        let channel = try evaluation.strings("channel")
        let rows = channel.indices.filter { channel[$0] == "random" }
        guard !rows.isEmpty else {
            estimate.reason = "the evaluation period has no random-audit inspections (channel = random)"
            return estimate
        }
        let order = Scorer.rankOrder(logOdds: rows.map { logOdds[$0] }, units: rows.map { units[$0] }, seed: seed)
        let ranked = order.map { labels[rows[$0]] == 1 }
        let r = ModelLift.estimate(rankedLabels: ranked, topFraction: fraction, resamples: options.resamples, seed: seed)
        estimate.value = r.value
        estimate.ciLow = r.low
        estimate.ciHigh = r.high
        estimate.randomArmRows = r.rows
        estimate.randomArmEvents = r.events
        estimate.k = r.k
        estimate.hits = r.hits
        if r.events == 0 {
            estimate.reason = "the random-audit inspections of the evaluation period found no violation, so the ratio is undefined"
        } else if r.k < ValidationReport.ModelLiftEstimate.minimumTopUnits {
            // Too few to be evidence: the ratio is kept for checking, the interval (a bootstrap over a
            // handful of rows, which understates the uncertainty) is not given.
            estimate.ciLow = nil
            estimate.ciHigh = nil
            estimate.reason = "insufficient: only \(r.k) of the \(r.rows) random-audit inspections fall in the model's top \(TimeSplitValidation.fixedText(100 * fraction, 3)) % (\(r.hits) with a violation), fewer than the \(ValidationReport.ModelLiftEstimate.minimumTopUnits) the lift needs, so it is given without an interval and is not evidence of how well the model picks; a larger top fraction gives a firmer number"
        }
        if r.dropped > 0 {
            estimate.reason = (estimate.reason.map { $0 + "; " } ?? "") + "\(r.dropped) bootstrap resamples without a violation were dropped"
        }
        return estimate
    }

    /// Fixed-point text without Foundation's locale.
    static func fixedText(_ x: Double, _ digits: Int) -> String {
        let scale = pow(10, Double(digits))
        let r = (x * scale).rounded() / scale
        return String(r)
    }
}
