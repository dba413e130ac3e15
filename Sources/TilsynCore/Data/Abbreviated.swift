/// Values quoted in messages, cut so that one sentence stays one sentence.
///
/// An error message quotes what it refuses (a cell, a level, a field), and that value comes from the
/// input: a 2 MB cell must not become a 2 MB message (or log line). Cut at about 80 characters with "…",
/// at a character boundary, so the reader still recognises the value; control characters are shown
/// escaped (``DisplayText``), so a value cannot act on the terminal or the log that shows it.
public enum Abbreviated {
    /// The longest value quoted whole.
    public static let limit = 80

    /// `value`, or its first `limit` characters followed by "…".
    public static func text(_ value: some StringProtocol, limit: Int = Abbreviated.limit) -> String {
        // Counting characters of a huge value would walk all of it; a prefix is enough to decide.
        let head = value.prefix(limit + 1)
        return head.count > limit ? DisplayText.escaped(head.prefix(limit)) + "…" : DisplayText.escaped(value)
    }

    /// The most items a message lists before it says how many more there are.
    public static let listLimit = 12

    /// `items` joined with ", ", at most `limit` of them, each cut as ``text(_:limit:)``, followed by
    /// "and N more" when some are left out: a spec with 10,000 features must not make a 10,000-name message.
    public static func list(_ items: [String], limit: Int = Abbreviated.listLimit, itemLimit: Int = 40) -> String {
        let shown = items.prefix(limit).map { text($0, limit: itemLimit) }.joined(separator: ", ")
        return items.count > limit ? "\(shown) and \(items.count - limit) more" : shown
    }
}
