import Dispatch
import Foundation

/// Runs `body` for each index in `0..<count` on the process's cores and returns the results in index
/// order, so that any later reduction happens in a fixed order and stays bit-reproducible.
///
/// The work partition is static (index `t` always gets the same rows), which is what makes the IRLS
/// sums independent of thread scheduling.
public func parallelMap<T: Sendable>(count: Int, _ body: @Sendable (Int) -> T) -> [T] {
    precondition(count >= 0, "parallelMap: negative count")
    if count == 0 { return [] }
    if count == 1 { return [body(0)] }
    let results = ResultSlots<T>(count: count)
    DispatchQueue.concurrentPerform(iterations: count) { index in
        results.store(body(index), at: index)
    }
    return results.values()
}

/// The number of worker threads to use: the active processor count, at least one.
public var defaultThreadCount: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

/// One slot per task; each task writes only its own slot, and the lock makes the hand-over visible.
private final class ResultSlots<T: Sendable>: @unchecked Sendable {
    private var slots: [T?]
    private let lock = NSLock()

    init(count: Int) { slots = [T?](repeating: nil, count: count) }

    func store(_ value: T, at index: Int) {
        lock.lock()
        slots[index] = value
        lock.unlock()
    }

    func values() -> [T] {
        lock.lock()
        defer { lock.unlock() }
        return slots.map { slot in
            guard let slot else { preconditionFailure("parallelMap: a task produced no result") }
            return slot
        }
    }
}
