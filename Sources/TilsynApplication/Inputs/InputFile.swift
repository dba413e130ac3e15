import Foundation
import TilsynCore
import TilsynIO
import TilsynReports

/// An input file read once: its bytes, and the SHA-256 of exactly those bytes.
///
/// Every job reads each input through here (or ``RegisterInput``), so the digest a manifest or a model
/// records is provably of the bytes that were parsed, not of a second read that may have found the file
/// changed in between.
public struct InputFile: Sendable {
    /// The path as the caller gave it (messages and manifests name it so).
    public var path: String
    public var bytes: Data
    public var sha256: String

    /// Reads the whole file.
    /// - Throws: ``DataError`` naming the file when it is missing, unreadable or empty.
    public static func read(_ path: String) throws(DataError) -> InputFile {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw .fileNotFound(file: path) }
        if isDirectory.boolValue { throw .unreadable(file: path, reason: "it is a directory") }
        guard let data = FileManager.default.contents(atPath: path) else { throw .unreadable(file: path, reason: "permission denied or not a regular file") }
        if data.isEmpty { throw .emptyFile(file: path) }
        return InputFile(path: path, bytes: data, sha256: FileDigest.sha256(data))
    }

    /// The file as a list manifest names it.
    public func record(role: String) -> ListManifest.FileRecord {
        ListManifest.FileRecord(role: role, file: path, sha256: sha256)
    }

    /// A JSON report written by another command (validation, fairness, drift), decoded as `type`.
    /// - Throws: ``DataError/unreadable(file:reason:)`` naming the file and the type.
    public func decode<T: Decodable>(_ type: T.Type) throws -> T {
        if let deep = JSONNesting.tooDeep(bytes) { throw DataError.unreadable(file: path, reason: deep.problem) }
        do {
            return try JSONDecoder().decode(type, from: bytes)
        } catch {
            throw DataError.unreadable(file: path, reason: "not a \(type) JSON file (\(Abbreviated.text("\(error)", limit: 200)))")
        }
    }
}

/// A fitted model read from its model.json, with the file it came from.
public struct ModelInput: Sendable {
    public var model: FittedModel
    public var file: InputFile

    /// Reads and verifies a model.json (an edited file is refused by its fingerprint).
    /// - Throws: ``DataError`` naming the file.
    public static func read(_ path: String) throws -> ModelInput {
        let file = try InputFile.read(path)
        return ModelInput(model: try FittedModel.decode(file.bytes, file: path), file: file)
    }

    public init(model: FittedModel, file: InputFile) {
        self.model = model
        self.file = file
    }
}
