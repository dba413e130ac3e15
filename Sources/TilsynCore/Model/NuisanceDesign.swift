import Foundation
import TilsynNumerics

/// The design columns of a spec's nuisance terms (DESIGN: an inspector's strictness is not the company's
/// risk): one indicator column per level, every level kept (the term's ridge penalty makes them
/// identifiable next to the intercept, and shrinks each level towards zero rather than towards an
/// arbitrary reference level).
struct NuisanceDesign {
    struct Term {
        let spec: ModelSpec.Nuisance
        let levels: [String]
        /// Level of each row.
        let codes: [Int32]
        let counts: [Int]
        /// Share of training rows at each level: the weights of the average used when scoring.
        let shares: [Double]
    }

    let terms: [Term]

    init(spec: ModelSpec, table: DataTable) throws {
        var terms: [Term] = []
        for term in spec.nuisance ?? [] {
            let column = try table.categorical(term.name)
            if let row = column.codes.firstIndex(where: { $0 < 0 }) {
                throw DataError.badCell(file: table.source, line: table.line(ofRow: row), column: term.name, value: "",
                                        expected: "a value (the nuisance term '\(term.name)' cannot be missing)")
            }
            var counts = [Int](repeating: 0, count: column.levels.count)
            for code in column.codes { counts[Int(code)] += 1 }
            let present = column.levels.indices.filter { counts[$0] > 0 }
                .sorted { column.levels[$0].utf8.lexicographicallyPrecedes(column.levels[$1].utf8) }
            var remap = [Int32](repeating: -1, count: column.levels.count)
            for (k, old) in present.enumerated() { remap[old] = Int32(k) }
            let codes = column.codes.map { remap[Int($0)] }
            let kept = present.map { counts[$0] }
            let n = Double(table.rowCount)
            terms.append(Term(spec: term, levels: present.map { column.levels[$0] }, codes: codes, counts: kept,
                              shares: kept.map { Double($0) / n }))
        }
        self.terms = terms
    }

    var columnCount: Int { terms.reduce(0) { $0 + $1.levels.count } }
    var columnNames: [String] { terms.flatMap { t in t.levels.map { "\(t.spec.name)=\($0)" } } }
    var penalties: [Double] { terms.flatMap { t in [Double](repeating: t.spec.effectiveL2, count: t.levels.count) } }

    func offsets(from start: Int) -> [Int] {
        var offset = start
        return terms.map { t in defer { offset += t.levels.count }; return offset }
    }

    func blocks(from start: Int) -> [[Int]] {
        zip(terms, offsets(from: start)).map { t, offset in Array(offset..<(offset + t.levels.count)) }
    }

    /// `x` with the nuisance indicator columns appended (column-major, so they go after its storage).
    func appended(to x: Matrix) -> Matrix {
        let n = x.rows
        var storage = x.storage
        storage.reserveCapacity(n * (x.columns + columnCount))
        for t in terms {
            for level in t.levels.indices {
                let code = Int32(level)
                storage.append(contentsOf: t.codes.lazy.map { $0 == code ? 1.0 : 0.0 })
            }
        }
        return Matrix(rows: n, columns: x.columns + columnCount, columnMajor: storage)
    }

    /// The fitted terms for model.json and the model card.
    func effects(_ fit: LogisticFit, from start: Int) -> [FittedModel.NuisanceEffect] {
        zip(terms, offsets(from: start)).map { t, offset in
            let estimates = t.levels.indices.map { fit.coefficients[offset + $0] }
            let mean = zip(t.shares, estimates).reduce(0) { $0 + $1.0 * $1.1 }
            let variance = zip(t.shares, estimates).reduce(0) { $0 + $1.0 * ($1.1 - mean) * ($1.1 - mean) }
            return FittedModel.NuisanceEffect(
                feature: t.spec.name, l2: t.spec.effectiveL2, weightedMean: mean, spread: variance.squareRoot(),
                range: [estimates.min() ?? 0, estimates.max() ?? 0],
                levels: t.levels.indices.map { l in
                    FittedModel.NuisanceEffect.Level(level: t.levels[l], rows: t.counts[l], estimate: estimates[l],
                                                     stdError: fit.standardError(offset + l))
                })
        }
    }
}
