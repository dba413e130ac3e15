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
        for term in spec.nuisance ?? [] { requests.append(ColumnRequest(term.name, .categorical)) }
        if let column = spec.covariance?.column, spec.covarianceKind == .cluster, !requests.contains(where: { $0.name == column }) {
            requests.append(ColumnRequest(column, .string))
        }
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
        var copy = table
        return try fit(spec: spec, taking: &copy, trainingFile: trainingFile, trainingSHA256: trainingSHA256,
                       created: created, threads: threads, chunkRows: chunkRows)
    }

    /// ``fit(spec:table:trainingFile:trainingSHA256:created:threads:chunkRows:)`` for a caller done with
    /// the table: its numeric feature columns become the design's, transformed in place
    /// (``DesignEncoder/design(taking:keeping:threads:)``), and are gone from `table` afterwards.
    ///
    /// Passed the only copy of the table (as `tilsyn fit` does), the fit holds each numeric column once
    /// instead of twice (peak RSS of `tilsyn fit` at 1M rows 633 → 405 MB, BENCHMARKS.md); a table that is also held elsewhere costs a
    /// copy of each column, as the borrowing form does.
    public static func fit(
        spec: ModelSpec, taking table: inout DataTable, trainingFile: String?, trainingSHA256: String,
        created: String, threads: Int = defaultThreadCount, chunkRows: Int? = nil
    ) throws -> FittedModel {
        if table.rowCount == 0 { throw DataError.noDataRows(file: table.source) }
        for group in spec.groups ?? [] where !table.header.contains(group) && !spec.features.contains(where: { $0.name == group }) {
            throw SpecError(field: "groups", problem: "'\(group)' is neither a feature nor a column of \(table.source)")
        }
        let y = try labels(table, spec: spec)
        let encoder = try DesignEncoder.learn(spec: spec, from: table)
        // What the fit reads from the table after encoding: the label, the date, nuisance and cluster columns.
        var keeping: Set<String> = [spec.label]
        if let date = spec.date { keeping.insert(date) }
        for term in spec.nuisance ?? [] { keeping.insert(term.name) }
        if let column = spec.covariance?.column { keeping.insert(column) }
        let x = try encoder.design(taking: &table, keeping: keeping, threads: threads)
        return try fit(spec: spec, encoder: encoder, design: x, labels: y, table: table,
                       trainingFile: trainingFile, trainingSHA256: trainingSHA256, created: created, threads: threads, chunkRows: chunkRows)
    }

    /// Fits on an already encoded design (used by ``fit(spec:table:trainingFile:trainingSHA256:created:threads:)``
    /// and by the benchmark, which times encoding separately).
    public static func fit(
        spec: ModelSpec, encoder: DesignEncoder, design x: Design, labels y: [Double], table: DataTable,
        trainingFile: String?, trainingSHA256: String, created: String, threads: Int = defaultThreadCount,
        chunkRows: Int? = nil
    ) throws -> FittedModel {
        let names = encoder.layout.columnNames
        let scored = names.count
        // Nuisance terms: their level columns go after the scored ones, with their own ridge penalty.
        let nuisance = try NuisanceDesign(spec: spec, table: table)
        let design = nuisance.terms.isEmpty ? x : nuisance.appended(to: x)
        let p = scored + nuisance.columnCount
        var options = LogisticFitOptions()
        options.threads = threads
        if let chunkRows { options.chunkRows = chunkRows }
        if nuisance.terms.isEmpty {
            options.l2 = spec.l2
        } else {
            options.columnL2 = [0] + [Double](repeating: spec.l2, count: scored - 1) + nuisance.penalties
        }
        options.firth = spec.firth
        options.profileIntervals = spec.firth
        options.covariance = try covariance(spec: spec, table: table)
        var lower = [Double](repeating: -.infinity, count: p)
        var upper = [Double](repeating: .infinity, count: p)
        var constrained: [(feature: String, column: Int, direction: FeatureSpec.Direction)] = []
        for (f, offset) in zip(spec.features, encoder.layout.featureOffsets) where f.type == .numeric {
            switch f.effectiveDirection {
            case .increasing: lower[offset] = 0; constrained.append((f.name, offset, .increasing))
            case .decreasing: upper[offset] = 0; constrained.append((f.name, offset, .decreasing))
            case .any: break
            }
        }
        options.lowerBounds = lower
        options.upperBounds = upper

        let result: LogisticFit
        do {
            result = try LogisticRegression.fit(design: design, labels: y, options: options)
        } catch {
            throw FitError(describe(error, names: names + nuisance.columnNames, file: table.source, spec: spec, table: table))
        }

        // Scoring sets each nuisance term to its weighted average: a constant, so it moves into the
        // intercept, whose variance then includes the terms' (aᵀCa with a = e₀ + Σ share·e_level).
        var estimates = Array(result.coefficients[0..<scored])
        var interceptDirection = [Double](repeating: 0, count: p)
        interceptDirection[0] = 1
        for (term, offset) in zip(nuisance.terms, nuisance.offsets(from: scored)) {
            for (l, share) in term.shares.enumerated() {
                estimates[0] += share * result.coefficients[offset + l]
                interceptDirection[offset + l] = share
            }
        }
        let z975 = 1.959963984540054
        var coefficients: [FittedModel.Coefficient] = []
        for (j, name) in names.enumerated() {
            let b = estimates[j]
            var se = result.standardError(j)
            if j == 0 && !nuisance.terms.isEmpty { se = quadraticForm(result.covariance, interceptDirection).squareRoot() }
            let z = se.map { b / $0 }
            var row = FittedModel.Coefficient(
                name: name, estimate: b, stdError: se, z: z,
                pValue: z.map { erfc(abs($0) / 2.0.squareRoot()) },
                ciLow: se.map { b - z975 * $0 }, ciHigh: se.map { b + z975 * $0 },
                oddsRatio: exp(b))
            if let profile = result.profileIntervals {
                row.profileLow = profile[j].low
                row.profileHigh = profile[j].high
            }
            coefficients.append(row)
        }
        // Column means of the design: the explanation baseline.
        var reference: [String: Double] = [:]
        for (name, mean) in zip(names, x.columnMeans()) { reference[name] = mean }
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
        let k = Double(p - result.boundAtConstraint.count)
        var summary = FittedModel.FitSummary(
            n: result.rows, events: result.events, iterations: result.iterations, converged: result.converged,
            logLikelihood: result.logLikelihood, deviance: result.deviance, nullDeviance: result.nullDeviance,
            aic: 2 * k - 2 * result.logLikelihood, l2: spec.l2,
            method: method(spec), linearAlgebra: LAPACK.libraryDescription, warnings: warnings)
        if spec.firth {
            summary.firth = true
            summary.penalisedLogLikelihood = result.penalisedLogLikelihood
            summary.intervalMethod = "wald+profile"
        }
        switch options.covariance {
        case .model: break
        case .robust(let smallSample): summary.covariance = smallSample ? "HC1" : "HC0"
        case .cluster(_, let count, let smallSample):
            summary.covariance = smallSample ? "cluster" : "cluster-no-correction"
            summary.clusters = count
        }
        if result.separationTested {
            summary.separationTest = "linear program (Konis 2007): the estimate exists although \(result.saturatedRows) of \(result.rows) rows are fitted within 1e-10 of probability 0 or 1"
        }
        var model = FittedModel(
            format: FittedModel.formatIdentifier, name: spec.name, version: spec.version, created: created,
            spec: spec, coefficients: coefficients, reference: reference, encoding: encoder.layout,
            constraints: constraints, fit: summary,
            trainingData: FittedModel.TrainingData(
                file: trainingFile, sha256: trainingSHA256, rows: table.rowCount, dateMin: dateMin, dateMax: dateMax),
            nuisance: nuisance.terms.isEmpty ? nil : nuisance.effects(result, from: scored),
            fingerprint: "")
        model.fingerprint = try model.computeFingerprint()
        return model
    }

    /// The estimation method in words (model.json `fit.method`, shown on the model card).
    static func method(_ spec: ModelSpec) -> String {
        var text: String
        if spec.firth {
            text = "Firth's bias-reduced logistic regression (penalised likelihood ℓ(β) + ½·log det I(β)), Newton–Cholesky"
        } else if spec.l2 > 0 {
            text = "penalised IRLS (ridge), Newton–Cholesky"
        } else {
            text = "IRLS (Newton–Cholesky), maximum likelihood"
        }
        if let terms = spec.nuisance, !terms.isEmpty {
            text += "; nuisance terms \(terms.map { "'\($0.name)'" }.joined(separator: ", ")) ridge-penalised and set to their weighted average when scoring"
        }
        return text
    }

    /// The covariance the spec asks for, with the cluster column's groups read from the table.
    static func covariance(spec: ModelSpec, table: DataTable) throws -> LogisticCovariance {
        guard let c = spec.covariance else { return .model }
        let smallSample = c.smallSample ?? true
        switch c.type {
        case .model: return .model
        case .robust: return .robust(smallSample: smallSample)
        case .cluster:
            guard let column = c.column else { throw SpecError(field: "covariance.column", problem: "is required for a cluster covariance") }
            let values: [String]
            if case .numeric(let numbers)? = table.columns[column] {
                values = numbers.map { $0.isNaN ? "" : FeatureEncoding.formatNumber($0) }
            } else {
                values = try table.strings(column)
            }
            var codes = [Int32](repeating: 0, count: values.count)
            var index: [String: Int32] = [:]
            for (row, value) in values.enumerated() {
                if value.isEmpty {
                    throw DataError.badCell(file: table.source, line: table.line(ofRow: row), column: column, value: "",
                                            expected: "a cluster id (the covariance clusters over this column)")
                }
                if let code = index[value] { codes[row] = code } else {
                    let code = Int32(index.count)
                    index[value] = code
                    codes[row] = code
                }
            }
            if index.count < 2 {
                throw DataError.invalid(file: table.source, reason: "column '\(column)' has \(index.count) distinct value; a cluster covariance needs at least 2 clusters")
            }
            return .cluster(groups: codes, count: index.count, smallSample: smallSample)
        }
    }

    private static func quadraticForm(_ m: Matrix, _ a: [Double]) -> Double {
        var total = 0.0
        for i in a.indices where a[i] != 0 { for j in a.indices where a[j] != 0 { total += a[i] * m[i, j] * a[j] } }
        return total
    }

    static func describe(_ error: LogisticFitError, names: [String], file: String, spec: ModelSpec, table: DataTable) -> String {
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
        case .separation(let columns, let rows, let detail):
            let which = Abbreviated.list(columns.map { "'\(names[$0])'" }, itemLimit: 60)
            let lines = rows.prefix(5).map { String(table.line(ofRow: $0)) }.joined(separator: ", ")
            let shown = rows.isEmpty ? "" : "; line\(rows.count == 1 ? "" : "s") \(lines)\(rows.count > 5 ? ", …" : "")"
            return "\(file): perfect or quasi-complete separation by \(which) (\(detail)\(shown)), so the maximum-likelihood estimate does not exist; merge sparse levels, drop the feature, or set \"penalty\": {\"firth\": true} or a small \"penalty\": {\"l2\": …} in the spec."
        case .notConverged(let iterations):
            return "\(file): the fit did not converge in \(iterations) iterations; check for extreme values or add a small L2 penalty."
        case .linearAlgebra(let inner):
            return "\(file): the fit failed in LAPACK: \(inner)."
        }
    }
}
