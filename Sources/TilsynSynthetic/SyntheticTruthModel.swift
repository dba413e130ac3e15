import Foundation
import TilsynCore

/// The true data-generating model, written against the default spec `Models/grundtilsyn.spec.json`.
///
/// Each numeric feature here repeats its spec entry's clip, transform and missing/fill (tests check that
/// they agree with the spec file) and adds the true coefficient. Labels are drawn from the logistic
/// model on the encoded design, computed exactly as ENCODING.md prescribes.
struct SyntheticTruthModel {
    enum FillRule {
        case value(Double)
        case mean
        case median
    }

    struct Numeric {
        var name: String
        var clip: (Double, Double)?
        var transform: FeatureSpec.Transform
        var indicator: Bool
        var fill: FillRule
        var beta: Double
        var betaMissing: Double

        init(
            _ name: String, clip: (Double, Double)? = nil, _ transform: FeatureSpec.Transform = .identity,
            beta: Double, missing: (FillRule, Double)? = nil
        ) {
            self.name = name
            self.clip = clip
            self.transform = transform
            self.indicator = missing != nil
            self.fill = missing?.0 ?? .value(0)
            self.beta = beta
            self.betaMissing = missing?.1 ?? 0
        }

        /// transform(clip(raw)).
        @inline(__always)
        func encode(_ raw: Double) -> Double {
            var v = raw
            if let (lo, hi) = clip { v = min(max(v, lo), hi) }
            switch transform {
            case .identity: return v
            case .log1p: return log1p(v)
            case .sqrt: return v.squareRoot()
            }
        }
    }

    static let intercept = -4.9

    /// Company age is binned; bins `[eᵢ, eᵢ₊₁)`, the reference bin `[10,25)`.
    static let ageName = "company_age_years"
    static let ageEdges: [Double] = [0, 2, 5, 10, 25, 200]
    static let ageReferenceBin = 3
    static let ageRisk: [Double] = [0.35, 0.20, 0.08, 0, -0.10]

    /// The numeric features in spec order (after industry, size_band, region, company_age_years).
    static let numeric: [Numeric] = [
        Numeric("employees", clip: (0, 10_000), .log1p, beta: 0.05),
        Numeric("branches_count", clip: (1, 500), .log1p, beta: -0.05),
        Numeric("prior_violations_5y", clip: (0, 50), .log1p, beta: 0.45),
        Numeric("prior_prohibitions_5y", clip: (0, 20), .log1p, beta: 0.30),
        Numeric("advisor_orders_5y", clip: (0, 10), .log1p, beta: 0.25),
        Numeric("prior_inspections_5y", clip: (0, 30), .log1p, beta: -0.10),
        Numeric("days_since_last_inspection", clip: (0, 3650), .log1p, beta: 0.08, missing: (.value(3650), 0.25)),
        Numeric("accidents_3y", clip: (0, 500), .log1p, beta: 0.30),
        Numeric("serious_accidents_3y", clip: (0, 50), .log1p, beta: 0.30),
        Numeric("occupational_disease_3y", clip: (0, 100), .log1p, beta: 0.20),
        Numeric("complaints_1y", clip: (0, 20), .log1p, beta: 0.50),
        Numeric("injury_rate_industry", clip: (0, 150), beta: 0.012),
        Numeric("long_term_sick_leave_rate", clip: (0, 1), beta: 1.5, missing: (.median, 0.05)),
        Numeric("apv_overdue", beta: 0.50),
        Numeric("safety_org_registered", beta: -0.30),
        Numeric("share_temporary_workers", clip: (0, 1), beta: 0.60),
        Numeric("share_young_workers", clip: (0, 1), beta: 0.40),
        Numeric("night_work_share", clip: (0, 1), beta: 0.30),
        Numeric("overtime_hours_per_fte", clip: (0, 400), .sqrt, beta: 0.03),
        Numeric("part_time_share", clip: (0, 1), beta: 0.10),
        Numeric("turnover_rate", clip: (0, 1), beta: 0.50, missing: (.median, 0.05)),
        Numeric("avg_tenure_years", clip: (0, 40), beta: -0.02),
        Numeric("employment_volatility", clip: (0, 2), beta: 0.30),
        Numeric("ownership_changes_3y", clip: (0, 10), .log1p, beta: 0.20),
        Numeric("financial_distress_score", clip: (0, 100), beta: 0.006, missing: (.mean, 0.10)),
        Numeric("construction_sites_1y", clip: (0, 100), .log1p, beta: 0.15),
        Numeric("asbestos_notifications_3y", clip: (0, 50), .log1p, beta: 0.20),
        Numeric("chemical_exposure", beta: 0.20),
        Numeric("heavy_machinery", beta: 0.15),
        Numeric("ergonomic_load_index", clip: (0, 10), beta: 0.08, missing: (.mean, 0.05)),
        Numeric("psychosocial_strain_index", clip: (0, 10), beta: 0.06),
        Numeric("unemployment_rate_municipality", clip: (0, 20), beta: 0.02),
        Numeric("distance_to_at_center_km", clip: (0, 300), beta: -0.002),
    ]

