#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension LibC {
    /// Writes `bytes` to a file in `directory` that has no name until it is complete, flushes it, and
    /// gives it the name `path` (which must not exist): Linux's `O_TMPFILE` and `linkat(2)`.
    ///
    /// For files holding secrets: a kill at any moment before the link leaves no file at all, so a
    /// partial plain-text copy of the access codes can never be left in the directory.
    /// - Returns: `nil` on success; `"unsupported"` when the file system has no `O_TMPFILE` (the caller
    ///   then falls back to a named temporary file); otherwise the reason in words.
    static func createUnnamedAndLink(directory: String, path: String, bytes: UnsafeRawBufferPointer, mode: mode_t) -> String? {
        #if os(Linux)
        // O_TMPFILE is (__O_TMPFILE | O_DIRECTORY), a macro Swift does not import.
        let oTmpFile: Int32 = 0o20000000 | O_DIRECTORY
        let fd = open(directory, oTmpFile | O_WRONLY | O_CLOEXEC, mode)
        if fd < 0 {
            let code = errno
            return code == EOPNOTSUPP || code == EISDIR || code == EINVAL ? "unsupported" : describe(errno: code)
        }
        defer { close(fd) }
        var written = 0
        while written < bytes.count {
            let n = write(fd, UnsafeRawBufferPointer(rebasing: bytes[written...]).baseAddress, bytes.count - written)
            if n < 0 {
                if errno == EINTR { continue }
                return describe(errno: errno)
            }
            written += n
        }
        if fsync(fd) != 0 { return describe(errno: errno) }
        if linkat(AT_FDCWD, "/proc/self/fd/\(fd)", AT_FDCWD, path, AT_SYMLINK_FOLLOW) != 0 { return describe(errno: errno) }
        return nil
        #else
        return "unsupported"
        #endif
    }

    /// Whether a process with this id is running (a reused id counts as running).
    static func isRunning(_ pid: Int32) -> Bool {
        kill(pid, 0) == 0 || errno == EPERM
    }
}
