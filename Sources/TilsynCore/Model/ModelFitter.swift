import Foundation
import TilsynNumerics

/// A fit that failed for a reason the user can act on, in one sentence naming the columns.
public struct FitError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Fits a ``ModelSpec`` to training data and produces the ``FittedModel`` artefact.
public enum ModelFitter {
    /// The columns a training file must provide for `spec`.
    public static func columnRequests(for spec: ModelSpec) -> [ColumnRequest] {
        var requests = DesignEncoder.columnRequests(for: spec)
        requests.append(ColumnRequest(spec.label, .numeric))
        if let date = spec.date { requests.append(ColumnRequest(date, .date)) }
        return requests
    }

    /// The 0/1 labels of a table.
    /// - Throws: ``DataError/badCell(file:line:column:value:expected:)`` at the first label that is not 0 or 1.
    public static func labels(_ table: DataTable, spec: ModelSpec) throws(DataError) -> [Double] {
        let y = try table.numeric(spec.label)
        for (row, v) in y.enumerated() where !(v == 0 || v == 1) {
            throw .badCell(
                file: table.source, line: table.line(ofRow: row), column: spec.label,
                value: v.isNaN ? "" : FeatureEncoding.formatNumber(v), expected: "a label of 0 or 1")
        }
        return y
    }

    /// Fits the model.
    /// - Parameters:
    ///   - spec: the validated spec.
    ///   - table: training data with the columns of ``columnRequests(for:)``.
    ///   - trainingData: provenance of the training file (its SHA-256 and name).
    ///   - created: the ISO 8601 creation time to record.
    ///   - threads: worker threads for encoding and IRLS.
    /// - Throws: ``DataError`` for bad data, ``FitError`` when the model cannot be estimated.
    public static func fit(
        spec: ModelSpec, table: DataTable, trainingFile: String?, trainingSHA256: String,
        created: String, threads: Int = defaultThreadCount, chunkRows: Int? = nil
    ) throws -> FittedModel {
        if table.rowCount == 0 { throw DataError.noDataRows(file: table.source) }
        for group in spec.groups ?? [] where !table.header.contains(group) && !spec.features.contains(where: { $0.name == group }) {
            throw SpecError(field: "groups", problem: "'\(group)' is neither a feature nor a column of \(table.source)")
        }
        let y = try labels(table, spec: spec)
        let encoder = try DesignEncoder.learn(spec: spec, from: table)
        let x = try encoder.designMatrix(table, threads: threads)
        return try fit(spec: spec, encoder: encoder, design: x, labels: y, table: table,
                       trainingFile: trainingFile, trainingSHA256: trainingSHA256, created: created, threads: threads, chunkRows: chunkRows)
    }

