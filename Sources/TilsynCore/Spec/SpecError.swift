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
        field.isEmpty ? "\(file): \(problem)." : "\(file), field '\(field)': \(problem)."
    }
}
