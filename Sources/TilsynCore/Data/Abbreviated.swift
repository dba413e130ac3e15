/// Values quoted in messages, cut so that one sentence stays one sentence.
///
/// An error message quotes what it refuses (a cell, a level, a field), and that value comes from the
/// input: a 2 MB cell must not become a 2 MB message (or log line). Cut at about 80 characters with "…",
/// at a character boundary, so the reader still recognises the value.
public enum Abbreviated {
    /// The longest value quoted whole.
    public static let limit = 80

    /// `value`, or its first `limit` characters followed by "…".
    public static func text(_ value: some StringProtocol, limit: Int = Abbreviated.limit) -> String {
        // Counting characters of a huge value would walk all of it; a prefix is enough to decide.
        let head = value.prefix(limit + 1)
        return head.count > limit ? String(head.prefix(limit)) + "…" : String(value)
    }
}
