import Foundation

/// Writes output files all-or-nothing, readable by their owner only.
///
/// The bytes go to a temporary file in the same directory, which is flushed with `fsync` and then
/// renamed over the target; `rename(2)` within one file system is atomic, so readers and a crash see
/// either the old file or the complete new one, never half of it (DESIGN §12).
///
/// Files are created 0600: lists, scores, cards and exports name companies and their scores, and a
/// default that every local user can read is the wrong one for them. Share a file by changing its mode.
///
/// A kill can still leave a temporary file (`.<name>.tmp-<pid>-<n>`) behind. Every write removes the
/// ones in its directory whose process is no longer running, so they do not pile up; and a secret file
/// (access codes) never has a named temporary file at all: it is written unnamed (`O_TMPFILE`) and
/// linked in only when complete, so no plain-text partial copy can survive a kill.
public enum AtomicFile {
    /// The mode of every file written.
    public static let mode: UInt32 = 0o600

    /// Writes `bytes` to `path` atomically, replacing any existing file.
    ///
    /// - Parameter secret: the file holds secrets such as access codes: its bytes never exist under a
    ///   name until they are complete (see the type's discussion).
    /// - Throws: ``OutputError/cannotWrite(path:reason:)`` if the directory is missing or not writable,
    ///   or the write fails; no temporary file is left behind.
    public static func write(_ bytes: [UInt8], to path: String, secret: Bool = false) throws(OutputError) {
        let temporary = try temporaryPath(for: path)
        var failure: String? = nil
        if secret {
            failure = bytes.withUnsafeBytes { LibC.createUnnamedAndLink(directory: directoryOf(path), path: temporary, bytes: $0, mode: .init(mode)) }
        }
        if !secret || failure == "unsupported" {
            failure = bytes.withUnsafeBytes { LibC.createAndWrite(path: temporary, bytes: $0, mode: .init(mode)) }
        }
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
        removeStaleTemporaries(in: directory)
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

    /// Removes `.<name>.tmp-<pid>-<n>` files in `directory` left by a process that is no longer running.
    ///
    /// - Returns: the names removed.
    @discardableResult
    public static func removeStaleTemporaries(in directory: String) -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
        var removed: [String] = []
        for name in names where name.hasPrefix(".") {
            guard let pid = temporaryOwner(name), !LibC.isRunning(pid) else { continue }
            LibC.remove(directory + "/" + name)
            removed.append(name)
        }
        return removed
    }

    /// The process id in a temporary file's name `.<name>.tmp-<pid>-<digits>`, or `nil` for any other name.
    static func temporaryOwner(_ name: String) -> Int32? {
        guard let marker = name.range(of: ".tmp-", options: .backwards) else { return nil }
        let parts = name[marker.upperBound...].split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, let pid = Int32(parts[0]), pid > 0, !parts[1].isEmpty, parts[1].allSatisfy(\.isNumber) else { return nil }
        return pid
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
