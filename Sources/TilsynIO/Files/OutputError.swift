/// A failure to write an output file, in one sentence that names the file and the reason.
public enum OutputError: Error, Sendable, Equatable, CustomStringConvertible {
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case .cannotWrite(let path, let reason):
            return "\(path): cannot be written (\(reason))."
        }
    }
}
