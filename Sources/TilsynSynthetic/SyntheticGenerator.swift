import Foundation
import TilsynCore

/// Deterministic synthetic register and inspection history at Danish scale, with a known true model.
///
/// The data follow the default spec `Models/grundtilsyn.spec.json`: 36 industry groups, seven size bands,
/// five regions and the features Arbejdstilsynet's risk model publishes (accidents, occupational diseases,
/// complaints, earlier reactions, long-term sick leave, …) plus workforce and exposure indicators.
///
/// How the history arises:
/// 1. Units get static traits and two hidden traits (carelessness, precarious workforce) that make their
///    accidents, complaints, notices and staffing correlate.
/// 2. Inspection dates are drawn uniformly over the weekdays of the window. Each inspection is `random`
///    (about 20 %, uniform over eligible units), `risk` (about 60 %, drawn with weight `exp(γ·s)` where `s`
///    is a unit-level risk proxy) or `manual` (the rest, a weaker tilt). Units inspected in the last year
///    (90 days for manual visits), not yet founded, certified (crown smiley) or private households are
///    not eligible for `risk`/`random`.
/// 3. Features are taken as of the inspection date; earlier reactions and inspections come from the
///    unit's actual earlier visits, so a notice found today raises tomorrow's `prior_violations_5y`.
/// 4. The label is drawn from the true logistic model on the encoded design (``SyntheticTruth``). Since
///    selection depends only on unit traits and never on the label given the features, a fit of the
///    default spec on the history recovers the truth.
public enum SyntheticGenerator {
    /// Selection tilt of the `risk` channel, tuned so its hit rate is about 1.8× the random arm's.
    static let riskGamma = 1.0
    static let manualGamma = 0.8
    static let randomShare = 0.20
    static let riskShare = 0.60

    /// The register's leading columns, before the features: the unit, its name and address (for the
    /// inspectors' printed list; ``SyntheticContacts``), then what lists and groupings read.
    public static let registerLeadingColumns = [
        "company_id", "name", "address", "region", "industry", "size_band", "last_inspection_date", "certified", "private_household",
    ]
    /// The history's leading columns, before the features.
    public static let historyLeadingColumns = [
        "company_id", "inspection_date", "violation_found", "channel", "industry", "size_band", "region",
    ]
    /// The feature columns that are neither leading nor categorical, in spec order.
    public static var featureColumns: [String] {
        [SyntheticTruthModel.ageName] + SyntheticTruthModel.numeric.map(\.name)
    }
    /// The 36 industry codes, 7 size bands (natural order) and 5 regions.
    public static var industryLevels: [String] { SyntheticCatalog.industries.map(\.code) }
    public static var sizeBandLevels: [String] { SyntheticCatalog.sizeBands }
    public static var regionLevels: [String] { SyntheticCatalog.regions }
    public static let channelLevels = ["risk", "random", "manual"]

