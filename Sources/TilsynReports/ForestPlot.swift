import Foundation

/// An inline SVG forest plot of ratios on a log scale: one row per group with its estimate, interval and
/// the count it rests on, a solid line at 1, the band shaded between dashed limits.
///
/// The axis spans every interval drawn (no value is clipped) and the band; its ticks are powers of two,
/// thinned to at most nine, plus the band limits. A limit or estimate of 0 (a group with no hits has the
/// score interval [0, U]) has no place on a log scale: its line runs to the axis's left edge and ends in
/// an arrow, the estimate sits on the edge as an open square, and `zeroNote` under the axis says so. The
/// count column is labelled by the caller with the same words, and written with the same `count`
/// format, as the table column it matches.
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
    /// Header of the count column (the table's column name for the same number).
    var countLabel: String
    var axisLabel: String
    var emptyText: String
    var number: (Double, Int) -> String
    /// A count as the table writes it (`11.712` on a Danish page).
    var count: (Int) -> String = { String($0) }
    /// Under the axis when some interval reaches 0.
    var zeroNote: String = "◀ reaches 0"

    /// The axis limits: every drawn value and the band, widened to whole powers of two.
    var range: (low: Double, high: Double) {
        let values = rows.flatMap { [$0.value, $0.low ?? $0.value, $0.high ?? $0.value] }.filter { $0 > 0 && $0.isFinite }
        let lo = min(values.min() ?? 1, band.0, 0.5), hi = max(values.max() ?? 1, band.1, 2)
        return (pow(2, log2(lo).rounded(.down)), pow(2, log2(hi).rounded(.up)))
    }

    /// Tick values: powers of two across the range (every second or fourth when there are many) and the band.
    var ticks: [Double] {
        let (lo, hi) = range
        let a = Int(log2(lo).rounded()), b = Int(log2(hi).rounded())
        let step = max(1, Int((Double(b - a) / 8).rounded(.up)))
        var t = stride(from: 0, through: b, by: step).map { pow(2, Double($0)) }
        t += stride(from: -step, through: a, by: -step).map { pow(2, Double($0)) }
        return (t + [band.0, band.1]).filter { $0 >= lo * 0.999 && $0 <= hi * 1.001 }.sorted()
    }

    /// A tick's value with as many decimals as it needs (0.125, 0.8, 1.25, 16); a power of two below 0.1
    /// as the exact fraction it is (1/16, 1/64), which reads better than 0.015625.
    func tickText(_ v: Double) -> String {
        if v < 0.1, v > 0 {
            let inverse = (1 / v).rounded()
            if inverse <= 1e6, abs(inverse * v - 1) < 1e-12 { return "1/\(Int(inverse))" }
        }
        var text = number(v, 7)
        guard text.contains(".") || text.contains(",") else { return text }
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(",") || text.hasSuffix(".") { text.removeLast() }
        return text
    }

    func svg() -> String {
        guard !rows.isEmpty else { return "<p><em>\(HTMLEscaping.escape(title)): \(HTMLEscaping.escape(emptyText))</em></p>" }
        let (axisLow, axisHigh) = range
        let lo = log(axisLow), hi = log(axisHigh)
        let left = 170.0, right = 60.0, plot = 400.0, rowHeight = 16.0, top = 34.0
        let reachesZero = rows.contains { $0.value <= 0 || ($0.low ?? 1) <= 0 }
        let width = left + plot + right, height = top + rowHeight * Double(rows.count) + (reachesZero ? 46 : 34)
        // 0 maps to the left edge (log 0 = −∞); the arrow and the open square mark it.
        func x(_ v: Double) -> Double { v > 0 ? left + (log(v) - lo) / (hi - lo) * plot : left }
        func f(_ v: Double) -> String { ReportNumber.fixed(v, 1) }
        let bottom = top + rowHeight * Double(rows.count)
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(HTMLEscaping.escape(title))\">\n"
        s += "<text x=\"4\" y=\"14\" font-size=\"12\" font-weight=\"bold\">\(HTMLEscaping.escape(title))</text>\n"
        s += "<text x=\"\(f(width - 4))\" y=\"28\" font-size=\"10\" text-anchor=\"end\">\(HTMLEscaping.escape(countLabel))</text>\n"
        s += "<rect x=\"\(f(x(band.0)))\" y=\"\(f(top - 6))\" width=\"\(f(x(band.1) - x(band.0)))\" height=\"\(f(bottom - top + 6))\" fill=\"#eef3e8\"/>\n"
        s += "<line x1=\"\(f(x(1)))\" y1=\"\(f(top - 6))\" x2=\"\(f(x(1)))\" y2=\"\(f(bottom))\" stroke=\"#555\"/>\n"
        for limit in [band.0, band.1] {
            s += "<line x1=\"\(f(x(limit)))\" y1=\"\(f(top - 6))\" x2=\"\(f(x(limit)))\" y2=\"\(f(bottom))\" stroke=\"#999\" stroke-dasharray=\"4 3\"/>\n"
        }
        for tick in ticks {
            // Band limits sit close to 1; lift their labels a line so they do not overprint.
            let isBand = tick == band.0 || tick == band.1
            let y = bottom + (isBand ? 24 : 12)
            s += "<line x1=\"\(f(x(tick)))\" y1=\"\(f(bottom))\" x2=\"\(f(x(tick)))\" y2=\"\(f(bottom + 3))\" stroke=\"#555\"/>\n"
            s += "<text x=\"\(f(x(tick)))\" y=\"\(f(y))\" font-size=\"9\" text-anchor=\"middle\">\(tickText(tick))</text>\n"
        }
        s += "<text x=\"\(f(left + plot / 2))\" y=\"\(f(bottom + 34))\" font-size=\"9\" text-anchor=\"middle\">\(HTMLEscaping.escape(axisLabel))</text>\n"
        if reachesZero {
            s += "<text x=\"\(f(left))\" y=\"\(f(bottom + 46))\" font-size=\"9\" text-anchor=\"start\">\(HTMLEscaping.escape(zeroNote))</text>\n"
        }
        for (i, r) in rows.enumerated() {
            let y = top + rowHeight * (Double(i) + 0.5)
            let colour = r.flagged ? "#b3261e" : "#1f4e99"
            s += "<text x=\"\(f(left - 8))\" y=\"\(f(y + 4))\" font-size=\"10\" text-anchor=\"end\">\(HTMLEscaping.escape(r.label))</text>\n"
            if let l = r.low, let h = r.high {
                s += "<line x1=\"\(f(x(l)))\" y1=\"\(f(y))\" x2=\"\(f(x(h)))\" y2=\"\(f(y))\" stroke=\"\(colour)\" stroke-width=\"1.5\"/>\n"
                if l <= 0 {
                    s += "<path d=\"M\(f(left)) \(f(y))l6 -4v8z\" fill=\"\(colour)\"/>\n"
                }
            }
            let fill = r.value > 0 ? colour : "#fff"
            s += "<rect x=\"\(f(x(r.value) - 3.5))\" y=\"\(f(y - 3.5))\" width=\"7\" height=\"7\" fill=\"\(fill)\" stroke=\"\(colour)\"><title>\(HTMLEscaping.escape(r.label)): \(number(r.value, 3)) [\(r.low.map { number($0, 3) } ?? "–"); \(r.high.map { number($0, 3) } ?? "–")], \(HTMLEscaping.escape(countLabel)) \(count(r.n))</title></rect>\n"
            s += "<text x=\"\(f(width - 4))\" y=\"\(f(y + 4))\" font-size=\"10\" text-anchor=\"end\">\(count(r.n))</text>\n"
        }
        return s + "</svg>"
    }
}