    /// Index of each numeric feature in ``numeric`` (kept as constants so the generator reads clearly).
    enum F {
        static let employees = 0, branches = 1, violations = 2, prohibitions = 3, advisorOrders = 4
        static let inspections = 5, daysSince = 6, accidents = 7, seriousAccidents = 8, disease = 9
        static let complaints = 10, injuryRate = 11, sickLeave = 12, apvOverdue = 13, safetyOrg = 14
        static let temporary = 15, young = 16, night = 17, overtime = 18, partTime = 19, turnover = 20
        static let tenure = 21, volatility = 22, ownership = 23, distress = 24, sites = 25, asbestos = 26
        static let chemical = 27, machinery = 28, ergonomic = 29, psychosocial = 30, unemployment = 31
        static let distance = 32
        static let count = 33
    }

    /// Encoded fills per numeric feature (transformed scale); set by ``resolveFills(columns:)``.
    var fills: [Double]

    init() {
        fills = Self.numeric.map { feature in
            if case .value(let v) = feature.fill { return feature.encode(v) }
            return 0
        }
    }

    /// Resolves `mean` / `median` fills from the non-missing transformed values of the history.
    mutating func resolveFills(columns: [[Double]]) {
        for (j, feature) in Self.numeric.enumerated() where feature.indicator {
            switch feature.fill {
            case .value: continue
            case .mean, .median:
                var values = [Double]()
                values.reserveCapacity(columns[j].count)
                for raw in columns[j] where !raw.isNaN { values.append(feature.encode(raw)) }
                guard !values.isEmpty else { continue }
                if case .mean = feature.fill {
                    var sum = 0.0
                    for v in values { sum += v }
                    fills[j] = sum / Double(values.count)
                } else {
                    values.sort()
                    let n = values.count
                    fills[j] = n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2
                }
            }
        }
    }

    /// The age bin of `years` (values are always inside the edges by construction).
    @inline(__always)
    static func ageBin(_ years: Double) -> Int {
        var bin = 0
        while bin < ageEdges.count - 2 && years >= ageEdges[bin + 1] { bin += 1 }
        return bin
    }

    /// The true log-odds of one row: `industry`, `size`, `region` are catalog indices, `numeric[j]` the raw
    /// values (NaN = missing).
    @inline(__always)
    func logOdds(industry: Int, size: Int, region: Int, age: Double, numeric values: UnsafeBufferPointer<Double>)
        -> Double
    {
        var eta = Self.intercept + SyntheticCatalog.industries[industry].risk + SyntheticCatalog.sizeRisk[size]
            + SyntheticCatalog.regionRisk[region] + Self.ageRisk[Self.ageBin(age)]
        for j in 0..<Self.numeric.count {
            let feature = Self.numeric[j]
            let raw = values[j]
            if raw.isNaN {
                eta += feature.beta * fills[j] + feature.betaMissing
            } else {
                eta += feature.beta * feature.encode(raw)
            }
        }
        return eta
    }

    /// The design columns (without the intercept) and their true coefficients, in design order.
    static func designColumns() -> [(String, Double)] {
        var columns = [(String, Double)]()
        func byteOrder(_ a: String, _ b: String) -> Bool { Array(a.utf8).lexicographicallyPrecedes(Array(b.utf8)) }
        let industries = SyntheticCatalog.industries.filter { $0.code != SyntheticCatalog.referenceIndustry }
            .sorted { byteOrder($0.code, $1.code) }
        for industry in industries { columns.append(("industry=\(industry.code)", industry.risk)) }
        let sizes = SyntheticCatalog.sizeBands.indices.filter {
            SyntheticCatalog.sizeBands[$0] != SyntheticCatalog.referenceSizeBand
        }.sorted { byteOrder(SyntheticCatalog.sizeBands[$0], SyntheticCatalog.sizeBands[$1]) }
        for i in sizes { columns.append(("size_band=\(SyntheticCatalog.sizeBands[i])", SyntheticCatalog.sizeRisk[i])) }
        let regions = SyntheticCatalog.regions.indices.filter {
            SyntheticCatalog.regions[$0] != SyntheticCatalog.referenceRegion
        }.sorted { byteOrder(SyntheticCatalog.regions[$0], SyntheticCatalog.regions[$1]) }
        for i in regions { columns.append(("region=\(SyntheticCatalog.regions[i])", SyntheticCatalog.regionRisk[i])) }
        for bin in 0..<(ageEdges.count - 1) where bin != ageReferenceBin {
            let label = "[\(edgeText(ageEdges[bin])),\(edgeText(ageEdges[bin + 1])))"
            columns.append(("\(ageName)=\(label)", ageRisk[bin]))
        }
        for feature in numeric {
            columns.append((feature.name, feature.beta))
            if feature.indicator { columns.append(("\(feature.name):missing", feature.betaMissing)) }
        }
        return columns
    }

    /// An edge as ENCODING.md prints it: integral values without a decimal point.
    static func edgeText(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return "\(value)"
    }
}