    /// Generates the register, the history and the truth for `options`.
    ///
    /// Equal options give bit-identical tables. The register does not depend on `inspections` except
    /// through the units' inspection records (last inspection date, earlier reactions).
    public static func generate(_ options: SyntheticOptions = SyntheticOptions()) -> SyntheticData {
        let asOf = options.asOf
        let windowStart = asOf - Int((Double(options.historyYears) * 365.25).rounded())
        let n = options.inspections
        let selectionRate = Double(n) / Double(options.historyYears) / Double(options.units)

        var unitRNG = SeededRandom(seed: options.seed, stream: 1)
        let population = SyntheticPopulation(
            count: options.units, asOf: asOf, windowStart: windowStart, selectionRate: selectionRate,
            riskGamma: riskGamma, manualGamma: manualGamma, rng: &unitRNG)
        let features = SyntheticFeatureDrawer(population: population)

        // Date strings, formatted once per day.
        var firstDay = asOf
        for day in population.ancientInspection where day != Int.min { firstDay = min(firstDay, day) }
        for day in population.eventDay { firstDay = min(firstDay, day) }
        firstDay = min(firstDay, windowStart)
        let dateText = (firstDay...asOf).map(isoDate)
        let ids = (0..<population.count).map { String(1_000_000_001 + $0) }

        // Pass 1: dates, channels, units, and every feature that does not depend on earlier labels.
        var selectRNG = SeededRandom(seed: options.seed, stream: 2)
        var weekdays = [Int]()
        for day in windowStart..<asOf where weekday(ofDay: day) < 5 { weekdays.append(day) }
        var rowDay = (0..<n).map { _ in weekdays[selectRNG.below(weekdays.count)] }
        rowDay.sort()
        var selector = SyntheticSelector(population: population, riskGamma: riskGamma, manualGamma: manualGamma)
        var rowUnit = [Int](repeating: 0, count: n)
        var rowChannel = [Int32](repeating: 0, count: n)
        var columns = [[Double]](
            repeating: [Double](repeating: 0, count: n), count: SyntheticTruthModel.F.count)
        var age = [Double](repeating: 0, count: n)
        for r in 0..<n {
            let day = rowDay[r]
            let c = selectRNG.uniform()
            let channel: Int32 = c < randomShare ? 1 : (c < randomShare + riskShare ? 0 : 2)
            let u = selector.pick(channel: channel, day: day, rng: &selectRNG)
            rowUnit[r] = u
            rowChannel[r] = channel
            age[r] = features.draw(unit: u, day: day, row: r, into: &columns, rng: &selectRNG)
        }
        var truthModel = SyntheticTruthModel()
        truthModel.resolveFills(columns: columns)

        // Pass 2: in date order, earlier visits → reaction counts → true probability → label.
        var unitRowStart = [Int](repeating: 0, count: population.count + 1)
        for u in rowUnit { unitRowStart[u + 1] += 1 }
        for u in 0..<population.count { unitRowStart[u + 1] += unitRowStart[u] }
        var unitRows = [Int](repeating: 0, count: n)
        var fillPosition = unitRowStart
        for r in 0..<n {
            unitRows[fillPosition[rowUnit[r]]] = r
            fillPosition[rowUnit[r]] += 1
        }
        var labelRNG = SeededRandom(seed: options.seed, stream: 3)
        var label = [Double](repeating: 0, count: n)
        var rowNotices = [Int](repeating: 0, count: n)
        var rowProhibitions = [Int](repeating: 0, count: n)
        var rowAdvisorOrders = [Int](repeating: 0, count: n)
        var x = [Double](repeating: 0, count: SyntheticTruthModel.F.count)
        for r in 0..<n {
            let u = rowUnit[r]
            let day = rowDay[r]
            var record = SyntheticRecord(population: population, unit: u, day: day)
            for k in unitRows[unitRowStart[u]..<unitRowStart[u + 1]] {
                if k >= r { break }
                record.add(
                    day: rowDay[k], notices: rowNotices[k], prohibitions: rowProhibitions[k],
                    advisorOrders: rowAdvisorOrders[k])
            }
            record.store(row: r, into: &columns)
            for j in 0..<SyntheticTruthModel.F.count { x[j] = columns[j][r] }
            let eta = x.withUnsafeBufferPointer {
                truthModel.logOdds(
                    industry: population.industry[u], size: population.size[u], region: population.region[u],
                    age: age[r], numeric: $0)
            }
            if labelRNG.uniform() < 1 / (1 + exp(-eta)) {
                label[r] = 1
                rowNotices[r] = 1 + labelRNG.poisson(0.6 + (population.z[u] > 0 ? 0.4 : 0))
                rowProhibitions[r] = labelRNG.bernoulli(0.12) ? 1 : 0
                rowAdvisorOrders[r] = labelRNG.bernoulli(0.05) ? 1 : 0
            }
        }

        var history = [String: Column]()
        history["company_id"] = .string(rowUnit.map { ids[$0] })
        history["inspection_date"] = .string(rowDay.map { dateText[$0 - firstDay] })
        history["violation_found"] = .numeric(label)
        history["channel"] = .categorical(CategoricalColumn(codes: rowChannel, levels: channelLevels))
        history["industry"] = .categorical(
            CategoricalColumn(codes: rowUnit.map { Int32(population.industry[$0]) }, levels: industryLevels))
        history["size_band"] = .categorical(
            CategoricalColumn(codes: rowUnit.map { Int32(population.size[$0]) }, levels: sizeBandLevels))
        history["region"] = .categorical(
            CategoricalColumn(codes: rowUnit.map { Int32(population.region[$0]) }, levels: regionLevels))
        history[SyntheticTruthModel.ageName] = .numeric(age)
        for (j, feature) in SyntheticTruthModel.numeric.enumerated() { history[feature.name] = .numeric(columns[j]) }
        columns = []

        // The register, as of `asOf`, after every visit in the history.
        let m = population.count
        var registerRNG = SeededRandom(seed: options.seed, stream: 4)
        var registerColumns = [[Double]](
            repeating: [Double](repeating: 0, count: m), count: SyntheticTruthModel.F.count)
        var registerAge = [Double](repeating: 0, count: m)
        var lastInspection = [String](repeating: "", count: m)
        for u in 0..<m {
            registerAge[u] = features.draw(unit: u, day: asOf, row: u, into: &registerColumns, rng: &registerRNG)
            var record = SyntheticRecord(population: population, unit: u, day: asOf)
            for k in unitRows[unitRowStart[u]..<unitRowStart[u + 1]] {
                record.add(
                    day: rowDay[k], notices: rowNotices[k], prohibitions: rowProhibitions[k],
                    advisorOrders: rowAdvisorOrders[k])
            }
            record.store(row: u, into: &registerColumns)
            if let last = record.lastDay { lastInspection[u] = dateText[last - firstDay] }
        }
        var register = [String: Column]()
        register["company_id"] = .string(ids)
        // Their own stream, drawn last: the other columns are exactly what they were without them.
        var contactRNG = SeededRandom(seed: options.seed, stream: 7)
        let contacts = SyntheticContacts.draw(industry: population.industry, region: population.region, rng: &contactRNG)
        register["name"] = .string(contacts.names)
        register["address"] = .string(contacts.addresses)
        register["region"] = .categorical(
            CategoricalColumn(codes: population.region.map { Int32($0) }, levels: regionLevels))
        register["industry"] = .categorical(
            CategoricalColumn(codes: population.industry.map { Int32($0) }, levels: industryLevels))
        register["size_band"] = .categorical(
            CategoricalColumn(codes: population.size.map { Int32($0) }, levels: sizeBandLevels))
        register["last_inspection_date"] = .string(lastInspection)
        register["certified"] = .numeric(population.certified.map { $0 ? 1 : 0 })
        register["private_household"] = .numeric(population.household.map { $0 ? 1 : 0 })
        register[SyntheticTruthModel.ageName] = .numeric(registerAge)
        for (j, feature) in SyntheticTruthModel.numeric.enumerated() {
            register[feature.name] = .numeric(registerColumns[j])
        }

        let design = SyntheticTruthModel.designColumns()
        var coefficients = [String: Double]()
        for (name, beta) in design { coefficients[name] = beta }
        var fills = [String: Double]()
        for (j, feature) in SyntheticTruthModel.numeric.enumerated() where feature.indicator {
            fills[feature.name] = truthModel.fills[j]
        }
        let truth = SyntheticTruth(
            seed: options.seed, units: options.units, inspections: n, asOf: isoDate(asOf),
            intercept: SyntheticTruthModel.intercept, columns: design.map(\.0), coefficients: coefficients,
            fills: fills,
            description: """
                Synthetic Danish-scale data (seed \(options.seed)): \(options.units) production units as of \
                \(isoDate(asOf)), \(n) inspections over the \(options.historyYears) years before. Labels are \
                drawn from P(violation_found = 1) = 1/(1+exp(-eta)), eta = intercept + sum of coefficient × \
                encoded column, on the design of Models/grundtilsyn.spec.json encoded as ENCODING.md says \
                (fills as listed, on the transformed scale). Selection (risk ≈60%, random ≈20%, manual) \
                depends on unit traits only, so a fit of the spec on the history estimates these coefficients.
                """)
        return SyntheticData(
            register: DataTable(
                source: "synthetic register (seed \(options.seed))",
                header: registerLeadingColumns + featureColumns, rowCount: m, columns: register),
            history: DataTable(
                source: "synthetic history (seed \(options.seed))",
                header: historyLeadingColumns + featureColumns, rowCount: n, columns: history),
            truth: truth)
    }
}

