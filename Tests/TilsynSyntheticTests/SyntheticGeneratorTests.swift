import Foundation
import Testing
@testable import TilsynCore
@testable import TilsynSynthetic

/// Loads `Models/grundtilsyn.spec.json` from the repository (located relative to this file).
private func loadDefaultSpec() throws -> ModelSpec {
    let url = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Models/grundtilsyn.spec.json")
    return try JSONDecoder().decode(ModelSpec.self, from: Data(contentsOf: url))
}

/// Encoded design column names of `spec` per ENCODING.md, given each categorical feature's levels.
private func encodedColumns(_ spec: ModelSpec, levels: [String: [String]]) -> [String] {
    func edgeText(_ v: Double) -> String { v == v.rounded() ? String(Int(v)) : "\(v)" }
    var names = ["(intercept)"]
    for feature in spec.features {
        switch feature.type {
        case .numeric:
            names.append(feature.name)
        case .categorical:
            let all = levels[feature.name] ?? []
            let reference = feature.reference ?? all.first ?? ""
            let sorted = all.filter { $0 != reference }.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            names += sorted.map { "\(feature.name)=\($0)" }
        case .binned:
            let edges = feature.edges ?? []
            let bins = (0..<max(0, edges.count - 1)).map { "[\(edgeText(edges[$0])),\(edgeText(edges[$0 + 1])))" }
            let reference = feature.reference ?? bins.first ?? ""
            names += bins.filter { $0 != reference }.map { "\(feature.name)=\($0)" }
        }
        if feature.effectiveMissing == .indicator { names.append("\(feature.name):missing") }
    }
    return names
}

private func shareMissing(_ values: [Double]) -> Double {
    Double(values.lazy.filter(\.isNaN).count) / Double(values.count)
}

/// One generated data set shared by the tests (20,000 units, about 4,700 inspections).
private let small = SyntheticGenerator.generate(SyntheticOptions(units: 20_000, seed: 7))

@Suite("Synthetic generator")
struct SyntheticGeneratorTests {
    @Test("ISO dates round-trip and the default as-of date is a Monday")
    func dates() throws {
        #expect(isoDate(0) == "1970-01-01")
        #expect(isoDate(SyntheticOptions.defaultAsOf) == "2026-11-16")
        #expect(weekday(ofDay: SyntheticOptions.defaultAsOf) == 0)
        #expect(parseISODate("2024-02-29") == daysFromCivil(year: 2024, month: 2, day: 29))
        #expect(parseISODate("2023-02-29") == nil)
        #expect(parseISODate("2023-1-01") == nil)
        for day in stride(from: -800_000, to: 2_900_000, by: 997) where civilFromDays(day).year >= 0 {
            #expect(parseISODate(isoDate(day)) == day)
        }
    }

