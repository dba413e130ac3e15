/// Builds a complete ``FairnessReport`` from a model and a labelled history table.
extension FairnessReport {
    /// Which rows a fairness report judges the model on ⚖.
    public enum Sample: Sendable, Equatable {
        /// The given rows; they may include (or be) the model's training data.
        case inSample
        /// Refit the model's spec on the rows dated before the day (days since 1970) and judge it on the rest.
        case splitDate(Int)
        /// The given rows are a file other than the model's training data (`--evaluate`).
        case evaluationFile
    }

    /// The columns a history file must provide: the model's, the label, the `--by` columns (optional
    /// here so a missing one gets its own error) and `channel` if present; with a split date also what a
    /// refit needs (the date).
    public static func columnRequests(for model: FittedModel, by: [String], refit: Bool = false) -> [ColumnRequest] {
        var requests = Scorer.columnRequests(for: model) + [ColumnRequest(model.spec.label, .numeric)]
        if refit { requests += ModelFitter.columnRequests(for: model.spec) }
        requests += by.map { ColumnRequest($0, .categorical, required: false) } + [ColumnRequest("channel", .categorical, required: false)]
        var seen = Set<String>()
        return requests.filter { seen.insert($0.name).inserted }
    }

    /// Scores `table` (or, with ``Sample/splitDate(_:)``, its rows from the date on with a refit on the rows
    /// before), applies the selection rule, and analyses every grouping.
    /// - Parameter representative: the rows are a representative labelled sample, so all of them estimate
    ///   population rates (otherwise only `channel = random` rows do).
    /// - Throws: ``FairnessError`` for a bad grouping or an evaluation file that is the training data,
    ///   ``DataError``/``FitError`` from reading, splitting and refitting.
    public static func build(model given: FittedModel, table full: DataTable, by: [String], options: FairnessOptions, representative: Bool,
                             dataFile: String, dataSHA256: String, sample: Sample = .inSample) throws -> FairnessReport {
        guard !by.isEmpty else { throw FairnessError.noGrouping }
        for column in by {
            if let f = given.spec.features.first(where: { $0.name == column }), f.type != .categorical { throw FairnessError.byColumnNumeric(column: column) }
            guard full.columns[column] != nil else { throw FairnessError.byColumnMissing(file: full.source, column: column, available: full.header) }
        }
        var model = given, table = full
        var training = TrainingSummary(file: given.trainingData.file ?? "–", sha256: given.trainingData.sha256, rows: given.trainingData.rows, beforeDate: nil)
        var fromDate: String?
        let sampleName: String, sampleText: String
        switch sample {
        case .splitDate(let day):
            guard let dateColumn = given.spec.date else { throw FairnessError.noDateForSplit }
            let (trainRows, evalRows) = try TimeSplit.rows(full, dateColumn: dateColumn, splitDay: day)
            model = try ModelFitter.fit(spec: given.spec, table: full.rows(trainRows), trainingFile: dataFile, trainingSHA256: dataSHA256,
                                        created: "", threads: options.threads)
            table = full.rows(evalRows)
            training = TrainingSummary(file: dataFile, sha256: dataSHA256, rows: trainRows.count, beforeDate: isoDate(day))
            fromDate = isoDate(day)
            sampleName = "out_of_sample"
            sampleText = "Out of sample: the model's spec was refitted on the \(trainRows.count) inspections dated before \(isoDate(day)) and is judged on the \(evalRows.count) inspections from that date on, which the refit never saw."
        case .evaluationFile:
            guard dataSHA256 != given.trainingData.sha256 else { throw FairnessError.evaluationIsTrainingData(file: dataFile) }
            sampleName = "out_of_sample"
            sampleText = "Out of sample: the model is judged on \(dataFile), a file other than the data it was fitted on (\(given.trainingData.file ?? "training data"), SHA-256 \(given.trainingData.sha256.prefix(12))…)."
        case .inSample:
            sampleName = "in_sample"
            sampleText = dataSHA256 == given.trainingData.sha256
                ? "In sample: this report measures the model on the data it was fitted on, so it can look fairer and more accurate than the model will be on new inspections; an out-of-sample report refits the model on the inspections before a split date and judges it on those from that date on, or judges it on a file of inspections it was not fitted on."
                : "In sample: this report was made neither with a split date nor on a file of new inspections, so nothing shows that the rows are new to the model; they may include its training data."
        }

        let labels = try table.numeric(model.spec.label)
        for (row, y) in labels.enumerated() where y != 0 && y != 1 {
            throw DataError.badCell(file: table.source, line: table.line(ofRow: row), column: model.spec.label,
                                    value: y.isNaN ? "" : FeatureEncoding.formatNumber(y), expected: "0 or 1 (the outcome)")
        }
        let scores = try Scorer.score(model: model, table: table, seed: options.seed, threads: options.threads)
        let selected = FairnessSelection.selected(order: scores.order, rule: options.rule)
        let groupings = GroupingColumn.make(try by.map { ($0, try table.strings($0)) })

        var populationRows: [Bool]?, source: String, reason: String?
        if representative {
            populationRows = Array(repeating: true, count: table.rowCount)
            source = "representative"
        } else if table.columns["channel"] != nil {
            let flags = try table.strings("channel").map { $0 == "random" }
            if flags.contains(true) { populationRows = flags } else { reason = "the channel column has no 'random' rows, so population rates cannot be estimated" }
            source = "channel = random"
        } else {
            source = "none"
            reason = "no channel column and the data is not declared a representative labelled sample, so population rates cannot be estimated"
        }
        let origins = try OriginContributions.compute(model: model, table: table)
        let input = FairnessInput(probability: scores.probability, labels: labels, selected: selected, groupings: groupings,
                                  populationRows: populationRows, populationSource: source, origins: origins)
        let (overall, analysed) = FairnessAnalysis.run(input, options: options)
        var results = analysed
        let features = Set(model.spec.features.map(\.name))
        for i in results.indices { results[i].modelFeature = results[i].columns.contains(where: features.contains) }

        let (ruleName, ruleValue): (String, Double) = switch options.rule {
        case .topFraction(let f): ("top_fraction", f)
        case .topK(let k): ("top_k", Double(k))
        }
        let populationCount = populationRows.map { flags in flags.indices.filter { flags[$0] } } ?? []
        var notes = [
            "among_inspected: every inspection in the data, whichever channel chose it; outcomes exist only for inspected units, so recall, FPR, base rate and calibration here describe inspected units, not the population.",
            "Ratios and differences compare each group with the rest of the population (every row outside the group), so the two sides are disjoint; the group is not compared with an overall value that contains it.",
        ]
        if let reason { notes.append("population: " + reason + ".") }
        return FairnessReport(
            sample: sampleName, sampleDescription: sampleText,
            model: .init(name: model.name, version: model.version, fingerprint: model.fingerprint),
            refitOf: model.fingerprint == given.fingerprint ? nil : given.fingerprint,
            training: training,
            data: .init(file: dataFile, sha256: dataSHA256, rows: table.rowCount, events: labels.reduce(0) { $0 + Int($1) }, fromDate: fromDate),
            selection: .init(rule: ruleName, value: ruleValue, selected: selected.reduce(0) { $0 + ($1 ? 1 : 0) }, seed: options.seed),
            criterion: criterionSummary(options: options, populationAvailable: populationRows != nil),
            settings: .init(minUnits: options.minUnits, minEvents: options.minEvents, bootstrap: options.bootstrap,
                            minimumDetectable: "smallest ratio of the primary metric to the rest of the population detectable with 80% power at two-sided α = 0.05 (unadjusted), normal approximation to the log ratio"),
            population: .init(estimable: populationRows != nil, source: populationRows != nil ? source : nil, rows: populationCount.count,
                              events: populationCount.reduce(0) { $0 + Int(labels[$1]) }, reason: reason),
            overall: overall, groupings: results, notes: notes)
    }

