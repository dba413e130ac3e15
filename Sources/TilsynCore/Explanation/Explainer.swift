import Foundation

/// Builds ``Explanation``s from a model and a table.
///
/// The explainer works on the model's own numbers only (coefficients, training means, the learned
/// encoding), so a card can be re-derived from model.json and the register row without the training data.
public struct Explainer: Sendable {
    public let model: FittedModel
    let encoder: DesignEncoder
    let beta: [Double]
    let reference: [Double]
    public let baselineLogOdds: Double
    /// The card lines in spec order: one per disclosed feature, then one merged line if any feature is
    /// undisclosed. ``featureLine`` maps each feature to its line.
    public let lineFeatures: [String]
    /// Line index of each spec feature (undisclosed features all map to the merged line).
    public let featureLine: [Int]
    /// First design column and column count of each feature, cached for the per-row fast path.
    let featureOffsets: [Int]
    let featureWidths: [Int]
    /// The design's column names, cached: the layout builds them anew each time it is asked.
    let columnNames: [String]

    public init(model: FittedModel) {
        self.model = model
        self.encoder = model.encoder
        self.beta = model.beta
        self.reference = model.referenceVector
        var baseline = beta[0]
        for j in 1..<beta.count { baseline += beta[j] * reference[j] }
        self.baselineLogOdds = baseline
        var names: [String] = []
        var lineOf: [Int] = []
        for f in model.spec.features where f.isDisclosed {
            names.append(f.name)
        }
        let hiddenLine = names.count
        var next = 0
        for f in model.spec.features {
            if f.isDisclosed {
                lineOf.append(next)
                next += 1
            } else {
                lineOf.append(hiddenLine)
            }
        }
        if model.spec.features.contains(where: { !$0.isDisclosed }) { names.append(Explanation.undisclosedFeature) }
        self.lineFeatures = names
        self.featureLine = lineOf
        self.featureOffsets = model.encoding.featureOffsets
        self.featureWidths = model.encoding.features.map(\.columns.count)
        self.columnNames = model.encoding.columnNames
    }

    /// Explains one row of a prepared table.
    ///
    /// - Parameters:
    ///   - rank: the row's rank among `population` scored units, if known.
    ///   - asOf: the date the register data describe, shown on every line.
    /// - Throws: ``DataError`` when the row cannot be encoded (missing value, unseen category).
    public func explain(
        _ prepared: DesignEncoder.Prepared, row: Int, unit: String, rank: Int? = nil, population: Int? = nil,
        asOf: String? = nil
    ) throws(DataError) -> Explanation {
        let x = try encodedRow(prepared, row: row)
        var logOdds = beta[0]
        for j in 1..<beta.count { logOdds += beta[j] * x[j] }

        let names = columnNames
        var lines: [Explanation.Contribution] = []
        var hidden = 0.0
        var anyHidden = false
        for (index, (feature, offset)) in zip(model.spec.features, featureOffsets).enumerated() {
            let width = featureWidths[index]
            var columns: [Explanation.ColumnContribution] = []
            var total = 0.0
            for j in offset..<(offset + width) {
                let c = beta[j] * (x[j] - reference[j])
                total += c
                columns.append(.init(name: names[j], x: x[j], reference: reference[j], coefficient: beta[j], contribution: c))
            }
            if !feature.isDisclosed {
                hidden += total
                anyHidden = true
                continue
            }
            let raw = rawValue(prepared, feature: index, row: row)
            // A source that declares its own date is shown with it; the rest with the register's.
            let lineAsOf = feature.asOf ?? feature.asOfColumn.flatMap { date(prepared, column: $0, row: row) } ?? asOf
            lines.append(.init(
                feature: feature.name, value: raw.display, missing: raw.isMissing, unseen: isUnseen(prepared, feature: index, row: row),
                contribution: total, source: feature.source, asOf: lineAsOf,
                text: feature.text ?? LocalizedText(da: feature.name, en: feature.name), unitOfMeasure: feature.unitOfMeasure,
                correction: feature.correction, disclosed: true, actionable: feature.isActionable, columns: columns))
        }
        if anyHidden {
            // No name, value, source or columns: any of them would tell the company what was hidden.
            lines.append(.init(
                feature: Explanation.undisclosedFeature, value: nil, missing: false, contribution: hidden, source: nil, asOf: asOf,
                text: Explanation.undisclosedText, unitOfMeasure: nil, correction: Explanation.undisclosedCorrection,
                disclosed: false, actionable: false, columns: []))
        }
        // Largest |contribution| first; equal sizes by feature name, so the order never depends on the input.
        // Sorted through their indices: moving the lines themselves (a dozen reference-counted fields each)
        // was a twentieth of a card's CPU time.
        let sizes = lines.map { abs($0.contribution) }
        let order = lines.indices.sorted { a, b in sizes[a] > sizes[b] || (sizes[a] == sizes[b] && lines[a].feature < lines[b].feature) }
        lines = order.map { lines[$0] }

        var percentile: Double?
        if let rank, let population, population > 0 { percentile = Self.percentile(rank: rank, population: population) }
        return Explanation(
            unit: unit,
            model: .init(name: model.name, version: model.version, fingerprint: model.fingerprint),
            probability: Scorer.logistic(logOdds), logOdds: logOdds,
            baselineLogOdds: baselineLogOdds, baselineProbability: Scorer.logistic(baselineLogOdds),
            rank: rank, percentile: percentile, population: population, contributions: lines, asOf: asOf)
    }