    /// Fits on an already encoded design (used by ``fit(spec:table:trainingFile:trainingSHA256:created:threads:)``
    /// and by the benchmark, which times encoding separately).
    public static func fit(
        spec: ModelSpec, encoder: DesignEncoder, design x: Matrix, labels y: [Double], table: DataTable,
        trainingFile: String?, trainingSHA256: String, created: String, threads: Int = defaultThreadCount,
        chunkRows: Int? = nil
    ) throws -> FittedModel {
        let names = encoder.layout.columnNames
        var options = LogisticFitOptions()
        options.l2 = spec.l2
        options.threads = threads
        if let chunkRows { options.chunkRows = chunkRows }
        var lower = [Double](repeating: -.infinity, count: names.count)
        var upper = [Double](repeating: .infinity, count: names.count)
        var constrained: [(feature: String, column: Int, direction: FeatureSpec.Direction)] = []
        for (f, offset) in zip(spec.features, encoder.layout.featureOffsets) where f.type == .numeric {
            switch f.effectiveDirection {
            case .increasing: lower[offset] = 0; constrained.append((f.name, offset, .increasing))
            case .decreasing: upper[offset] = 0; constrained.append((f.name, offset, .decreasing))
            case .any: break
            }
        }
        // Categorical levels (with their missing column) and bins are one-hot: the fit keeps them as codes.
        options.oneHotBlocks = zip(spec.features, zip(encoder.layout.features, encoder.layout.featureOffsets)).compactMap { f, placed in
            let (encoding, offset) = placed
            switch f.type {
            case .categorical: return Array(offset..<(offset + encoding.columns.count))
            case .binned: return Array(offset..<(offset + encoding.columns.count - (encoding.hasMissingIndicator ? 1 : 0)))
            case .numeric: return nil
            }
        }
        options.lowerBounds = lower
        options.upperBounds = upper

        let result: LogisticFit
        do {
            result = try LogisticRegression.fit(design: x, labels: y, options: options)
        } catch {
            throw FitError(describe(error, names: names, file: table.source, spec: spec))
        }

        let z975 = 1.959963984540054
        var coefficients: [FittedModel.Coefficient] = []
        for (j, name) in names.enumerated() {
            let b = result.coefficients[j]
            let se = result.standardError(j)
            let z = se.map { b / $0 }
            coefficients.append(FittedModel.Coefficient(
                name: name, estimate: b, stdError: se, z: z,
                pValue: z.map { erfc(abs($0) / 2.0.squareRoot()) },
                ciLow: se.map { b - z975 * $0 }, ciHigh: se.map { b + z975 * $0 },
                oddsRatio: exp(b)))
        }
        // Column means of the design: the explanation baseline.
        var reference: [String: Double] = [:]
        let n = x.rows
        x.storage.withUnsafeBufferPointer { storage in
            for (j, name) in names.enumerated() {
                var sum = 0.0
                for i in 0..<n { sum += storage[j * n + i] }
                reference[name] = sum / Double(n)
            }
        }
        var warnings = result.warnings
        let constraints = constrained.map { c in
            FittedModel.Constraint(feature: c.feature, column: names[c.column], direction: c.direction,
                                   binding: result.boundAtConstraint.contains(c.column))
        }
        for c in constraints where c.binding {
            warnings.append("the sign constraint on '\(c.feature)' (\(c.direction.rawValue)) binds: its coefficient is held at 0 and has no standard error")
        }
        var dateMin: String?, dateMax: String?
        if let dateColumn = spec.date, let days = try? table.numeric(dateColumn) {
            let present = days.filter { !$0.isNaN }
            if let lo = present.min(), let hi = present.max() {
                dateMin = isoDate(Int(lo))
                dateMax = isoDate(Int(hi))
            }
        }
        let k = Double(names.count - result.boundAtConstraint.count)
        var model = FittedModel(
            format: FittedModel.formatIdentifier, name: spec.name, version: spec.version, created: created,
            spec: spec, coefficients: coefficients, reference: reference, encoding: encoder.layout,
            constraints: constraints,
            fit: FittedModel.FitSummary(
                n: result.rows, events: result.events, iterations: result.iterations, converged: result.converged,
                logLikelihood: result.logLikelihood, deviance: result.deviance, nullDeviance: result.nullDeviance,
                aic: 2 * k - 2 * result.logLikelihood, l2: spec.l2,
                method: spec.l2 > 0 ? "penalised IRLS (ridge), Newton–Cholesky" : "IRLS (Newton–Cholesky), maximum likelihood",
                linearAlgebra: LAPACK.libraryDescription, warnings: warnings),
            trainingData: FittedModel.TrainingData(
                file: trainingFile, sha256: trainingSHA256, rows: table.rowCount, dateMin: dateMin, dateMax: dateMax),
            fingerprint: "")
        model.fingerprint = try model.computeFingerprint()
        return model
    }

    static func describe(_ error: LogisticFitError, names: [String], file: String, spec: ModelSpec) -> String {
        func name(_ j: Int) -> String { "'\(Abbreviated.text(names[j]))'" }
        switch error {
        case .noRows:
            return "\(file): there are no rows to fit."
        case .constantLabel(let value):
            return "\(file): every row has \(spec.label) = \(value), so there is nothing to learn; the training data needs both outcomes."
        case .zeroColumn(let j):
            return "\(file): design column \(name(j)) is zero in every row, so its coefficient cannot be estimated; drop the feature or level."
        case .collinear(let j, let partners):
            let with = partners.isEmpty ? "other columns" : Abbreviated.list(partners.map { names[$0] }.map { "'\($0)'" }, itemLimit: 60)
            return "\(file): design column \(name(j)) is a linear combination of \(with) (collinear columns), so the coefficients are not identifiable; remove one of them from the spec."
        case .separation(let columns, let detail):
            let which = Abbreviated.list(columns.map { "'\(names[$0])'" }, itemLimit: 60)
            return "\(file): perfect or quasi-complete separation by \(which) (\(detail)), so the maximum-likelihood estimate does not exist; merge sparse levels, drop the feature, or set a small \"penalty\": {\"l2\": …} in the spec."
        case .notConverged(let iterations):
            return "\(file): the fit did not converge in \(iterations) iterations; check for extreme values or add a small L2 penalty."
        case .linearAlgebra(let inner):
            return "\(file): the fit failed in LAPACK: \(inner)."
        }
    }
}
