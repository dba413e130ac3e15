import Foundation

/// What the store keeps of a listed unit at issue time ⚖, so the history exported later trains on the
/// unit as it was when selected, not as the register says today.
public struct UnitSelection: Codable, Sendable, Equatable {
    public var unit: String
    /// Its probability under its channel's design (k/N, 1, or the floor design's π).
    public var inclusionProbability: Double
    /// The register's values of the model's columns for this unit, as text, by column name.
    public var features: [String: String]

    public init(unit: String, inclusionProbability: Double, features: [String: String]) {
        self.unit = unit
        self.inclusionProbability = inclusionProbability
        self.features = features
    }
}

/// An inspector's decision on a listed unit ⚖.
public enum VisitStatus: String, Sendable, Codable, CaseIterable {
    case visited
    case notVisited = "not_visited"
    /// Not yet; a later decision for the unit is expected.
    case deferred
    /// A unit the inspector visited instead of (swap) or besides (addition) the listed ones.
    case manual
}

/// Why a listed unit was not visited ⚖.
public enum NonVisitReason: String, Sendable, Codable, CaseIterable {
    case closed, moved
    case notFound = "not_found"
    case capacity, other
}

/// A reaction the inspector gave, in Arbejdstilsynet's categories ⚖.
public enum Reaction: String, Sendable, Codable, CaseIterable {
    case strakspaabud = "strakspåbud"
    case paabud = "påbud"
    case forbud
    case vejledning
    case none

    /// The reactions that only follow a violation.
    public var impliesViolation: Bool { self == .strakspaabud || self == .paabud || self == .forbud }
}

/// One decision to record.
public struct VisitDraft: Sendable, Equatable {
    public var unit: String
    public var status: VisitStatus
    public var reason: NonVisitReason?
    /// Required for `other` and for `manual` (the suspicion or the swap); free text otherwise.
    public var reasonText: String
    /// The day of the visit or the decision, YYYY-MM-DD.
    public var date: String
    public var inspector: String

    public init(unit: String, status: VisitStatus, reason: NonVisitReason?, reasonText: String, date: String, inspector: String) {
        self.unit = unit
        self.status = status
        self.reason = reason
        self.reasonText = reasonText
        self.date = date
        self.inspector = inspector
    }
}

/// One outcome to record.
public struct OutcomeDraft: Sendable, Equatable {
    public var unit: String
    public var violationFound: Bool
    public var reactions: [Reaction]
    public var date: String
    public var inspector: String

    public init(unit: String, violationFound: Bool, reactions: [Reaction], date: String, inspector: String) {
        self.unit = unit
        self.violationFound = violationFound
        self.reactions = reactions
        self.date = date
        self.inspector = inspector
    }
}

/// Why the store refused a decision or an outcome ⚖: one sentence each, without a full stop at the
/// start so a caller can put the file and line before it.
public enum CycleRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    case unknownList(Int64)
    case notOnList(unit: String, list: Int64)
    case manualOnList(unit: String, list: Int64)
    case alreadyDecided(unit: String, list: Int64, status: String, date: String)
    case repeatedInBatch(unit: String)
    case reasonMissing(unit: String)
    case reasonNotAllowed(unit: String, status: String)
    case textMissing(unit: String, what: String)
    case noVisit(unit: String, list: Int64)
    case secondOutcome(unit: String, list: Int64, date: String)
    case reactionsContradict(unit: String, reaction: String)
    case noneWithOthers(unit: String)
    case noReaction(unit: String)
    case invalidDate(unit: String, value: String)
    case emptyInspector(unit: String)

    public var description: String {
        switch self {
        case .unknownList(let id):
            return "there is no list \(id) in the store; give the id of an issued list (tilsyn audit shows them)."
        case .notOnList(let unit, let list):
            return "unit '\(unit)' is not on list \(list); record a swap or an addition as status manual with its reason."
        case .manualOnList(let unit, let list):
            return "unit '\(unit)' is on list \(list), so it is not a manual addition; give visited, not_visited or deferred."
        case .alreadyDecided(let unit, let list, let status, let date):
            return "unit '\(unit)' on list \(list) already has the decision \(status) (\(date)); a visit is decided once."
        case .repeatedInBatch(let unit):
            return "unit '\(unit)' appears twice in the file; give one decision or outcome per unit."
        case .reasonMissing(let unit):
            return "unit '\(unit)' is not_visited without a reason; give closed, moved, not_found, capacity or other."
        case .reasonNotAllowed(let unit, let status):
            return "unit '\(unit)' is \(status), which takes no non-visit reason; leave the reason empty or say not_visited."
        case .textMissing(let unit, let what):
            return "unit '\(unit)' needs \(what) in the text column."
        case .noVisit(let unit, let list):
            return "unit '\(unit)' has no recorded visit on list \(list); record the visit first (tilsyn visits record)."
        case .secondOutcome(let unit, let list, let date):
            return "unit '\(unit)' on list \(list) already has an outcome (\(date)); an outcome is recorded once per visit."
        case .reactionsContradict(let unit, let reaction):
            return "unit '\(unit)' has the reaction \(reaction) but violation_found 0; a \(reaction) follows a violation."
        case .noneWithOthers(let unit):
            return "unit '\(unit)' gives the reaction none together with others; give none alone or leave it out."
        case .noReaction(let unit):
            return "unit '\(unit)' gives no reaction; give strakspåbud, påbud, forbud, vejledning or none."
        case .invalidDate(let unit, let value):
            return "unit '\(unit)' has the date '\(value)', which is not a calendar date YYYY-MM-DD."
        case .emptyInspector(let unit):
            return "unit '\(unit)' names no inspector; every decision and outcome says who made it."
        }
    }
}

/// A recorded decision, as read back.
public struct VisitRecord: Sendable, Equatable {
    public var id: Int64
    public var listID: Int64
    public var unit: String
    public var status: VisitStatus
    public var reason: NonVisitReason?
    public var reasonText: String
    public var date: String
    public var inspector: String
    /// When the decision was recorded.
    public var recordedAt: Date
}

/// One visit with everything known about it: the list row it came from (channel, inclusion probability,
/// score, model) and, when recorded, its outcome. The rows `history export` and `monitor` work from.
public struct VisitHistoryRow: Sendable, Equatable {
    public var listID: Int64
    public var listAsOf: String
    public var fingerprint: String
    public var unit: String
    /// `risk`, `random` or `manual`.
    public var channel: String
    public var region: String?
    /// `nil` for manual rows, which no design selected.
    public var inclusionProbability: Double?
    /// The model's probability at selection; `nil` for manual rows.
    public var scoreAtSelection: Double?
    /// The unit's model columns at issue time; `nil` for manual rows and lists issued before v3.
    public var features: [String: String]?
    public var status: VisitStatus
    public var reason: NonVisitReason?
    public var reasonText: String
    public var date: String
    public var inspector: String
    public var violationFound: Bool?
    public var reactions: [Reaction]
    public var outcomeInspector: String?
    public var outcomeDate: String?
}

/// What a random arm of a list looked like at issue time: per stratum (region), the number drawn and the
/// design probability, which together give the stratum's eligible count `N = k / π`.
public struct RandomArmStratum: Sendable, Equatable {
    public var listID: Int64
    public var region: String?
    public var drawn: Int
    public var inclusionProbability: Double

    public init(listID: Int64, region: String?, drawn: Int, inclusionProbability: Double) {
        self.listID = listID
        self.region = region
        self.drawn = drawn
        self.inclusionProbability = inclusionProbability
    }
}
