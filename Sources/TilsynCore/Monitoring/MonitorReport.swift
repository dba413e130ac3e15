/// Monitoring in production ⚖ (`tilsyn monitor`): what the visits recorded in the store say about the
/// lists and the model, each number with its interval, or `null` with the reason when too few visits
/// carry it.
public struct MonitorReport: Codable, Sendable, Equatable {
    /// A rate among visits with an outcome: violations found over visits, Wilson 95 % interval.
    public struct Rate: Codable, Sendable, Equatable {
        public var group: String
        public var visits: Int
        public var violations: Int
        public var rate: Double?
        public var ciLow: Double?
        public var ciHigh: Double?
        /// `estimated`, or `insufficient` below ``MonitorReport/minimumVisits`` (no rate then).
        public var verdict: String

        enum CodingKeys: String, CodingKey {
            case group, visits, violations, rate, verdict
            case ciLow = "ci_low", ciHigh = "ci_high"
        }

        public init(group: String, visits: Int, violations: Int, minimum: Int) {
            self.group = group
            self.visits = visits
            self.violations = violations
            if visits >= minimum, let ci = Interval.wilson(successes: violations, trials: visits) {
                rate = Double(violations) / Double(visits)
                ciLow = ci.low
                ciHigh = ci.high
                verdict = "estimated"
            } else {
                verdict = "insufficient"
            }
        }
    }

    /// Predicted against found among risk picks, in one band of the score at selection.
    public struct CalibrationBand: Codable, Sendable, Equatable {
        public var band: String
        public var meanPredicted: Double?
        public var found: Rate

        enum CodingKeys: String, CodingKey {
            case band, found
            case meanPredicted = "mean_predicted"
        }

        public init(band: String, meanPredicted: Double?, found: Rate) {
            self.band = band
            self.meanPredicted = meanPredicted
            self.found = found
        }
    }

    /// Overrides and non-visits in one ISO week of the decision date.
    public struct Week: Codable, Sendable, Equatable {
        public var week: String
        public var decisions: Int
        public var manual: Int
        public var notVisited: [String: Int]

        enum CodingKeys: String, CodingKey {
            case week, decisions, manual
            case notVisited = "not_visited"
        }

        public init(week: String, decisions: Int, manual: Int, notVisited: [String: Int]) {
            self.week = week
            self.decisions = decisions
            self.manual = manual
            self.notVisited = notVisited
        }
    }

    public var lists: Int
    public var visits: Int
    public var minimumVisits: Int
    public var channels: [Rate]
    /// The rate among all inspected units with an outcome: biased for the population, shown beside it.
    public var naiveInspectedRate: Rate
    public var populationRate: PopulationRateEstimate
    public var calibration: [CalibrationBand]
    public var byRegion: [Rate]
    public var byInspector: [Rate]
    public var weeks: [Week]
    /// Reasons given for manual rows and `other`, with counts, most frequent first.
    public var manualReasons: [String: Int]
    public var otherReasons: [String: Int]

    enum CodingKeys: String, CodingKey {
        case lists, visits, channels, calibration, weeks
        case minimumVisits = "minimum_visits"
        case naiveInspectedRate = "naive_inspected_rate"
        case populationRate = "population_rate"
        case byRegion = "by_region"
        case byInspector = "by_inspector"
        case manualReasons = "manual_reasons"
        case otherReasons = "other_reasons"
    }

    public init(lists: Int, visits: Int, minimumVisits: Int, channels: [Rate], naiveInspectedRate: Rate, populationRate: PopulationRateEstimate,
                calibration: [CalibrationBand], byRegion: [Rate], byInspector: [Rate], weeks: [Week],
                manualReasons: [String: Int], otherReasons: [String: Int]) {
        self.lists = lists
        self.visits = visits
        self.minimumVisits = minimumVisits
        self.channels = channels
        self.naiveInspectedRate = naiveInspectedRate
        self.populationRate = populationRate
        self.calibration = calibration
        self.byRegion = byRegion
        self.byInspector = byInspector
        self.weeks = weeks
        self.manualReasons = manualReasons
        self.otherReasons = otherReasons
    }
}

extension MonitorReport {
    /// `YYYY-Www` of a day number (ISO 8601 week: Monday first, the week with the year's first Thursday is 1).
    public static func isoWeek(day: Int) -> String {
        let weekday = ((day % 7) + 7 + 3) % 7          // 1970-01-01 was a Thursday; Monday = 0
        let thursday = day - weekday + 3
        let (year, _, _) = civilFromDays(thursday)
        let firstOfYear = daysFromCivil(year: year, month: 1, day: 1)
        let week = (thursday - firstOfYear) / 7 + 1
        return "\(year)-W" + (week < 10 ? "0\(week)" : "\(week)")
    }
}
