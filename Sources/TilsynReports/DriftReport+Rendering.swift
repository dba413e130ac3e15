import TilsynCore

extension DriftReport {
    /// The drift report as Markdown: a summary table of every feature, then the bins of the flagged ones.
    ///
    /// Only moderate and major features get their bin tables, so a reviewer's eye goes where the shift is;
    /// the JSON has every bin.
    public func markdown() -> String {
        let f = ReportNumber.fixed
        var lines = [
            "# Drift: \(model.name) \(model.version)",
            "",
            "Population stability index (PSI) per feature between the training data `\(baseline.file)` (\(baseline.rows) rows) "
                + "and the register `\(register.file)` (\(register.rows) rows); model fingerprint `\(model.fingerprint.prefix(16))`.",
            "",
            "PSI = Σ (register share − training share) · ln(register share / training share), empty bins floored at \(floor). "
                + "Above \(f(thresholds.major, 2)) the shift is major, above \(f(thresholds.moderate, 2)) moderate.",
            "",
            "| Feature | Type | Bins | PSI | Shift |",
            "|---|---|---:|---:|---|",
        ]
        for d in features {
            lines.append("| \(d.feature) | \(d.type.rawValue) | \(d.bins.count) | \(f(d.psi, 4)) | \(d.level.rawValue) |")
        }
        let flagged = flagged(atLeast: .moderate)
        if flagged.isEmpty {
            lines += ["", "No feature has shifted beyond \(f(thresholds.moderate, 2))."]
        }
        for d in flagged {
            lines += ["", "## \(d.feature): PSI \(f(d.psi, 4)) (\(d.level.rawValue))", "",
                      "| Bin | Training | Register | Training share | Register share | Term |", "|---|---:|---:|---:|---:|---:|"]
            for b in d.bins {
                lines.append("| \(b.label) | \(b.baselineCount) | \(b.registerCount) | \(f(b.baselineShare, 4)) | \(f(b.registerShare, 4)) | \(f(b.contribution, 4)) |")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
