#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The module's only door to the C library: file descriptors, `strtod`, `memchr`.
///
/// Keeping every libc call here (as swift-nio keeps syscalls behind `enum Posix`) means the rest of the
/// module deals in Swift types and typed failures, and pointers never leave the closure that made them.
enum LibC {
    /// Why a file could not be read, before it is phrased for the user.
    enum ReadFailure: Error {
        case notFound
        case isDirectory
        case failed(String)
    }

    /// The message for an `errno` value, e.g. "Permission denied".
    static func describe(errno code: Int32) -> String {
        guard let text = strerror(code) else { return "error \(code)" }
        return String(cString: text)
    }

    static var lastError: Int32 { errno }

    /// Opens `path` read-only and reads its `stat`, refusing a directory: the prologue both readers share,
    /// so a missing file, a directory and any other failure are told apart in one place.
    /// The caller closes the descriptor.
    private static func openForReading(path: String) throws(ReadFailure) -> (fd: Int32, info: stat) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            let code = errno
            if code == ENOENT || code == ENOTDIR { throw .notFound }
            throw .failed(describe(errno: code))
        }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let code = errno
            close(fd)
            throw .failed(describe(errno: code))
        }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            close(fd)
            throw .isDirectory
        }
        return (fd, info)
    }

    /// Reads a whole file (or its first `limit` bytes) with bulk `read(2)` calls into one array.
    ///
    /// The array gets one spare byte of capacity so the CSV reader can append a final line feed without
    /// reallocating 200 MB.
    static func readFile(path: String, limit: Int? = nil) throws(ReadFailure) -> [UInt8] {
        let (fd, info) = try openForReading(path: path)
        defer { close(fd) }
        let size = max(0, Int(info.st_size))
        var wanted = limit.map { min($0, size) } ?? size
        var bytes: [UInt8] = []
        var failure: ReadFailure? = nil
        // Files whose size fstat cannot tell (pipes, /proc) still read, a block at a time.
        let unknownSize = size == 0 && limit == nil
        if unknownSize { wanted = 1 << 16 }
        var total = 0
        while true {
            let room = wanted - total
            if room > 0 {
                let got = bytes.appendUninitialized(upTo: room, extra: 1) { buffer in
                    var filled = 0
                    while filled < buffer.count {
                        let n = read(fd, UnsafeMutableBufferPointer(rebasing: buffer[filled...]).baseAddress,
                                     buffer.count - filled)
                        if n < 0 {
                            if errno == EINTR { continue }
                            failure = .failed(describe(errno: errno))
                            break
                        }
                        if n == 0 { break }
                        filled += n
                    }
                    return filled
                }
                if let failure { throw failure }
                total += got
                if got < room { break }
            }
            guard unknownSize else { break }
            wanted = total * 2
        }
        return bytes
    }

    /// A regular file mapped read-only into memory; unmapped when released.
    final class MappedFile: @unchecked Sendable {
        let bytes: UnsafeBufferPointer<UInt8>

        init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        deinit {
            if let base = bytes.baseAddress { munmap(UnsafeMutableRawPointer(mutating: base), bytes.count) }
        }
    }

    /// Maps a whole regular, non-empty file (`nil` for anything else: the caller reads it instead).
    ///
    /// The pages are the page cache's own, so nothing is copied and nothing is zeroed: reading a 160 MB
    /// file into a fresh array costs 160 MB of page zeroing plus the copy, about a fifth of the reader's
    /// time in `perf`. `MAP_POPULATE` maps every page in one call instead of one fault per page.
    static func mapFile(path: String) throws(ReadFailure) -> MappedFile? {
        let (fd, info) = try openForReading(path: path)
        defer { close(fd) }
        guard (info.st_mode & S_IFMT) == S_IFREG, info.st_size > 0 else { return nil }
        let size = Int(info.st_size)
        #if os(Linux)
        let flags = MAP_PRIVATE | MAP_POPULATE
        #else
        let flags = MAP_PRIVATE
        #endif
        guard let base = mmap(nil, size, PROT_READ, flags, fd, 0), base != MAP_FAILED else { return nil }
        return MappedFile(bytes: UnsafeBufferPointer(start: base.assumingMemoryBound(to: UInt8.self), count: size))
    }

    /// Drops the whole pages of a read-only file mapping inside `b[from..<to]` from this process's
    /// memory (`madvise(MADV_DONTNEED)`); they stay in the page cache, and a later read of them maps
    /// them again with the file's bytes, so this only lowers the resident size.
    ///
    /// Only for ``MappedFile`` bytes: on anonymous memory the same call would zero the pages.
    static func releaseMappedPages(_ b: UnsafeBufferPointer<UInt8>, from: Int, to: Int) {
        guard let base = b.baseAddress, let pages = wholePages(UnsafeRawPointer(base), from: from, to: to) else { return }
        _ = madvise(pages.start, pages.length, Int32(MADV_DONTNEED))
    }

    /// Faults in the whole pages of bytes `from..<to` after `base` (fresh anonymous memory) in one call,
    /// for writing.
    ///
    /// `madvise(MADV_POPULATE_WRITE)` (Linux 5.14); where the kernel lacks it the call fails and the pages
    /// are faulted in one by one as they are written, as without it.
    static func populate(_ base: UnsafeRawPointer, from: Int, to: Int) {
        guard let pages = wholePages(base, from: from, to: to) else { return }
        _ = madvise(pages.start, pages.length, madvisePopulateWrite)
    }

    /// `MADV_POPULATE_WRITE`, which Debian 12's C headers do not yet name.
    private static let madvisePopulateWrite: Int32 = 23

    /// The pages lying wholly inside bytes `from..<to` after `base`, as `madvise` takes them; `nil` if none.
    private static func wholePages(_ base: UnsafeRawPointer, from: Int, to: Int) -> (start: UnsafeMutableRawPointer, length: Int)? {
        let page = pageSize
        let address = Int(bitPattern: base)
        let first = (address + from + page - 1) / page * page
        let last = (address + to) / page * page
        guard first < last, let start = UnsafeMutableRawPointer(bitPattern: first) else { return nil }
        return (start, last - first)
    }

    /// The size of a memory page.
    static let pageSize = max(4096, Int(sysconf(Int32(_SC_PAGESIZE))))

    /// The index of the first `byte` in `b[from..<to]`, found with `memchr`.
    static func firstIndex(of byte: UInt8, in b: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Int? {
        guard from < to else { return nil }
        let raw = UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: b[from..<to]))
        guard let base = raw.baseAddress, let hit = memchr(base, Int32(byte), raw.count) else { return nil }
        return from + (UnsafeRawPointer(hit) - base)
    }

    /// `strtod` on a NUL-terminated byte string; the caller has already checked the grammar.
    static func strtod(_ text: [CChar]) -> Double {
        text.withUnsafeBufferPointer { p in
            guard let base = p.baseAddress else { return .nan }
            #if canImport(Glibc) || canImport(Musl)
            return Glibc.strtod(base, nil)
            #else
            return Darwin.strtod(base, nil)
            #endif
        }
    }

    // MARK: Output

    enum PathKind { case missing, directory, other }

    static func kind(of path: String) -> PathKind {
        var info = stat()
        guard stat(path, &info) == 0 else { return .missing }
        return (info.st_mode & S_IFMT) == S_IFDIR ? .directory : .other
    }

    static func isWritableDirectory(_ path: String) -> Bool { access(path, W_OK | X_OK) == 0 }

    /// Creates `path` exclusively, writes all of `bytes`, fsyncs and closes it.
    ///
    /// - Returns: `nil` on success, otherwise the reason in words.
    static func createAndWrite(path: String, bytes: UnsafeRawBufferPointer, mode: mode_t = 0o666) -> String? {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        if fd < 0 { return describe(errno: errno) }
        var written = 0
        while written < bytes.count {
            let n = write(fd, UnsafeRawBufferPointer(rebasing: bytes[written...]).baseAddress, bytes.count - written)
            if n < 0 {
                if errno == EINTR { continue }
                let reason = describe(errno: errno)
                close(fd)
                return reason
            }
            written += n
        }
        if fsync(fd) != 0 {
            let reason = describe(errno: errno)
            close(fd)
            return reason
        }
        if close(fd) != 0 { return describe(errno: errno) }
        return nil
    }

    /// Creates `path` exclusively for writing: the descriptor, or the reason in words.
    static func createExclusive(path: String, mode: mode_t = 0o666) -> Result<Int32, OutputFailure> {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        return fd < 0 ? .failure(OutputFailure(reason: describe(errno: errno))) : .success(fd)
    }

    /// A write failure's reason in words.
    struct OutputFailure: Error {
        var reason: String
    }

    /// Writes all of `bytes` to `fd`; `nil` on success, otherwise the reason.
    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> String? {
        var written = 0
        while written < bytes.count {
            let n = write(fd, UnsafeRawBufferPointer(rebasing: bytes[written...]).baseAddress, bytes.count - written)
            if n < 0 {
                if errno == EINTR { continue }
                return describe(errno: errno)
            }
            written += n
        }
        return nil
    }

    /// `fsync` then `close`; `nil` on success, otherwise the reason (the descriptor is closed either way).
    static func syncAndClose(_ fd: Int32) -> String? {
        if fsync(fd) != 0 {
            let reason = describe(errno: errno)
            close(fd)
            return reason
        }
        return close(fd) == 0 ? nil : describe(errno: errno)
    }

    static func closeDescriptor(_ fd: Int32) { close(fd) }

    /// Starts writing `count` bytes at `offset` of `fd` back to disk without waiting (Linux
    /// `sync_file_range(SYNC_FILE_RANGE_WRITE)`), so a later `fsync` finds most of a long file already
    /// written; elsewhere, or if refused, nothing happens and `fsync` does it all.
    static func startWriteback(_ fd: Int32, offset: Int, count: Int) {
        #if os(Linux)
        _ = syncFileRange?(fd, Int64(offset), Int64(count), 2)  // SYNC_FILE_RANGE_WRITE
        #endif
    }

    #if os(Linux)
    /// glibc's `sync_file_range`, looked up at run time: Swift's Glibc module hides it behind _GNU_SOURCE.
    private static let syncFileRange: (@convention(c) (Int32, Int64, Int64, UInt32) -> Int32)? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "sync_file_range") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (Int32, Int64, Int64, UInt32) -> Int32).self)
    }()
    #endif

    /// Atomically replaces `to` by `from` (both in one directory).
    static func rename(from: String, to: String) -> String? {
        #if canImport(Glibc) || canImport(Musl)
        let result = Glibc.rename(from, to)
        #else
        let result = Darwin.rename(from, to)
        #endif
        return result == 0 ? nil : describe(errno: errno)
    }

    static func remove(_ path: String) { _ = unlink(path) }

    /// Flushes a directory's entries so a completed rename survives a crash; best effort.
    static func syncDirectory(_ path: String) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }

    static var processID: Int32 { getpid() }
}

extension Array where Element == UInt8 {
    /// Appends up to `count` bytes written by `fill`, which returns how many it wrote; reserves `extra`
    /// more bytes of capacity so a small later append does not copy the array.
    mutating func appendUninitialized(
        upTo count: Int, extra: Int, _ fill: (UnsafeMutableBufferPointer<UInt8>) -> Int
    ) -> Int {
        if isEmpty {
            // The common case, a whole file: no zero-filling, the bytes come straight from read(2).
            self = [UInt8](unsafeUninitializedCapacity: count + extra) { buffer, initialized in
                initialized = fill(UnsafeMutableBufferPointer(rebasing: buffer[0..<count]))
            }
            return self.count
        }
        let old = self.count
        reserveCapacity(old + count + extra)
        var added = 0
        // Growing an existing array (unknown-size files): zero the tail first, it is the rare path.
        append(contentsOf: repeatElement(0, count: count))
        withUnsafeMutableBufferPointer { all in
            added = fill(UnsafeMutableBufferPointer(rebasing: all[old..<(old + count)]))
        }
        removeLast(count - added)
        return added
    }
}

