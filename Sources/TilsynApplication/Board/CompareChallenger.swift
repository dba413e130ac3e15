import Foundation
import TilsynCore
import TilsynIO

/// Champion and challenger ⚖: the one home of `tilsyn challenger` and the demo's refit.
///
/// Refits the spec on the history's visits before `since` and judges that challenger beside the model
/// in use (the champion) on the history's random-arm visits from `since` on (``ChallengerComparison``).
/// The challenger is only a file: lists switch to it when the board approves its fingerprint
/// (`tilsyn approve`), because every list goes through the ``ApprovalGate``.
public struct CompareChallenger: Sendable {
    public struct Order: Sendable {
        /// The history CSV (`tilsyn history export`, possibly appended to the earlier history).
        public var history: String
        /// The model in use.
        public var champion: ModelInput
        /// The spec to refit (default: the champion's).
        public var spec: ModelSpec?
        /// The first day of the comparison, days since 1970.
        public var sinceDay: Int
        public var lift: LiftOptions
        public var seed: UInt64

        public init(history: String, champion: ModelInput, spec: ModelSpec?, sinceDay: Int, lift: LiftOptions = LiftOptions(),
                    seed: UInt64 = TieBreak.defaultSeed) {
            self.history = history
            self.champion = champion
            self.spec = spec
            self.sinceDay = sinceDay
            self.lift = lift
            self.seed = seed
        }
    }

    public var threads: Int

    public init(threads: Int) { self.threads = threads }

    /// Reads the history once (its SHA-256 is of the bytes parsed), fits and compares.
    /// - Parameter created: the challenger's `created` time (ISO 8601).
    /// - Throws: ``ChallengerError``, ``DataError`` naming the file, ``FitError``.
    public func run(_ order: Order, created: String) throws -> (report: ChallengerReport, challenger: FittedModel) {
        let spec = order.spec ?? order.champion.model.spec
        let (table, sha) = try CSVReader.readDigested(
            path: order.history, columns: ChallengerComparison.columnRequests(spec: spec, champion: order.champion.model), threads: threads)
        return try ChallengerComparison.run(
            spec: spec, champion: order.champion.model, table: table, sinceDay: order.sinceDay,
            historyFile: (order.history as NSString).lastPathComponent, historySHA256: sha, created: created,
            lift: order.lift, seed: order.seed, threads: threads)
    }
}
