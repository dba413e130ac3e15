/// Builds a complete ``FairnessReport`` from a model and a labelled history table.
extension FairnessReport {
    /// The columns a history file must provide: the model's, the label, the `--by` columns (optional
    /// here so a missing one gets its own error) and `channel` if present.
    public static func columnRequests(for model: FittedModel, by: [String]) -> [ColumnRequest] {
        Scorer.columnRequests(for: model) + [ColumnRequest(model.spec.label, .numeric)]
            + by.map { ColumnRequest($0, .categorical, required: false) } + [ColumnRequest("channel", .categorical, required: false)]
    }

    /// Scores `table`, applies the selection rule, and analyses every grouping.
    /// - Parameter representative: the rows are a representative labelled sample, so all of them estimate
    ///   population rates (otherwise only `channel = random` rows do).
    public static func build(model: FittedModel, table: DataTable, by: [String], options: FairnessOptions, representative: Bool,
                             dataFile: String, dataSHA256: String) throws -> FairnessReport {
        guard !by.isEmpty else { throw FairnessError.noGrouping }
        for column in by {
            if let f = model.spec.features.first(where: { $0.name == column }), f.type != .categorical { throw FairnessError.byColumnNumeric(column: column) }
            guard table.columns[column] != nil else { throw FairnessError.byColumnMissing(file: table.source, column: column, available: table.header) }
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
            reason = "no channel column and the data is not declared representative (--representative), so population rates cannot be estimated"
        }
        let origins = try OriginContributions.compute(model: model, table: table)
        let input = FairnessInput(probability: scores.probability, labels: labels, selected: selected, groupings: groupings,
                                  populationRows: populationRows, populationSource: source, origins: origins)
        let (overall, results) = FairnessAnalysis.run(input, options: options)

        let (ruleName, ruleValue): (String, Double) = switch options.rule {
        case .topFraction(let f): ("top_fraction", f)
        case .topK(let k): ("top_k", Double(k))
        }
        let populationCount = populationRows.map { flags in flags.indices.filter { flags[$0] } } ?? []
        let primary = FairnessAnalysis.primaryMetric(options.criterion)
        var notes = [
            "among_inspected: every inspection in the history, whichever channel chose it; outcomes exist only for inspected units, so recall, FPR, base rate and calibration here describe inspected units, not the population.",
            "Ratios and differences compare each group with the overall value; their intervals treat the two as independent, which is conservative because the group is part of the overall.",
            "Holm's step-down correction controls the family-wise error rate within each grouping, over every ratio test of its groups × metrics × estimands (Holm rather than Benjamini–Hochberg: a flag is a claim about a specific group, so false flags, not the false-discovery proportion, are what must be controlled).",
            "A group is flagged when its primary-criterion ratio is significant after correction and outside the band; inside the band a difference is treated as immaterial whatever its p-value (Aequitas' 0.8 rule).",
        ]
        if let reason { notes.append("population: " + reason + ".") }
        return FairnessReport(
            model: .init(name: model.name, version: model.version, fingerprint: model.fingerprint),
            data: .init(file: dataFile, sha256: dataSHA256, rows: table.rowCount, events: labels.reduce(0) { $0 + Int($1) }),
            selection: .init(rule: ruleName, value: ruleValue, selected: selected.reduce(0) { $0 + ($1 ? 1 : 0) }, seed: options.seed),
            criterion: .init(primary: primary, secondary: ["recall", "precision", "fpr", "calibration_gap"].filter { $0 != primary }, tradeoff: FairnessAnalysis.tradeoff),
            settings: .init(minUnits: options.minUnits, minEvents: options.minEvents, bootstrap: options.bootstrap, ratioBand: [options.band, 1 / options.band],
                            alpha: options.alpha, correction: "holm within each grouping, over groups × metrics × estimands",
                            minimumDetectable: "smallest ratio of the primary metric detectable with 80% power at two-sided α = 0.05 (uncorrected), normal approximation to the log ratio"),
            population: .init(estimable: populationRows != nil, source: populationRows != nil ? source : nil, rows: populationCount.count,
                              events: populationCount.reduce(0) { $0 + Int(labels[$1]) }, reason: reason),
            overall: overall, groupings: results, notes: notes)
    }
}
