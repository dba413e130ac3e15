/// A store failure, in one sentence naming the file or field.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    case cannotOpen(file: String, reason: String)
    case emptyField(field: String)

    public var description: String {
        switch self {
        case .cannotOpen(let file, let reason): return "cannot open the store \(file): \(reason)."
        case .emptyField(let field): return "\(field) must not be empty; the board's record needs it."
        }
    }
}