    @Test("Same options give identical tables; another seed gives different ones")
    func determinism() throws {
        let options = SyntheticOptions(units: 3_000, inspections: 900, seed: 11)
        let a = SyntheticGenerator.generate(options)
        let b = SyntheticGenerator.generate(options)
        #expect(a.register.header == b.register.header)
        #expect(a.history.header == b.history.header)
        for name in a.register.header { #expect(sameColumn(a.register.columns[name], b.register.columns[name]), "\(name)") }
        for name in a.history.header { #expect(sameColumn(a.history.columns[name], b.history.columns[name]), "\(name)") }
        #expect(a.truth == b.truth)

        let c = SyntheticGenerator.generate(SyntheticOptions(units: 3_000, inspections: 900, seed: 12))
        #expect(!sameColumn(a.history.columns["accidents_3y"], c.history.columns["accidents_3y"]))
        #expect(!sameColumn(a.register.columns["industry"], c.register.columns["industry"]))
    }

    @Test("Defaults: 300k units, 70k inspections, as of 2026-11-16, 5 years")
    func defaults() {
        let options = SyntheticOptions()
        #expect(options.units == 300_000)
        #expect(options.inspections == 70_000)
        #expect(options.seed == 2026)
        #expect(isoDate(options.asOf) == "2026-11-16")
        #expect(options.historyYears == 5)
        #expect(SyntheticOptions(units: 20_000).inspections == 4_667)
    }

    @Test("Rows, headers and every spec feature in both tables")
    func shape() throws {
        let spec = try loadDefaultSpec()
        #expect(small.register.rowCount == 20_000)
        #expect(small.history.rowCount == 4_667)
        #expect(small.history.header.count >= 38 && small.history.header.count <= 45)
        for table in [small.register, small.history] {
            #expect(Set(table.header).count == table.header.count)
            #expect(Set(table.columns.keys) == Set(table.header))
            for name in table.header {
                let count: Int
                switch table.columns[name] {
                case .numeric(let v): count = v.count
                case .categorical(let c): count = c.codes.count
                case .string(let s): count = s.count
                case nil: count = -1
                }
                #expect(count == table.rowCount, "\(name)")
            }
            for feature in spec.features { #expect(table.header.contains(feature.name), "\(feature.name)") }
        }
        #expect(Array(small.history.header.prefix(7)) == [
            "company_id", "inspection_date", "violation_found", "channel", "industry", "size_band", "region",
        ])
        for name in ["company_id", "region", "industry", "size_band", "last_inspection_date", "certified", "private_household"] {
            #expect(small.register.header.contains(name))
        }
        let ids = try small.register.strings("company_id")
        #expect(ids.first == "1000000001")
        #expect(ids.allSatisfy { $0.utf8.count == 10 })
        #expect(Set(ids).count == ids.count)
    }

    @Test("Categories are exactly the 36 industries, 7 size bands and 5 regions")
    func categories() throws {
        let industries = (1...36).map { String(format: "IG%02d", $0) }
        let sizes = ["1-4", "5-9", "10-19", "20-49", "50-99", "100-249", "250+"]
        let regions = ["Hovedstaden", "Sjælland", "Syddanmark", "Midtjylland", "Nordjylland"]
        let register = small.register
        for (name, expected) in [("industry", industries), ("size_band", sizes), ("region", regions)] {
            let column = try register.categorical(name)
            #expect(Set(column.levels) == Set(expected))
            #expect(column.levels.count == expected.count)
            #expect(Set(column.codes.map { column.levels[Int($0)] }) == Set(expected), "\(name): every level used")
        }
        // Most units are small; a few industries are tiny.
        let size = try register.categorical("size_band")
        let smallShare = Double(size.codes.lazy.filter { $0 == 0 }.count) / Double(size.codes.count)
        #expect(smallShare > 0.5 && smallShare < 0.7)
        let industry = try register.categorical("industry")
        var counts = [Int](repeating: 0, count: industry.levels.count)
        for code in industry.codes { counts[Int(code)] += 1 }
        let shares = counts.map { Double($0) / Double(industry.codes.count) }
        #expect((shares.min() ?? 0) < 0.006)
        #expect((shares.max() ?? 1) > 0.07)
        let flags = try register.numeric("certified")
        let certified = flags.reduce(0, +) / Double(flags.count)
        #expect(certified > 0.02 && certified < 0.045)
    }

    @Test("Channels, hit rates and the risk/random lift")
    func channelsAndLabels() throws {
        // A larger history so the rates are stable.
        let data = SyntheticGenerator.generate(SyntheticOptions(units: 40_000, seed: 3))
        let label = try data.history.numeric("violation_found")
        let channel = try data.history.categorical("channel")
        #expect(Set(label) == [0, 1])
        var n = [String: Double]()
        var hits = [String: Double]()
        for i in label.indices {
            let c = channel.levels[Int(channel.codes[i])]
            n[c, default: 0] += 1
            hits[c, default: 0] += label[i]
        }
        let total = Double(label.count)
        let random = (n["random"] ?? 0) / total
        let risk = (n["risk"] ?? 0) / total
        #expect(random > 0.17 && random < 0.23)
        #expect(risk > 0.56 && risk < 0.64)
        let rate = label.reduce(0, +) / total
        #expect(rate > 0.15 && rate < 0.26, "overall violation rate \(rate)")
        let randomRate = (hits["random"] ?? 0) / (n["random"] ?? 1)
        let riskRate = (hits["risk"] ?? 0) / (n["risk"] ?? 1)
        #expect(randomRate > 0.09 && randomRate < 0.2, "random hit rate \(randomRate)")
        let lift = riskRate / randomRate
        #expect(lift > 1.45 && lift < 2.3, "risk/random lift \(lift)")
    }

    @Test("History dates lie in the window, sorted; a unit can appear more than once")
    func historyDates() throws {
        let dates = try small.history.strings("inspection_date").map { try #require(parseISODate($0)) }
        let asOf = SyntheticOptions.defaultAsOf
        #expect(dates == dates.sorted())
        #expect((dates.first ?? 0) >= asOf - 1827 && (dates.last ?? asOf) < asOf)
        #expect(dates.allSatisfy { weekday(ofDay: $0) < 5 })
        let ids = try small.history.strings("company_id")
        #expect(Set(ids).count < ids.count)
        let last = try small.register.strings("last_inspection_date")
        #expect(last.allSatisfy { $0.isEmpty || (parseISODate($0) ?? asOf) < asOf })
        // The register's days since the last inspection agree with its last inspection date.
        let days = try small.register.numeric("days_since_last_inspection")
        for i in last.indices {
            if last[i].isEmpty { #expect(days[i].isNaN) } else { #expect(Double(asOf - (parseISODate(last[i]) ?? 0)) == days[i]) }
        }
    }

    @Test("Missing values only where designed, at the designed shares")
    func missingness() throws {
        let spec = try loadDefaultSpec()
        let indicator = Set(spec.features.filter { $0.effectiveMissing == .indicator }.map(\.name))
        #expect(indicator == [
            "days_since_last_inspection", "long_term_sick_leave_rate", "turnover_rate", "financial_distress_score",
            "ergonomic_load_index",
        ])
        for table in [small.register, small.history] {
            for feature in spec.features where feature.type != .categorical {
                let values = try table.numeric(feature.name)
                if !indicator.contains(feature.name) {
                    #expect(!values.contains { $0.isNaN }, "\(feature.name) has no missing values")
                }
            }
            let sick = shareMissing(try table.numeric("long_term_sick_leave_rate"))
            #expect(sick > 0.03 && sick < 0.07)
            let turnover = shareMissing(try table.numeric("turnover_rate"))
            #expect(turnover > 0.02 && turnover < 0.06)
            let distress = shareMissing(try table.numeric("financial_distress_score"))
            #expect(distress > 0.03 && distress < 0.11)
            let ergonomic = shareMissing(try table.numeric("ergonomic_load_index"))
            #expect(ergonomic > 0.015 && ergonomic < 0.045)
        }
        let never = shareMissing(try small.register.numeric("days_since_last_inspection"))
        #expect(never > 0.2 && never < 0.8)
    }

    @Test("Features are plausible and correlated the right way")
    func plausibility() throws {
        let register = small.register
        let employees = try register.numeric("employees")
        let accidents = try register.numeric("accidents_3y")
        #expect(employees.allSatisfy { $0 >= 1 && $0 <= 10_000 && $0 == $0.rounded() })
        for name in ["share_temporary_workers", "share_young_workers", "night_work_share", "part_time_share"] {
            #expect(try register.numeric(name).allSatisfy { $0 >= 0 && $0 <= 1 }, "\(name)")
        }
        for name in ["apv_overdue", "safety_org_registered", "chemical_exposure", "heavy_machinery", "certified"] {
            #expect(try register.numeric(name).allSatisfy { $0 == 0 || $0 == 1 }, "\(name)")
        }
        // Bigger units report more accidents.
        var bigSum = 0.0, bigN = 0.0, smallSum = 0.0, smallN = 0.0
        for i in employees.indices {
            if employees[i] >= 50 { bigSum += accidents[i]; bigN += 1 } else if employees[i] < 5 { smallSum += accidents[i]; smallN += 1 }
        }
        #expect(bigSum / bigN > 10 * (smallSum / smallN))
        // Units with earlier notices are found in breach more often.
        let history = small.history
        let prior = try history.numeric("prior_violations_5y")
        let label = try history.numeric("violation_found")
        var withSum = 0.0, withN = 0.0, withoutSum = 0.0, withoutN = 0.0
        for i in label.indices {
            if prior[i] > 0 { withSum += label[i]; withN += 1 } else { withoutSum += label[i]; withoutN += 1 }
        }
        #expect(withN > 50 && withSum / withN > 1.3 * (withoutSum / withoutN))
    }

    @Test("Truth keys are the spec's encoded design columns, signs follow the directions")
    func truthMatchesSpec() throws {
        let spec = try loadDefaultSpec()
        let truth = small.truth
        let levels = [
            "industry": try small.history.categorical("industry").levels,
            "size_band": try small.history.categorical("size_band").levels,
            "region": try small.history.categorical("region").levels,
        ]
        let expected = encodedColumns(spec, levels: levels)
        #expect(["(intercept)"] + truth.columns == expected)
        #expect(Set(truth.coefficients.keys) == Set(expected.dropFirst()))
        #expect(expected.count >= 84 && expected.count <= 92, "design columns: \(expected.count)")
        let oneHot = expected.filter { $0.contains("=") && !$0.hasPrefix("company_age_years") }.count
        #expect(oneHot == 45)
        for feature in spec.features where feature.type == .numeric {
            let beta = try #require(truth.coefficients[feature.name])
            switch feature.effectiveDirection {
            case .increasing: #expect(beta > 0, "\(feature.name)")
            case .decreasing: #expect(beta < 0, "\(feature.name)")
            case .any: break
            }
            if feature.effectiveMissing == .indicator {
                #expect(truth.fills[feature.name] != nil, "\(feature.name)")
                if case .value(let v) = feature.fill {
                    var raw = v
                    if let clip = feature.clip { raw = min(max(raw, clip[0]), clip[1]) }
                    let encoded = feature.effectiveTransform == .log1p ? log1p(raw) : (feature.effectiveTransform == .sqrt ? raw.squareRoot() : raw)
                    #expect(truth.fills[feature.name] == encoded)
                }
            }
        }
        // The truth round-trips through JSON.
        let data = try JSONEncoder().encode(truth)
        #expect(try JSONDecoder().decode(SyntheticTruth.self, from: data) == truth)
    }

    @Test("The generator's encoding of each numeric feature is the spec's")
    func generatorEncodingMatchesSpec() throws {
        let spec = try loadDefaultSpec()
        let numeric = spec.features.filter { $0.type == .numeric }
        #expect(numeric.map(\.name) == SyntheticTruthModel.numeric.map(\.name))
        for (feature, truth) in zip(numeric, SyntheticTruthModel.numeric) {
            #expect(feature.effectiveTransform == truth.transform, "\(feature.name)")
            #expect(feature.clip == truth.clip.map { [$0.0, $0.1] }, "\(feature.name)")
            #expect((feature.effectiveMissing == .indicator) == truth.indicator, "\(feature.name)")
            switch (feature.fill, truth.fill) {
            case (.value(let a)?, .value(let b)): #expect(a == b, "\(feature.name)")
            case (.mean?, .mean), (.median?, .median): break
            case (nil, .value(0)) where !truth.indicator: break
            default: Issue.record("\(feature.name): fill differs between the spec and the generator")
            }
        }
        let age = try #require(spec.features.first { $0.name == SyntheticTruthModel.ageName })
        #expect(age.type == .binned && age.edges == SyntheticTruthModel.ageEdges)
        let referenceBin = SyntheticTruthModel.ageReferenceBin
        let edges = SyntheticTruthModel.ageEdges
        #expect(age.reference == "[\(Int(edges[referenceBin])),\(Int(edges[referenceBin + 1])))")
        let references = Dictionary(uniqueKeysWithValues: spec.features.map { ($0.name, $0.reference) })
        #expect(references["industry"] == SyntheticCatalog.referenceIndustry)
        #expect(references["size_band"] == SyntheticCatalog.referenceSizeBand)
        #expect(references["region"] == SyntheticCatalog.referenceRegion)
    }

    @Test("The labels follow the true model (mean predicted ≈ observed)")
    func labelsFollowTruth() throws {
        let spec = try loadDefaultSpec()
        let history = small.history
        let label = try history.numeric("violation_found")
        var eta = [Double](repeating: small.truth.intercept, count: history.rowCount)
        for feature in spec.features {
            switch feature.type {
            case .categorical:
                let column = try history.categorical(feature.name)
                for i in eta.indices {
                    eta[i] += small.truth.coefficients["\(feature.name)=\(column.levels[Int(column.codes[i])])"] ?? 0
                }
            case .binned:
                let edges = try #require(feature.edges)
                let values = try history.numeric(feature.name)
                for i in eta.indices {
                    let bin = try #require((0..<(edges.count - 1)).first { values[i] >= edges[$0] && values[i] < edges[$0 + 1] })
                    let name = "\(feature.name)=[\(Int(edges[bin])),\(Int(edges[bin + 1])))"
                    eta[i] += small.truth.coefficients[name] ?? 0
                }
            case .numeric:
                let values = try history.numeric(feature.name)
                let beta = try #require(small.truth.coefficients[feature.name])
                for i in eta.indices {
                    var x: Double
                    if values[i].isNaN {
                        x = try #require(small.truth.fills[feature.name])
                        eta[i] += small.truth.coefficients["\(feature.name):missing"] ?? 0
                    } else {
                        x = values[i]
                        if let clip = feature.clip { x = min(max(x, clip[0]), clip[1]) }
                        switch feature.effectiveTransform {
                        case .identity: break
                        case .log1p: x = log1p(x)
                        case .sqrt: x = x.squareRoot()
                        }
                    }
                    eta[i] += beta * x
                }
            }
        }
        let predicted = eta.reduce(0) { $0 + 1 / (1 + exp(-$1)) } / Double(eta.count)
        let observed = label.reduce(0, +) / Double(label.count)
        #expect(abs(predicted - observed) < 0.025, "predicted \(predicted), observed \(observed)")
    }
}

private func sameColumn(_ a: Column?, _ b: Column?) -> Bool {
    switch (a, b) {
    case (.numeric(let x)?, .numeric(let y)?):
        // Bitwise, so NaN (missing) equals NaN.
        return x.count == y.count && zip(x, y).allSatisfy { $0.bitPattern == $1.bitPattern }
    case (.categorical(let x)?, .categorical(let y)?): return x == y
    case (.string(let x)?, .string(let y)?): return x == y
    default: return false
    }
}