    /// Share of scored units (in %) ranked below this one: rank 1 of 100 is 99 %, the last is 0 %.
    public static func percentile(rank: Int, population: Int) -> Double {
        100 * Double(population - rank) / Double(population)
    }

    /// The row's design vector (intercept first).
    func encodedRow(_ prepared: DesignEncoder.Prepared, row: Int) throws(DataError) -> [Double] {
        var x = [Double](repeating: 0, count: beta.count)
        try x.withUnsafeMutableBufferPointer { buffer throws(DataError) in
            try encoder.encode(prepared, rows: row..<(row + 1), into: buffer, leadingDimension: 1, rowOffset: row)
        }
        return x
    }

    /// The value as the company knows it: the label, or the number before transform and clip.
    public func rawValue(_ prepared: DesignEncoder.Prepared, feature index: Int, row: Int) -> RawValue {
        switch prepared.parts[index] {
        case .numeric(let raw), .binned(let raw, _, _):
            let v = raw[row]
            return v.isNaN ? .missing : .number(v)
        case .categorical(let codes, _, let levels):
            let code = codes[row]
            return code < 0 ? .missing : .label(levels[Int(code)])
        }
    }

    /// A date column's value in `row` as `YYYY-MM-DD`; `nil` when empty or not read.
    public func date(_ prepared: DesignEncoder.Prepared, column: String, row: Int) -> String? {
        guard let days = try? prepared.table.numeric(column), row < days.count, days[row].isFinite else { return nil }
        return isoDate(Int(days[row]))
    }

    /// The register's own date for `row`, from the spec's `as_of_column`, when it declares one.
    public func registerAsOf(_ prepared: DesignEncoder.Prepared, row: Int) -> String? {
        model.spec.asOfColumn.flatMap { date(prepared, column: $0, row: row) }
    }

    /// Whether the row holds a category that was not seen in training (scored as the reference level).
    func isUnseen(_ prepared: DesignEncoder.Prepared, feature index: Int, row: Int) -> Bool {
        guard case .categorical(let codes, let columnOf, _) = prepared.parts[index] else { return false }
        let code = codes[row]
        return code >= 0 && columnOf[Int(code)] == -2
    }
}

/// A feature's value as it stands in the register, before any clip or transform.
public enum RawValue: Sendable, Equatable {
    case number(Double)
    case label(String)
    case missing

    /// The text shown on a card; `nil` when missing.
    public var display: String? {
        switch self {
        case .number(let v): FeatureEncoding.formatNumber(v)
        case .label(let s): s
        case .missing: nil
        }
    }

    public var isMissing: Bool { self == .missing }
}
