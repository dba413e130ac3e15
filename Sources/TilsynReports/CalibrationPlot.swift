import TilsynCore

/// The calibration curve of a reliability table as inline SVG, shared by the validation report and the model card.
enum CalibrationPlot {
    /// Observed rate against mean predicted probability per bin, with Wilson intervals and the diagonal.
    ///
    /// Axes run to the largest predicted or observed value (rounded up to a tenth), not always to 1, so
    /// a model whose predictions stay below 0.4 is not squeezed into a corner.
    static func svg(bins all: [Calibration.Bin], locale: ReportLocale) -> String {
        let bins = all.filter { $0.n > 0 }
        let top = max(0.1, (bins.map { max($0.meanPredicted ?? 0, $0.ciHigh ?? 0) }.max() ?? 1) * 10).rounded(.up) / 10
        let size = 360.0, pad = 48.0, plot = size - 2 * pad
        func x(_ v: Double) -> String { ReportNumber.fixed(pad + v / top * plot, 1) }
        func y(_ v: Double) -> String { ReportNumber.fixed(size - pad - v / top * plot, 1) }
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(size))\" height=\"\(Int(size))\" viewBox=\"0 0 \(Int(size)) \(Int(size))\" role=\"img\" aria-label=\"\(HTMLEscaping.escape(locale.text("svg_label")))\">\n"
        s += "<rect x=\"\(x(0))\" y=\"\(y(top))\" width=\"\(ReportNumber.fixed(plot, 1))\" height=\"\(ReportNumber.fixed(plot, 1))\" fill=\"none\" stroke=\"#888\"/>\n"
        s += "<line x1=\"\(x(0))\" y1=\"\(y(0))\" x2=\"\(x(top))\" y2=\"\(y(top))\" stroke=\"#bbb\" stroke-dasharray=\"4 3\"/>\n"
        for t in 0...4 {
            let v = top * Double(t) / 4
            s += "<text x=\"\(x(v))\" y=\"\(ReportNumber.fixed(size - pad + 16, 1))\" font-size=\"10\" text-anchor=\"middle\">\(locale.number(v, 2))</text>\n"
            s += "<text x=\"\(ReportNumber.fixed(pad - 6, 1))\" y=\"\(y(v))\" font-size=\"10\" text-anchor=\"end\" dominant-baseline=\"middle\">\(locale.number(v, 2))</text>\n"
        }
        s += "<text x=\"\(ReportNumber.fixed(size / 2, 1))\" y=\"\(ReportNumber.fixed(size - 8, 1))\" font-size=\"11\" text-anchor=\"middle\">\(HTMLEscaping.escape(locale.text("svg_x")))</text>\n"
        s += "<text x=\"12\" y=\"\(ReportNumber.fixed(size / 2, 1))\" font-size=\"11\" text-anchor=\"middle\" transform=\"rotate(-90 12 \(ReportNumber.fixed(size / 2, 1)))\">\(HTMLEscaping.escape(locale.text("svg_y")))</text>\n"
        var points: [String] = []
        for b in bins {
            guard let p = b.meanPredicted, let o = b.observedRate else { continue }
            if let lo = b.ciLow, let hi = b.ciHigh {
                s += "<line x1=\"\(x(p))\" y1=\"\(y(lo))\" x2=\"\(x(p))\" y2=\"\(y(min(hi, top)))\" stroke=\"#4a6fa5\"/>\n"
            }
            s += "<circle cx=\"\(x(p))\" cy=\"\(y(o))\" r=\"3.5\" fill=\"#1f4e99\"><title>\(locale.text("col_n")) \(b.n), \(locale.text("col_predicted")) \(locale.number(p, 3)), \(locale.text("col_observed")) \(locale.number(o, 3))</title></circle>\n"
            points.append("\(x(p)),\(y(o))")
        }
        if points.count > 1 { s += "<polyline points=\"\(points.joined(separator: " "))\" fill=\"none\" stroke=\"#1f4e99\"/>\n" }
        s += "</svg>"
        return s
    }
}
