/// A problem with a model spec, said in one sentence that names the file and the field.
public struct SpecError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The spec file (or "spec" when it came from memory).
    public var file: String
    /// The field path, e.g. `features[2].type`.
    public var field: String
    /// What is wrong and what was expected.
    public var problem: String

    public init(file: String = "spec", field: String, problem: String) {
        self.file = file
        self.field = field
        self.problem = problem
    }

    public var description: String {
        if field.isEmpty { return "\(file): \(problem)." }
        // An unknown field reads as the path it was found at: `features[0].trasform: unknown field; did you mean …?`
        if problem.hasPrefix("unknown field") { return "\(file): \(field): \(problem)\(problem.hasSuffix("?") ? "" : ".")" }
        return "\(file), field '\(field)': \(problem)."
    }
}
