/// An output file written a piece at a time and published all-or-nothing, like ``AtomicFile``.
///
/// Writers of a million-row output (`tilsyn score`, `tilsyn explain --all`) format a block of rows,
/// hand it here and reuse their buffer, so memory stays bounded by the block instead of the whole
/// output. The pieces go to a temporary file beside the target; ``commit()`` flushes it with `fsync` and
/// renames it over the target, so a reader or a crash sees the old file or the complete new one. Each
/// piece's write-back to disk is started as soon as it is written, so the final `fsync` overlaps with
/// the formatting instead of following it (a 200 MB output on a slow disk takes seconds to sync). A
/// stream that is never committed (an error stopped the writer) removes its temporary file.
public final class AtomicFileStream {
    public let path: String
    private let temporary: String
    private var descriptor: Int32?
    private var written = 0

    /// Opens a temporary file beside `path`.
    /// - Throws: ``OutputError/cannotWrite(path:reason:)`` as ``AtomicFile/write(_:to:secret:)`` does.
    public init(path: String) throws(OutputError) {
        self.path = path
        let temporary = try AtomicFile.temporaryPath(for: path)
        switch LibC.createExclusive(path: temporary, mode: .init(AtomicFile.mode)) {
        case .success(let fd): descriptor = fd
        case .failure(let failure): throw .cannotWrite(path: path, reason: failure.reason)
        }
        self.temporary = temporary
    }

    /// Appends `bytes`.
    public func write(_ bytes: [UInt8]) throws(OutputError) {
        guard let fd = descriptor else { throw .cannotWrite(path: path, reason: "the output was already closed") }
        if let failure = bytes.withUnsafeBytes({ LibC.writeAll(fd, $0) }) {
            abandon()
            throw .cannotWrite(path: path, reason: failure)
        }
        // The disk works on this piece while the writer formats the next one.
        LibC.startWriteback(fd, offset: written, count: bytes.count)
        written += bytes.count
    }

    /// Flushes, closes and renames the file over the target.
    public func commit() throws(OutputError) {
        guard let fd = descriptor else { throw .cannotWrite(path: path, reason: "the output was already closed") }
        descriptor = nil
        if let failure = LibC.syncAndClose(fd) {
            LibC.remove(temporary)
            throw .cannotWrite(path: path, reason: failure)
        }
        try AtomicFile.publish(temporary, as: path)
    }

    /// Closes and removes the temporary file; the target is left as it was.
    public func abandon() {
        guard let fd = descriptor else { return }
        descriptor = nil
        LibC.closeDescriptor(fd)
        LibC.remove(temporary)
    }

    deinit { abandon() }
}
