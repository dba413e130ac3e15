import TilsynCore
import TilsynReports

/// The summary `tilsyn fit` prints: the fit statistics and one row per term, laid out as a statsmodels
/// user reads `Logit(...).fit().summary()` — estimate, std err, z, P>|z| and the 95 % interval — within
/// an A4 page's width.
///
/// Every number is model.json's own (``FittedModel/coefficients``, ``FittedModel/FitSummary``); the log-
/// likelihood of the intercept-only model is `−null deviance / 2` (0/1 labels, unit weights), so the
/// pseudo-R² is McFadden's `1 − ℓ/ℓ₀`, statsmodels' `prsquared`.
enum CoefficientTable {
    /// Widest line the table is allowed (characters): an A4 page in a monospaced font.
    static let width = 100

    static func render(_ model: FittedModel) -> String {
        let fit = model.fit
        let nullLogLikelihood = -fit.nullDeviance / 2
        var lines: [String] = []
        lines.append("Model \(model.name) \(model.version), fingerprint \(model.fingerprint.prefix(16)); label '\(model.spec.label)'")
        lines.append("  N \(fit.n) (\(fit.events) with label 1)   log-likelihood \(fixed(fit.logLikelihood, 3))   LL-null \(fixed(nullLogLikelihood, 3))")
        let pseudo = nullLogLikelihood < 0 ? fixed(1 - fit.logLikelihood / nullLogLikelihood, 4) : "not defined (LL-null is 0)"
        lines.append("  pseudo-R² (McFadden) \(pseudo)   AIC \(fixed(fit.aic, 1))   "
                     + (fit.converged ? "converged in \(fit.iterations) IRLS iterations" : "NOT converged after \(fit.iterations) IRLS iterations"))
        lines.append("  method: \(fit.method)")
        lines.append("  standard errors: \(fit.covarianceDescription.en ?? "")")
        lines.append("")

        var table = TextTable(["term", "estimate", "std err", "z", "P>|z|", "[0.025", "0.975]"], rightAligned: [1, 2, 3, 4, 5, 6])
        let numbers = model.coefficients.map { c -> [String] in
            [fixed(c.estimate, 4), c.stdError.map { fixed($0, 4) } ?? "–", c.z.map { fixed($0, 3) } ?? "–",
             c.pValue.map(pValue) ?? "–", c.ciLow.map { fixed($0, 3) } ?? "–", c.ciHigh.map { fixed($0, 3) } ?? "–"]
        }
        // The term column takes what the numbers leave of the width; longer names are cut with "…".
        let numberWidths = (0..<6).map { j in max(table.header[j + 1].count, numbers.map { $0[j].count }.max() ?? 0) }
        let nameRoom = max(12, width - 2 - numberWidths.reduce(0, +) - 2 * 6)
        for (c, row) in zip(model.coefficients, numbers) {
            // TextTable escapes control characters itself, so the name is only cut here.
            let name = c.name.count > nameRoom ? String(c.name.prefix(nameRoom - 1)) + "…" : c.name
            table.add([name] + row)
        }
        lines.append(table.render())

        // A binding sign constraint is among the fit's warnings (its coefficient shows "–" for std err).
        var notes: [String] = []
        if fit.firth == true { notes.append("Firth's bias-reduced fit: the interval shown is Wald's; model.json also has profile-likelihood intervals") }
        if fit.l2 > 0 { notes.append("ridge penalty l2 = \(ReportNumber.fixed(fit.l2, 4)): estimates are shrunk towards 0") }
        if let nuisance = model.nuisance, !nuisance.isEmpty {
            notes.append("nuisance terms fitted with their own ridge penalty and never scored: \(nuisance.map(\.feature).joined(separator: ", ")) (see model.json)")
        }
        for warning in fit.warnings { notes.append(warning) }
        if !notes.isEmpty { lines.append("") }
        for note in notes { lines.append(contentsOf: wrapped("Note: " + note, indent: "  ", hanging: "        ")) }
        return lines.joined(separator: "\n")
    }

    /// `text` broken at spaces into lines of at most ``width`` characters, the first indented by
    /// `indent`, the rest by `hanging`; a word longer than a line stays whole.
    static func wrapped(_ text: String, indent: String, hanging: String) -> [String] {
        var lines: [String] = [], line = indent
        for word in text.split(separator: " ") {
            let atStart = line == indent || line == hanging
            if !atStart && line.count + 1 + word.count > width {
                lines.append(line)
                line = hanging
            }
            line += (line == indent || line == hanging ? "" : " ") + word
        }
        lines.append(line)
        return lines
    }

    /// A p-value as statsmodels' summary rounds it, except that one below 0.0005 says so instead of "0.000".
    static func pValue(_ p: Double) -> String { p < 0.0005 ? "<0.001" : fixed(p, 3) }
}
