import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The `tilsyn` binary running in the background, for tests that must stop it part-way — with SIGKILL,
/// as a crash or an out-of-memory kill would, giving it no chance to clean up.
public final class RunningCommand {
    public let process: Process
    private let stderr: Pipe
    private var received = Data()

    /// Starts `tilsyn` with `arguments`; standard output is discarded.
    public init(_ arguments: [String], in directory: URL? = nil) throws {
        process = Process()
        process.executableURL = CommandRunner.executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        stderr = Pipe()
        process.standardError = stderr
        process.standardOutput = FileHandle.nullDevice
        try process.run()
    }

    /// Blocks until standard error contains `text`; returns `false` if the process closed it first.
    public func waitForStandardError(containing text: String) -> Bool {
        let needle = Data(text.utf8)
        while received.range(of: needle) == nil {
            let chunk = stderr.fileHandleForReading.availableData
            if chunk.isEmpty { return false }
            received += chunk
        }
        return true
    }

    /// What standard error said so far.
    public var standardError: String { String(decoding: received, as: UTF8.self) }

    /// Sends SIGKILL and waits for the process to end; returns whether the signal is what ended it
    /// (`false` when it had already exited on its own).
    @discardableResult
    public func kill() -> Bool {
        if process.isRunning { sendSIGKILL(process.processIdentifier) }
        process.waitUntilExit()
        return process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL
    }

    /// Waits for a normal exit and returns the status, reading the rest of standard error.
    public func wait() -> Int32 {
        received += stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return process.terminationStatus
    }
}

/// `kill(2)` under a name the method above does not shadow.
private func sendSIGKILL(_ pid: Int32) {
    _ = kill(pid, SIGKILL)
}
