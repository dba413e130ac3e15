import Foundation
import TilsynCore

extension DriftReport {
    /// The drift report as Markdown, in Danish or English (`Explain/drift.<lang>.json`): a summary table
    /// of every feature, then the bins of the flagged ones.
    ///
    /// Only moderate and major features get their bin tables, so a reviewer's eye goes where the shift is;
    /// the JSON has every bin, its labels and codes in English whatever the page's language.
    /// - Parameter language: "da" or "en" (anything else is English, as ``ReportLocale`` reads it).
    public func markdown(language: String = "en") throws -> String {
        let l = try ReportLocale(language: language, file: "drift")
        let cell = ListSummary.markdownCell
        var lines = [
            "# " + l.text("title", ["model": "\(cell(model.name)) \(cell(model.version))"]),
            "",
            l.text("intro", ["baseline": baseline.file, "baselineRows": l.count(baseline.rows), "register": register.file,
                             "registerRows": l.count(register.rows), "fingerprint": String(model.fingerprint.prefix(16))]),
            "",
            l.text("formula", ["floor": Self.plain(floor, l), "major": l.number(thresholds.major, 2),
                               "moderate": l.number(thresholds.moderate, 2)]),
            "",
            "| \(l.text("col_feature")) | \(l.text("col_type")) | \(l.text("col_bins")) | \(l.text("col_psi")) | \(l.text("col_level")) |",
            "|---|---|---:|---:|---|",
        ]
        for d in features {
            lines.append("| \(cell(d.feature)) | \(l.text("type_\(d.type.rawValue)")) | \(l.count(d.bins.count)) | \(l.number(d.psi, 4)) "
                         + "| \(l.text("level_\(d.level.rawValue)")) |")
        }
        let flagged = flagged(atLeast: .moderate)
        if flagged.isEmpty {
            lines += ["", l.text("none", ["moderate": l.number(thresholds.moderate, 2)])]
        }
        for d in flagged {
            lines += ["", "## " + l.text("feature_heading", ["feature": cell(d.feature), "psi": l.number(d.psi, 4),
                                                             "level": l.text("level_\(d.level.rawValue)")]), "",
                      "| \(l.text("col_bin")) | \(l.text("col_training")) | \(l.text("col_register")) | \(l.text("col_training_share")) "
                        + "| \(l.text("col_register_share")) | \(l.text("col_term")) |",
                      "|---|---:|---:|---:|---:|---:|"]
            for b in d.bins {
                lines.append("| \(cell(Self.label(b.label, type: d.type, l))) | \(l.count(b.baselineCount)) | \(l.count(b.registerCount)) "
                             + "| \(l.number(b.baselineShare, 4)) | \(l.number(b.registerShare, 4)) | \(l.number(b.contribution, 4)) |")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A bin's label as the page writes it: the special bins in words, and on a Danish page the limits
    /// of a numeric bin with decimal commas and a semicolon between them (`(2,5; 7]`, not `(2.5, 7]`).
    /// A categorical bin is a level of the data, shown exactly as the data has it.
    static func label(_ label: String, type: FeatureSpec.Kind, _ l: ReportLocale) -> String {
        switch label {
        case DriftBinning.missingLabel: return l.text("bin_missing")
        case DriftBinning.unseenLabel: return l.text("bin_unseen")
        case DriftBinning.outsideLabel: return l.text("bin_outside")
        default:
            guard l.danish, type != .categorical else { return label }
            // Numeric labels are `≤ a`, `(a, b]`, `> a` and `[a,b)` (DriftBinning, FeatureEncoding.binLabels).
            return label.replacingOccurrences(of: ", ", with: "; ").replacingOccurrences(of: ",", with: "; ")
                .replacingOccurrences(of: ".", with: ",")
        }
    }

    /// A small share such as the empty-bin floor (`0.0001`), with a decimal comma on a Danish page.
    private static func plain(_ x: Double, _ l: ReportLocale) -> String {
        l.danish ? "\(x)".replacingOccurrences(of: ".", with: ",") : "\(x)"
    }
}
