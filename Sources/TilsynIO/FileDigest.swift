import Crypto
import Foundation
import TilsynCore

/// SHA-256 digests of input files, for model provenance and list manifests.
public enum FileDigest {
    /// Hex SHA-256 of bytes.
    public static func sha256(_ bytes: some DataProtocol) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    /// Hex SHA-256 of a file's content, read in 8 MiB blocks.
    /// - Throws: ``DataError/fileNotFound(file:)`` or ``DataError/unreadable(file:reason:)``.
    public static func sha256(path: String) throws(DataError) -> String {
        guard FileManager.default.fileExists(atPath: path) else { throw .fileNotFound(file: path) }
        guard let handle = FileHandle(forReadingAtPath: path) else { throw .unreadable(file: path, reason: "permission denied") }
        defer { try? handle.close() }
        var hasher = SHA256()
        do {
            while let block = try handle.read(upToCount: 8 << 20), !block.isEmpty { hasher.update(data: block) }
        } catch {
            throw .unreadable(file: path, reason: "\(error)")
        }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
