import Foundation

/// Geometry of the card's horizontal bar chart of contributions, for the SVG in `card.html.mustache`.
///
/// Bars start at a shared zero line: right (red) for contributions that raise the risk, left (green) for
/// those that lower it, on one scale so lengths compare. Only the largest lines get a bar of their own;
/// the rest are summed into one "other items" bar so small effects do not drown the picture, and the
/// bars still add up to the score minus the baseline. Each bar's effect in words stands in a column of its
/// own right of the plot, so it neither runs off the chart nor over the item labels, whatever the bar's
/// length or direction.
struct ContributionChart {
    struct Bar {
        var label: String
        var value: Double
        var valueLabel: String
    }

    static let width = 900.0
    static let labelRight = 330.0
    static let plotLeft = 342.0
    static let plotRight = 640.0
    /// Where the effects in words start (left-aligned, up to ``width``).
    static let valueLeft = 652.0
    static let rowHeight = 26.0
    static let barHeight = 18.0
    static let raiseColour = "#b3261e"
    static let lowerColour = "#1b7f3b"

    var bars: [Bar]

    /// The template's view of the chart. What does not depend on the bars (the columns, each row's
    /// place) is formatted once per process.
    var context: CardTemplate.Value {
        typealias V = CardTemplate.Value
        let positive = bars.map { max(0, $0.value) }.max() ?? 0
        let negative = bars.map { max(0, -$0.value) }.max() ?? 0
        let span = max(positive + negative, 1e-12)
        let plot = Self.plotRight - Self.plotLeft
        let zero = Self.plotLeft + plot * negative / span
        var items: [V] = []
        items.reserveCapacity(bars.count)
        for (i, bar) in bars.enumerated() {
            let top = 6 + Double(i) * Self.rowHeight
            let length = plot * abs(bar.value) / span
            let x = bar.value >= 0 ? zero : zero - length
            items.append(.object([
                "label": .text(Self.shorten(bar.label, 48)),
                "x": .text(Self.n(x)), "y": .text(i < Self.rows.count ? Self.rows[i].y : Self.n(top)), "w": .text(Self.n(max(length, 0.5))),
                "h": Self.barHeightText,
                "text_y": .text(i < Self.rows.count ? Self.rows[i].textY : Self.n(top + Self.barHeight - 5)),
                "label_x": Self.labelRightText,
                "color": bar.value >= 0 ? Self.raiseText : Self.lowerText,
                "value_label": .text(bar.valueLabel),
                "value_x": Self.valueLeftText,
                "value_anchor": Self.startText,
            ]))
        }
        let height = 12 + Double(bars.count) * Self.rowHeight
        return .object([
            "width": .text(Self.n(Self.width)), "height": .text(Self.n(height)), "zero_x": .text(Self.n(zero)),
            "axis_bottom": .text(Self.n(height - 4)), "bars": .list(items),
        ])
    }

    /// The fixed values, formatted once.
    private static let barHeightText = CardTemplate.Value.text(n(barHeight))
    private static let labelRightText = CardTemplate.Value.text(n(labelRight))
    private static let valueLeftText = CardTemplate.Value.text(n(valueLeft))
    private static let raiseText = CardTemplate.Value.text(raiseColour)
    private static let lowerText = CardTemplate.Value.text(lowerColour)
    private static let startText = CardTemplate.Value.text("start")
    /// Each row's top and text line, for as many rows as a card has (``CardContext/chartBars`` and the rest).
    private static let rows: [(y: String, textY: String)] = (0..<32).map { i in
        let top = 6 + Double(i) * rowHeight
        return (n(top), n(top + barHeight - 5))
    }

    private static func n(_ x: Double) -> String { CardNumbers.printf(x, 1) }

    private static func shorten(_ text: String, _ limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
    }
}
