/// A value a caller gives a job: an option on the command line, a field of a service request.
///
/// Jobs and the layers below them name what went wrong by these, never by a flag or a JSON field: each
/// front door turns a ``Parameter`` into its own word through a ``Vocabulary`` (`--random-share` on the
/// command line, `random_share` in a request).
public enum Parameter: String, Sendable, CaseIterable {
    case model, register, asOf, capacity, capacityPerRegion, randomShare, seed, excludeDays, excludeIf
    case lastInspectionColumn, regionColumn, flagColumns, language, allowUnapproved
    case decision, decidedBy, note, token
    case unit, field, claimedValue, message, contact
    case floorProbability, list, listID, showColumn
    case groupBy, splitDate, evaluationData
}

/// How a front door names parameters and how much of a refused value it repeats.
public protocol Vocabulary: Sendable {
    /// The door's word for `parameter`: an option name, a field name.
    func name(_ parameter: Parameter) -> String
    /// Whether sentences repeat the refused value (the CLI does; the service does not echo a request).
    var quotesValues: Bool { get }
}
