import Foundation

/// Writes output files all-or-nothing.
///
/// The bytes go to a temporary file in the same directory, which is flushed with `fsync` and then
/// renamed over the target; `rename(2)` within one file system is atomic, so readers and a crash see
/// either the old file or the complete new one, never half of it (DESIGN §12).
public enum AtomicFile {
    /// Writes `bytes` to `path` atomically, replacing any existing file.
    ///
    /// - Parameter secret: create the file readable and writable by its owner only (mode 0600) — from the
    ///   first byte, since the temporary file already has that mode — for files holding secrets such as
    ///   access codes.
    /// - Throws: ``OutputError/cannotWrite(path:reason:)`` if the directory is missing or not writable,
    ///   or the write fails; no temporary file is left behind.
    public static func write(_ bytes: [UInt8], to path: String, secret: Bool = false) throws(OutputError) {
        let temporary = try temporaryPath(for: path)
        let failure = bytes.withUnsafeBytes { LibC.createAndWrite(path: temporary, bytes: $0, mode: secret ? 0o600 : 0o666) }
        if let failure {
            LibC.remove(temporary)
            throw .cannotWrite(path: path, reason: failure)
        }
        try publish(temporary, as: path)
    }

    /// Checks that `path` can be written and returns a fresh temporary name beside it.
    static func temporaryPath(for path: String) throws(OutputError) -> String {
        let directory = directoryOf(path)
        switch LibC.kind(of: directory) {
        case .missing:
            throw .cannotWrite(path: path, reason: "the directory '\(directory)' does not exist")
        case .other:
            throw .cannotWrite(path: path, reason: "'\(directory)' is not a directory")
        case .directory:
            break
        }
        if LibC.kind(of: path) == .directory {
            throw .cannotWrite(path: path, reason: "it is a directory")
        }
        guard LibC.isWritableDirectory(directory) else {
            throw .cannotWrite(path: path, reason: "the directory '\(directory)' is not writable")
        }
        let name = path.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? path
        return (directory == "." && !path.hasPrefix("./") ? "" : directory + "/")
            + ".\(name).tmp-\(LibC.processID)-\(UInt32.random(in: 0...UInt32.max))"
    }

    /// Renames the complete, synced `temporary` over `path` and syncs the directory.
    static func publish(_ temporary: String, as path: String) throws(OutputError) {
        if let failure = LibC.rename(from: temporary, to: path) {
            LibC.remove(temporary)
            throw .cannotWrite(path: path, reason: failure)
        }
        LibC.syncDirectory(directoryOf(path))
    }

    /// Writes `data` to `path` atomically; see ``write(_:to:)-(_:String)``.
    public static func write(_ data: Data, to path: String) throws(OutputError) {
        try write([UInt8](data), to: path)
    }

    /// Writes `string` as UTF-8 to `path` atomically.
    public static func write(string: String, to path: String) throws(OutputError) {
        try write(Array(string.utf8), to: path)
    }

    /// The directory holding `path`: everything before the last `/`, or `.` for a bare name.
    static func directoryOf(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let directory = String(path[..<slash])
        return directory.isEmpty ? "/" : directory
    }
}
