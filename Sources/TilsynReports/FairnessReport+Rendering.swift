import TilsynCore

extension FairnessReport {
    public func markdown() throws -> String { "" }
    public func html() throws -> String { "" }
}
