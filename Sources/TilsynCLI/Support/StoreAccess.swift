import Foundation
import TilsynStore

/// Opening the store for commands that need one to exist already.
enum StoreAccess {
    /// The store at `path`, which must exist: reading, verifying or revoking in a store that is not there
    /// would otherwise create an empty one and report on that.
    /// - Throws: ``StoreMissingError`` naming the file; ``StoreError/cannotOpen(file:reason:)``.
    static func existing(_ path: String) throws -> TilsynDatabase {
        guard FileManager.default.fileExists(atPath: path) else { throw StoreMissingError(path: path) }
        return try TilsynDatabase(path: path)
    }
}

struct StoreMissingError: Error, CustomStringConvertible {
    var path: String
    var description: String { "there is no store \(path); give the store with --db, or create it with `tilsyn tokens issue` or `codes issue`." }
}

/// Who the CLI acts as in the audit log: the operating-system user running it.
enum CLIActor {
    static var current: String { "cli:\(NSUserName())" }
}