/// Picks the unit for one inspection by channel, skipping ineligible units.
///
/// Everything the eligibility test reads sits in one small record per unit, so a refused draw costs one
/// cache miss rather than four (at a million inspections the risk channel refuses many draws).
struct SyntheticSelector {
    struct Gate {
        /// First day the unit may be visited (founding + 30 days).
        var open: Int32
        var lastVisit: Int32
        /// 1 = certified (crown smiley), 2 = private household.
        var flags: UInt8
    }

    var gates: [Gate]
    let risk: AliasTable
    let manual: AliasTable

    init(population: SyntheticPopulation, riskGamma: Double, manualGamma: Double) {
        var riskWeights = [Double](repeating: 0, count: population.count)
        var manualWeights = [Double](repeating: 0, count: population.count)
        gates = []
        gates.reserveCapacity(population.count)
        for u in 0..<population.count {
            let last: Int
            if population.eventStart[u + 1] > population.eventStart[u] {
                last = population.eventDay[population.eventStart[u + 1] - 1]
            } else {
                last = population.ancientInspection[u]
            }
            let flags: UInt8 = (population.certified[u] ? 1 : 0) | (population.household[u] ? 2 : 0)
            gates.append(
                Gate(
                    open: Int32(clamping: population.founded[u] + 30), lastVisit: Int32(clamping: last),
                    flags: flags))
            if !population.household[u] {
                manualWeights[u] = exp(manualGamma * population.staticRisk[u])
                if !population.certified[u] { riskWeights[u] = exp(riskGamma * population.staticRisk[u]) }
            }
        }
        // A register of only certified units or households still needs something to draw from.
        if riskWeights.allSatisfy({ $0 == 0 }) { riskWeights = [Double](repeating: 1, count: population.count) }
        if manualWeights.allSatisfy({ $0 == 0 }) { manualWeights = [Double](repeating: 1, count: population.count) }
        risk = AliasTable(weights: riskWeights)
        manual = AliasTable(weights: manualWeights)
    }

