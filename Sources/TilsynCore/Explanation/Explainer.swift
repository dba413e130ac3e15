import Foundation

/// Builds ``Explanation``s from a model and a table.
public struct Explainer: Sendable {
    public let model: FittedModel
    private let encoder: DesignEncoder
    private let beta: [Double]
    private let reference: [Double]
    public let baselineLogOdds: Double

    public init(model: FittedModel) {
        self.model = model
        self.encoder = model.encoder
        self.beta = model.beta
        self.reference = model.referenceVector
        var baseline = beta[0]
        for j in 1..<beta.count { baseline += beta[j] * reference[j] }
        self.baselineLogOdds = baseline
    }

    /// Explains one row of a prepared table.
    /// - Parameters:
    ///   - rank: the row's rank among `population` scored units, if known.
    /// - Throws: ``DataError`` when the row cannot be encoded (missing value, unseen category).
    public func explain(_ prepared: DesignEncoder.Prepared, row: Int, unit: String, rank: Int? = nil, population: Int? = nil) throws(DataError) -> Explanation {
        let p = beta.count
        var x = [Double](repeating: 0, count: p)
        try x.withUnsafeMutableBufferPointer { buffer throws(DataError) in
            try encoder.encode(prepared, rows: row..<(row + 1), into: buffer, leadingDimension: 1, rowOffset: row)
        }
        var logOdds = beta[0]
        for j in 1..<p { logOdds += beta[j] * x[j] }

        let names = encoder.layout.columnNames
        var lines: [Explanation.Contribution] = []
        var hidden = 0.0
        var anyHidden = false
        for (index, (feature, offset)) in zip(model.spec.features, encoder.layout.featureOffsets).enumerated() {
            let width = encoder.layout.features[index].columns.count
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
            let (value, missing) = rawValue(prepared, feature: index, row: row)
            lines.append(.init(
                feature: feature.name, value: value, missing: missing, contribution: total, source: feature.source,
                text: feature.text, disclosed: true, actionable: feature.isActionable, columns: columns))
        }
        if anyHidden {
            lines.append(.init(
                feature: Explanation.undisclosedFeature, value: nil, missing: false, contribution: hidden, source: nil,
                text: Explanation.undisclosedText, disclosed: false, actionable: false, columns: []))
        }
        lines.sort { abs($0.contribution) > abs($1.contribution) || (abs($0.contribution) == abs($1.contribution) && $0.feature < $1.feature) }

        var percentile: Double?
        if let rank, let population, population > 0 { percentile = 100 * Double(population - rank) / Double(population) }
        return Explanation(
            unit: unit,
            model: .init(name: model.name, version: model.version, fingerprint: model.fingerprint),
            probability: Scorer.logistic(logOdds), logOdds: logOdds,
            baselineLogOdds: baselineLogOdds, baselineProbability: Scorer.logistic(baselineLogOdds),
            rank: rank, percentile: percentile, population: population, contributions: lines)
    }

    /// The value as the company knows it: the label, or the number before transform and clip.
    private func rawValue(_ prepared: DesignEncoder.Prepared, feature index: Int, row: Int) -> (String?, Bool) {
        switch prepared.parts[index] {
        case .numeric(let raw), .binned(let raw, _, _):
            let v = raw[row]
            return v.isNaN ? (nil, true) : (FeatureEncoding.formatNumber(v), false)
        case .categorical(let codes, _, let levels):
            let code = codes[row]
            return code < 0 ? (nil, true) : (levels[Int(code)], false)
        }
    }
}