    /// The verdict rule as the report states it.
    static func criterionSummary(options: FairnessOptions, populationAvailable: Bool) -> CriterionSummary {
        let primary = FairnessAnalysis.primaryMetric(options.criterion)
        let estimand = populationAvailable ? "population" : "among_inspected"
        let level = ReportText.percent(options.confidence)
        let reference = options.criterion == .calibration ? "its expected count (observed ÷ predicted violations)" : "the rest of the population"
        let rule = "Each group's \(primary) (\(estimand)) is compared with \(reference) as a ratio. Its verdict interval is the Bonferroni-adjusted interval of that ratio: over the m groups of the grouping large enough to judge, each interval has level 1 − \(ReportText.number(options.alpha))/m, so all of them hold together with \(level) confidence. pass: the interval lies inside the band [\(ReportText.number(options.bandLow)), \(ReportText.number(options.bandHigh))]; flag: it lies wholly outside; insufficient: it overlaps a band limit, or the group has fewer than \(options.minUnits) units or \(options.minEvents) violations in the judged rows."
        return CriterionSummary(
            primary: primary, estimand: estimand, band: [options.bandLow, options.bandHigh], confidenceLevel: options.confidence,
            adjustment: Adjustment(method: "bonferroni", family: "the groups of one grouping judged on the primary metric (large enough, ratio estimable); primary metric only"),
            rule: rule, secondary: ["recall", "precision", "fpr", "calibration_gap"].filter { $0 != primary },
            secondaryIntervals: "unadjusted 95 % intervals, shown for information; they decide no verdict",
            tradeoff: FairnessAnalysis.tradeoff)
    }
}

/// Locale-free numbers in report sentences.
enum ReportText {
    /// Shortest round-trip text of a number (0.8, 1.25, 0.05).
    static func number(_ x: Double) -> String {
        let r = (x * 1e10).rounded() / 1e10
        return r == r.rounded() ? String(Int(r)) : String(r)
    }

    /// `95 %` for 0.95.
    static func percent(_ x: Double) -> String { number(100 * x) + " %" }
}