    /// Draws a unit for an inspection on `day` and records the visit. Channel 0 = risk, 1 = random,
    /// 2 = manual.
    mutating func pick(channel: Int32, day: Int, rng: inout SeededRandom) -> Int {
        let gap: Int32 = channel == 2 ? 90 : 365
        let refused: UInt8 = channel == 2 ? 2 : 3
        let today = Int32(clamping: day)
        var candidate = 0
        for attempt in 0..<200 {
            switch channel {
            case 0: candidate = risk.draw(&rng)
            case 1: candidate = rng.below(gates.count)
            default: candidate = manual.draw(&rng)
            }
            // After many refusals (saturated high-risk units), fall back to uniform draws.
            if attempt >= 50 && channel != 1 { candidate = rng.below(gates.count) }
            let gate = gates[candidate]
            if gate.flags & refused == 0, gate.open <= today,
                gate.lastVisit == Int32.min || today - gate.lastVisit >= gap
            {
                break
            }
        }
        gates[candidate].lastVisit = today
        return candidate
    }
}

/// A unit's inspection record as of one day: the feedback features.
struct SyntheticRecord {
    let day: Int
    var inspections = 0
    var notices = 0
    var prohibitions = 0
    var advisorOrders = 0
    var lastDay: Int?

    init(population: SyntheticPopulation, unit u: Int, day: Int) {
        self.day = day
        if population.ancientInspection[u] != Int.min, population.ancientInspection[u] < day {
            lastDay = population.ancientInspection[u]
        }
        for e in population.eventStart[u]..<population.eventStart[u + 1] {
            add(
                day: population.eventDay[e], notices: population.eventNotices[e],
                prohibitions: population.eventProhibitions[e], advisorOrders: population.eventAdvisorOrders[e])
        }
    }

    /// Counts a visit if it was before `day`; reactions and visits count within five years.
    mutating func add(day visit: Int, notices n: Int, prohibitions p: Int, advisorOrders a: Int) {
        guard visit < day else { return }
        lastDay = max(lastDay ?? visit, visit)
        if visit >= day - 1826 {
            inspections += 1
            notices += n
            prohibitions += p
            advisorOrders += a
        }
    }

    func store(row r: Int, into columns: inout [[Double]]) {
        typealias F = SyntheticTruthModel.F
        columns[F.violations][r] = Double(notices)
        columns[F.prohibitions][r] = Double(prohibitions)
        columns[F.advisorOrders][r] = Double(advisorOrders)
        columns[F.inspections][r] = Double(inspections)
        columns[F.daysSince][r] = lastDay.map { Double(day - $0) } ?? .nan
    }
}
