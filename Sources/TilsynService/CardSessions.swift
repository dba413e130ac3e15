import Foundation
import NIOConcurrencyHelpers

/// Short-lived sessions that remember which unit a browser has just proved its access code for, so the
/// company can switch the card's language or open the correction form without typing the code again.
///
/// A session names one unit and lasts ``lifetime`` seconds from the lookup; its token is 32 random bytes
/// in an `HttpOnly`, `SameSite=Strict` cookie scoped to `/company`, never in a URL, so it does not end up
/// in logs, history or a `Referer`. Sessions live in memory only: a restart ends them, which costs the
/// company one more lookup. The table is bounded; expired sessions are dropped as new ones are made.
final class CardSessions: Sendable {
    static let cookieName = "tilsyn_card"
    static let lifetime: Double = 15 * 60
    static let capacity = 10_000

    private struct Session { var unit: String; var expires: Double }
    private let table = NIOLockedValueBox<[String: Session]>([:])

    /// A new session for `unit`; returns its token.
    func open(unit: String, now: Double) -> String {
        var generator = SystemRandomNumberGenerator()
        let token = (0..<4).map { _ in String(format: "%016llx", generator.next() as UInt64) }.joined()
        table.withLockedValue { sessions in
            if sessions.count >= Self.capacity {
                sessions = sessions.filter { $0.value.expires > now }
                // Still full of live sessions: drop the one closest to expiry.
                if sessions.count >= Self.capacity, let oldest = sessions.min(by: { $0.value.expires < $1.value.expires })?.key {
                    sessions[oldest] = nil
                }
            }
            sessions[token] = Session(unit: unit, expires: now + Self.lifetime)
        }
        return token
    }

    /// The unit of a live session, or `nil` for an unknown or expired token.
    func unit(token: String?, now: Double) -> String? {
        guard let token, token.utf8.count == 64 else { return nil }
        return table.withLockedValue { sessions in
            guard let session = sessions[token] else { return nil }
            guard session.expires > now else {
                sessions[token] = nil
                return nil
            }
            return session.unit
        }
    }

    /// The `Set-Cookie` value that carries `token`.
    static func cookie(_ token: String) -> String {
        "\(cookieName)=\(token); Max-Age=\(Int(lifetime)); Path=/company; HttpOnly; SameSite=Strict"
    }
}
