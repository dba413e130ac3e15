import TilsynCore

extension ModelDiff {
    /// The diff as Markdown for the change log: only coefficients that moved beyond their intervals are listed.
    public func markdown() throws -> String {
        let cell = ListSummary.markdownCell
        func side(_ s: Side) -> [String: Any] {
            ["name": cell(s.name), "version": cell(s.version), "fingerprint": String(s.fingerprint.prefix(16)), "rows": String(s.rows),
             "events": String(s.events), "window": "\(s.dateMin ?? "–") – \(s.dateMax ?? "–")", "sha": String(s.trainingSHA256.prefix(16)),
             "deviance": ReportNumber.fixed(s.deviance, 2), "aic": ReportNumber.fixed(s.aic, 2), "l2": ReportNumber.fixed(s.l2, 4),
             "converged": s.converged ? "yes" : "no"]
        }
        let changed = changedCoefficients.map { c -> [String: Any] in
            ["column": cell(c.column), "from": ReportNumber.fixed(c.from, 3), "to": ReportNumber.fixed(c.to, 3),
             "delta": ReportNumber.fixed(c.delta, 3), "half": ReportNumber.fixed(c.halfWidth, 3)]
        }
        let context: [String: Any] = [
            "from": side(from), "to": side(to),
            "featuresAdded": featuresAdded.isEmpty ? "–" : featuresAdded.map(cell).joined(separator: ", "),
            "featuresRemoved": featuresRemoved.isEmpty ? "–" : featuresRemoved.map(cell).joined(separator: ", "),
            "columnsAdded": columnsAdded.isEmpty ? "–" : columnsAdded.map(cell).joined(separator: ", "),
            "columnsRemoved": columnsRemoved.isEmpty ? "–" : columnsRemoved.map(cell).joined(separator: ", "),
            "changed": changed, "noChanged": changed.isEmpty, "shared": String(coefficients.count),
            "encoding": encodingChanges.map { ["feature": cell($0.feature), "field": $0.field, "from": cell($0.from), "to": cell($0.to)] },
            "noEncoding": encodingChanges.isEmpty,
            "validation": (validation ?? []).map { m -> [String: Any] in
                func e(_ x: Estimate?) -> String { x?.value == nil ? "–" : "\(ReportNumber.fixed(x?.value, 3)) \(ReportNumber.interval(x?.ciLow, x?.ciHigh, 3))" }
                return ["metric": m.metric, "from": e(m.from), "to": e(m.to), "overlap": m.overlap.map { $0 ? "yes" : "**no**" } ?? "–"]
            },
            "hasValidation": validation != nil, "hasFairness": fairness != nil,
            "fairness": (fairness ?? []).map { v -> [String: Any] in
                func counts(_ g: ModelCard.GroupingVerdicts?) -> String { g.map { "\($0.pass) / \($0.flag) / \($0.insufficient)" } ?? "–" }
                return ["grouping": cell(v.grouping), "from": counts(v.from), "to": counts(v.to),
                        "flagged": cell((v.to?.flagged ?? []).joined(separator: ", "))]
            }, "notes": notes.map(cell),
        ]
        return try ReportTemplates.render("modeldiff.md.mustache", context)
    }
}
