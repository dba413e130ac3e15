import Foundation

/// An inline SVG forest plot of ratios on a log scale: one row per group with its estimate, 95% interval
/// and the units it rests on (in the estimand's rows), a solid line at 1 and dashed lines at the band limits (0.8 and 1.25), so a reader sees at once
/// which groups are outside the band and how uncertain each one is.
struct ForestPlot {
    struct Row {
        var label: String
        var n: Int
        var value: Double
        var low: Double?
        var high: Double?
        var flagged: Bool
    }

    var title: String
    var rows: [Row]
    var band: (Double, Double)

    func svg() -> String {
        guard !rows.isEmpty else { return "<p><em>\(HTMLEscaping.escape(title)): no group has an estimable ratio.</em></p>" }
        let lowest = rows.map { max($0.low ?? $0.value, 1.0 / 16) }.min() ?? 0.5
        let highest = rows.map { min($0.high ?? $0.value, 16) }.max() ?? 2
        let lo = log(min(0.5, lowest)), hi = log(max(2, highest))
        let left = 190.0, right = 70.0, plot = 420.0, rowHeight = 18.0, top = 34.0
        let width = left + plot + right, height = top + rowHeight * Double(rows.count) + 30
        func x(_ v: Double) -> Double { left + (log(min(max(v, exp(lo)), exp(hi))) - lo) / (hi - lo) * plot }
        func f(_ v: Double) -> String { ReportNumber.fixed(v, 1) }
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(HTMLEscaping.escape(title))\">\n"
        s += "<text x=\"\(f(left))\" y=\"14\" font-size=\"12\" font-weight=\"bold\">\(HTMLEscaping.escape(title))</text>\n"
        s += "<text x=\"\(f(width - 4))\" y=\"28\" font-size=\"10\" text-anchor=\"end\">units</text>\n"
        let bottom = top + rowHeight * Double(rows.count)
        s += "<line x1=\"\(f(x(1)))\" y1=\"\(f(top - 6))\" x2=\"\(f(x(1)))\" y2=\"\(f(bottom))\" stroke=\"#555\"/>\n"
        for limit in [band.0, band.1] {
            s += "<line x1=\"\(f(x(limit)))\" y1=\"\(f(top - 6))\" x2=\"\(f(x(limit)))\" y2=\"\(f(bottom))\" stroke=\"#999\" stroke-dasharray=\"4 3\"/>\n"
        }
        for tick in [0.125, 0.25, 0.5, 0.8, 1, 1.25, 2, 4, 8] where log(tick) >= lo - 1e-9 && log(tick) <= hi + 1e-9 {
            s += "<text x=\"\(f(x(tick)))\" y=\"\(f(bottom + 14))\" font-size=\"10\" text-anchor=\"middle\">\(tick == 0.125 ? "0.125" : tick == 1.25 ? "1.25" : ReportNumber.fixed(tick, tick < 1 ? 1 : 0))</text>\n"
        }
        s += "<text x=\"\(f(left + plot / 2))\" y=\"\(f(bottom + 27))\" font-size=\"10\" text-anchor=\"middle\">ratio to reference (log scale)</text>\n"
        for (i, r) in rows.enumerated() {
            let y = top + rowHeight * (Double(i) + 0.5)
            let colour = r.flagged ? "#b3261e" : "#1f4e99"
            s += "<text x=\"\(f(left - 8))\" y=\"\(f(y + 4))\" font-size=\"10\" text-anchor=\"end\">\(HTMLEscaping.escape(r.label))</text>\n"
            if let l = r.low, let h = r.high {
                s += "<line x1=\"\(f(x(l)))\" y1=\"\(f(y))\" x2=\"\(f(x(h)))\" y2=\"\(f(y))\" stroke=\"\(colour)\"/>\n"
            }
            s += "<rect x=\"\(f(x(r.value) - 3.5))\" y=\"\(f(y - 3.5))\" width=\"7\" height=\"7\" fill=\"\(colour)\"><title>\(HTMLEscaping.escape(r.label)): \(ReportNumber.fixed(r.value, 3)) \(ReportNumber.interval(r.low, r.high, 3)), n = \(r.n)</title></rect>\n"
            s += "<text x=\"\(f(width - 4))\" y=\"\(f(y + 4))\" font-size=\"10\" text-anchor=\"end\">\(r.n)</text>\n"
        }
        return s + "</svg>"
    }
}
