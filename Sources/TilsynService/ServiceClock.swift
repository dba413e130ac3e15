import Foundation
import TilsynCore

/// The service's clock: wall time for records (ISO 8601 UTC, as the store expects) and a monotonic
/// reading for rate limits, which must not jump when the wall clock is set. Tests substitute their own.
public struct ServiceClock: Sendable {
    public var timestamp: @Sendable () -> String
    public var seconds: @Sendable () -> Double

    public init(timestamp: @escaping @Sendable () -> String, seconds: @escaping @Sendable () -> Double) {
        self.timestamp = timestamp
        self.seconds = seconds
    }

    /// The wall time as a date, for the application's jobs (which write it back as ISO 8601 UTC).
    /// Read by ``ISOTime/parse(_:)`` (whole seconds by arithmetic, else the formatters, as before): two fresh
    /// `ISO8601DateFormatter`s per request were a twentieth of a card's CPU time.
    public func now() -> Date {
        ISOTime.parse(timestamp()) ?? Date()
    }

    public static var system: ServiceClock {
        let origin = ContinuousClock.now
        return ServiceClock(
            timestamp: { Date().formatted(.iso8601) },
            seconds: {
                let d = origin.duration(to: .now).components
                return Double(d.seconds) + Double(d.attoseconds) / 1e18
            })
    }
}
