/// An output file written a piece at a time and published all-or-nothing, like ``AtomicFile``.
///
/// Writers of a million-row output (`tilsyn score`, `tilsyn explain --all`) format a block of rows,
/// hand it here and reuse their buffer, so memory stays bounded by the block instead of the whole
/// output. The pieces go to a temporary file beside the target; ``commit()`` flushes it with `fsync` and
/// renames it over the target, so a reader or a crash sees the old file or the complete new one. Each
/// piece's write-back to disk is started as soon as it is written, so the final `fsync` overlaps with
/// the formatting instead of following it (a 200 MB output on a slow disk takes seconds to sync); written
/// behind, the writes themselves overlap it too. A stream that is never committed (an error stopped the
/// writer, or a write failed) removes its temporary file.
public final class AtomicFileStream {
    public let path: String
    private let temporary: String
    private var descriptor: Int32?
    private var written = 0
    /// The thread that writes the pieces, when written behind (see ``init(path:writeBehind:)``).
    private var behind: WriteBehind?

    /// Opens a temporary file beside `path`.
    /// - Parameter writeBehind: write the pieces on a thread of the stream's own (``WriteBehind``), so
    ///   that ``write(_:)`` returns as soon as the piece is queued and the caller formats the next one
    ///   meanwhile; a failure is thrown by a later ``write(_:)`` or by ``commit()``.
    /// - Throws: ``OutputError/cannotWrite(path:reason:)`` as ``AtomicFile/write(_:to:secret:)`` does.
    public convenience init(path: String, writeBehind: Bool = false) throws(OutputError) {
        try self.init(path: path, writeBehind: writeBehind, writePiece: LibC.writeAll)
    }

    /// ``init(path:writeBehind:)`` with the call that writes a piece to the descriptor (tests give one
    /// that fails part-way).
    init(path: String, writeBehind: Bool, writePiece: @escaping @Sendable (Int32, UnsafeRawBufferPointer) -> String?) throws(OutputError) {
        self.path = path
        let temporary = try AtomicFile.temporaryPath(for: path)
        let fd: Int32
        switch LibC.createExclusive(path: temporary, mode: .init(AtomicFile.mode)) {
        case .success(let opened): fd = opened
        case .failure(let failure): throw .cannotWrite(path: path, reason: failure.reason)
        }
        descriptor = fd
        self.temporary = temporary
        self.writePiece = writePiece
        if writeBehind {
            // The thread holds the descriptor and the path, not the stream, so an abandoned stream is freed.
            behind = WriteBehind(path: path) { [path] bytes, offset throws(OutputError) in
                try Self.write(bytes, at: offset, to: fd, path: path, writePiece)
            }
        }
    }

    private let writePiece: @Sendable (Int32, UnsafeRawBufferPointer) -> String?

    /// Appends `bytes` (queues them, when written behind).
    public func write(_ bytes: [UInt8]) throws(OutputError) {
        guard let fd = descriptor else { throw .cannotWrite(path: path, reason: "the output was already closed") }
        do throws(OutputError) {
            if let behind {
                try behind.write(bytes)
            } else {
                try Self.write(bytes, at: written, to: fd, path: path, writePiece)
            }
        } catch {
            abandon()
            throw error
        }
        written += bytes.count
    }

    /// Writes one piece and starts its write-back: the disk works on it while the next is formatted.
    private static func write(
        _ bytes: [UInt8], at offset: Int, to fd: Int32, path: String, _ writePiece: (Int32, UnsafeRawBufferPointer) -> String?
    ) throws(OutputError) {
        if let failure = bytes.withUnsafeBytes({ writePiece(fd, $0) }) { throw .cannotWrite(path: path, reason: failure) }
        LibC.startWriteback(fd, offset: offset, count: bytes.count)
    }

    /// Waits for the pieces still queued, flushes, closes and renames the file over the target.
    public func commit() throws(OutputError) {
        guard let fd = descriptor else { throw .cannotWrite(path: path, reason: "the output was already closed") }
        if let behind {
            do throws(OutputError) { try behind.finish() } catch {
                abandon()
                throw error
            }
            self.behind = nil
        }
        descriptor = nil
        if let failure = LibC.syncAndClose(fd) {
            LibC.remove(temporary)
            throw .cannotWrite(path: path, reason: failure)
        }
        try AtomicFile.publish(temporary, as: path)
    }

    /// Drops what is queued, closes and removes the temporary file; the target is left as it was.
    public func abandon() {
        behind?.cancel()
        behind = nil
        guard let fd = descriptor else { return }
        descriptor = nil
        LibC.closeDescriptor(fd)
        LibC.remove(temporary)
    }

    deinit { abandon() }
}
