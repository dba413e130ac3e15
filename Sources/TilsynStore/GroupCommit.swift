import Foundation
import GRDB

/// Group commit: the writes of many requests, each waiting for its own record, committed together in
/// one transaction.
///
/// A card may be shown only once its record is on disk (DESIGN §10: every card shown is recorded
/// first). One transaction per card made the commit — its `fsync` of the write-ahead log and SQLite's
/// per-transaction work — the cost of every card, and the one writer connection let cards through one
/// at a time. Here a request hands its write to the queue and waits; whoever finds no commit in flight
/// starts one, which takes every write queued by then (at most ``maxBatch``) into one transaction; the
/// requests that arrive meanwhile form the next batch. So nothing waits for a timer: a lone request
/// commits at once, as before, and under load one `fsync` serves the whole batch.
///
/// What each waiting request is promised is unchanged: its call returns only after the transaction
/// holding its write has committed, and throws if that commit failed — so a card is never shown
/// unrecorded. Each write runs in a savepoint of its own, so one write that fails (a value the schema
/// refuses) is rolled back alone and reported to its own caller, and the others still commit. Within
/// the transaction the writes run in queue order, one after another; each appends its audit entry
/// against the entry before it, so the chain stays one chain.
final class GroupCommit: @unchecked Sendable {
    typealias Write = @Sendable (Database) throws -> Void

    /// The most writes one transaction takes: bounds how long a batch holds the write lock (a card's
    /// record is well under 0.1 ms of work), so another process's writer waits a fraction of a second.
    static let maxBatch = 256

    private struct Waiting {
        var write: Write
        var continuation: CheckedContinuation<Void, any Error>
    }

    private let lock = NSLock()
    private var queue: [Waiting] = []
    private var committing = false
    /// Batches committed and writes in them, for tests and benchmarks.
    private(set) var batches = 0
    private(set) var writes = 0

    /// Runs `write` in a transaction with the writes queued beside it; returns once it is committed.
    /// - Throws: the error `write` threw (only it was rolled back), or the transaction's (nothing of the
    ///   batch was committed: busy, disk full).
    func write(_ writer: any DatabaseWriter, _ write: @escaping Write) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let lead: Bool = lock.withLock {
                queue.append(Waiting(write: write, continuation: continuation))
                if committing { return false }
                committing = true
                return true
            }
            if lead { Task { await self.commitQueued(writer) } }
        }
    }

    /// Commits batch after batch until the queue is empty.
    private func commitQueued(_ writer: any DatabaseWriter) async {
        while true {
            let batch: [Waiting] = lock.withLock {
                let batch = Array(queue.prefix(Self.maxBatch))
                queue.removeFirst(batch.count)
                if batch.isEmpty { committing = false }
                return batch
            }
            if batch.isEmpty { return }
            do {
                let outcomes: [(any Error)?] = try await writer.write { db in
                    batch.map { waiting in
                        do {
                            try db.inSavepoint {
                                try waiting.write(db)
                                return .commit
                            }
                            return nil
                        } catch {
                            return error
                        }
                    }
                }
                lock.withLock {
                    batches += 1
                    writes += batch.count
                }
                for (waiting, outcome) in zip(batch, outcomes) {
                    if let outcome { waiting.continuation.resume(throwing: outcome) } else { waiting.continuation.resume() }
                }
            } catch {
                for waiting in batch { waiting.continuation.resume(throwing: error) }
            }
        }
    }
}
