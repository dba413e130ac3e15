import Foundation

/// Hands pieces of output to a thread of its own that writes them in order, so a writer formats the
/// next block while the kernel copies this one into the page cache.
///
/// `tilsyn explain --all` writes 210 MB: written by the formatting thread between blocks, the copy left
/// one of two cores idle for some tenths of a second. At most `depth` pieces wait at a time (``write(_:)``
/// blocks while the queue is full), so memory stays bounded by a few blocks, never by the output. The
/// first failure of `sink` is kept: later pieces are dropped, and ``write(_:)`` and ``finish()`` throw it,
/// so the caller stops formatting and abandons its output.
final class WriteBehind: @unchecked Sendable {
    /// Guards everything below; the thread waits on it for pieces, writers for room.
    private let condition = NSCondition()
    private var queue: [[UInt8]] = []
    private var failure: OutputError?
    private var closed = false
    private var stopped = false
    private let depth: Int
    /// The output's path, for the sentence of a write after ``finish()`` or ``cancel()``.
    private let path: String

    /// Starts the thread; `sink` is called on it, one piece at a time, in order, with the piece and
    /// its offset in the output.
    init(path: String, depth: Int = 8, sink: @escaping @Sendable (_ piece: [UInt8], _ offset: Int) throws(OutputError) -> Void) {
        self.path = path
        self.depth = max(1, depth)
        let thread = Thread { [self] in run(sink) }
        thread.name = "tilsyn write-behind"
        thread.start()
    }

    /// Queues `bytes`, waiting while `depth` pieces are already queued.
    /// - Throws: the sink's first failure, if it has failed.
    func write(_ bytes: [UInt8]) throws(OutputError) {
        condition.lock()
        defer { condition.unlock() }
        while queue.count >= depth && failure == nil && !closed { condition.wait() }
        if let failure { throw failure }
        guard !closed else { throw .cannotWrite(path: path, reason: "the output was already closed") }
        queue.append(bytes)
        condition.broadcast()
    }

    /// Waits until every queued piece is written and the thread has ended.
    /// - Throws: the sink's first failure.
    func finish() throws(OutputError) {
        condition.lock()
        defer { condition.unlock() }
        closed = true
        condition.broadcast()
        while !stopped { condition.wait() }
        if let failure { throw failure }
    }

    /// Drops what is queued and waits for the piece being written, if any, and for the thread to end;
    /// after it returns `sink` is never called again.
    func cancel() {
        condition.lock()
        defer { condition.unlock() }
        queue.removeAll()
        closed = true
        condition.broadcast()
        while !stopped { condition.wait() }
    }

    private func run(_ sink: ([UInt8], Int) throws(OutputError) -> Void) {
        var offset = 0
        condition.lock()
        while true {
            while queue.isEmpty && !closed { condition.wait() }
            if queue.isEmpty { break }
            let piece = queue.removeFirst()
            condition.broadcast()  // room for the next piece
            condition.unlock()
            var thrown: OutputError?
            do throws(OutputError) { try sink(piece, offset) } catch { thrown = error }
            offset += piece.count
            condition.lock()
            if let thrown {
                failure = thrown
                queue.removeAll()
                break
            }
        }
        stopped = true
        condition.broadcast()
        condition.unlock()
    }
}
