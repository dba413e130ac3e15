import Foundation

extension ModelSpec {
    /// Decodes and validates a spec from JSON bytes.
    ///
    /// Decoding errors are turned into one sentence naming the field (`features[2].type`) and the values
    /// that would have been accepted, because a data scientist editing JSON by hand needs exactly that.
    /// - Parameter file: the name used in error messages.
    /// - Throws: ``SpecError``.
    public static func decode(_ data: Data, file: String) throws(SpecError) -> ModelSpec {
        if let deep = JSONNesting.tooDeep(data) { throw SpecError(file: file, field: "", problem: deep.problem) }
        if let unknown = SpecFields.unknownField(in: data, shape: SpecFields.spec, file: file) { throw unknown }
        let spec: ModelSpec
        do {
            spec = try JSONDecoder().decode(ModelSpec.self, from: data)
        } catch let error as DecodingError {
            throw SpecError(decoding: error, file: file)
        } catch {
            throw SpecError(file: file, field: "", problem: "is not valid JSON (\(error))")
        }
        try spec.validate(file: file)
        return spec
    }

    /// Checks everything that can be checked without data.
    /// - Throws: ``SpecError`` for the first problem found, in spec order.
    public func validate(file: String = "spec") throws(SpecError) {
        func fail(_ field: String, _ problem: String) -> SpecError { SpecError(file: file, field: field, problem: problem) }
        if name.isEmpty { throw fail("name", "must not be empty") }
        if version.isEmpty { throw fail("version", "must not be empty") }
        if unit.isEmpty { throw fail("unit", "must name the unit-id column") }
        if label.isEmpty { throw fail("label", "must name the 0/1 label column") }
        if features.isEmpty { throw fail("features", "must list at least one feature") }
        if let l2 = penalty?.l2, !(l2 >= 0 && l2.isFinite) { throw fail("penalty.l2", "must be a finite number ≥ 0, not \(l2)") }
        if firth && l2 > 0 { throw fail("penalty", "choose either \"l2\" or \"firth\", not both") }
        if let covariance {
            switch covariance.type {
            case .cluster:
                guard let column = covariance.column, !column.isEmpty else {
                    throw fail("covariance.column", "a cluster covariance needs the column whose groups are clustered, e.g. \"company_id\"")
                }
                if column == label { throw fail("covariance.column", "'\(column)' is the label column") }
            case .model, .robust:
                if covariance.column != nil { throw fail("covariance.column", "applies to \"type\": \"cluster\" only") }
            }
            if covariance.type != .model && firth {
                throw fail("covariance", "robust and cluster covariances are not available with Firth's penalty; use \"type\": \"model\"")
            }
        }
        var nuisanceNames = Set<String>()
        for (index, term) in (nuisance ?? []).enumerated() {
            let at = "nuisance[\(index)]"
            if term.name.isEmpty { throw fail("\(at).name", "must not be empty") }
            if !nuisanceNames.insert(term.name).inserted { throw fail("\(at).name", "'\(term.name)' is named twice") }
            if features.contains(where: { $0.name == term.name }) {
                throw fail("\(at).name", "'\(term.name)' is also a feature; a column is either scored or a nuisance term")
            }
            if [unit, label].contains(term.name) || term.name == date {
                throw fail("\(at).name", "'\(term.name)' is the unit, label or date column")
            }
            if let l2 = term.l2, !(l2 > 0 && l2.isFinite) { throw fail("\(at).l2", "must be a finite number > 0, not \(l2)") }
        }
        if firth && !(nuisance ?? []).isEmpty { throw fail("nuisance", "nuisance terms carry a ridge penalty and cannot be combined with Firth's") }
        var seen = Set<String>()
        let reserved = [unit, label] + (date.map { [$0] } ?? [])
        for (index, feature) in features.enumerated() {
            let at = "features[\(index)]"
            if feature.name.isEmpty { throw fail("\(at).name", "must not be empty") }
            if !seen.insert(feature.name).inserted {
                throw fail("\(at).name", "feature '\(feature.name)' is named twice")
            }
            if reserved.contains(feature.name) {
                throw fail("\(at).name", "'\(feature.name)' is the unit, label or date column and cannot also be a feature")
            }
            if feature.name.contains("=") || feature.name.contains(":") {
                throw fail("\(at).name", "feature names may not contain '=' or ':' (they separate encoded column names)")
            }
            try validate(feature, at: at, fail: fail)
        }
    }

    private func validate(_ f: FeatureSpec, at: String, fail: (String, String) -> SpecError) throws(SpecError) {
        let kind = f.type.rawValue
        if let advice = f.advice {
            if f.type != .numeric { throw fail("\(at).advice", "applies to numeric features only, not \(kind)") }
            guard advice.way != nil else {
                throw fail("\(at).advice.direction", "must be \"increase\" or \"decrease\" (the way that improves the working environment), not \(advice.direction.map { "\"\($0)\"" } ?? "absent")")
            }
            if advice.text?.da == nil || advice.text?.en == nil { throw fail("\(at).advice.text", "needs both \"da\" and \"en\"") }
            if let text = advice.condition {
                guard let condition = AdviceCondition(text) else {
                    throw fail("\(at).advice.condition", "must read \"feature op number\" with op one of \(AdviceCondition.Comparison.allCases.map(\.rawValue).joined(separator: " ")), e.g. \"employees >= 10\", not \"\(text)\"")
                }
                guard features.contains(where: { $0.name == condition.feature && $0.type == .numeric }) else {
                    throw fail("\(at).advice.condition", "'\(condition.feature)' is not a numeric feature of this spec")
                }
            }
        }
        if let date = f.asOf, parseISODate(date) == nil { throw fail("\(at).as_of", "must be a date YYYY-MM-DD, not \"\(date)\"") }
        if f.asOf != nil && f.asOfColumn != nil { throw fail("\(at).as_of_column", "give either \"as_of\" or \"as_of_column\", not both") }
        if let labels = f.labels {
            // Numeric features may label exact values (a 0/1 flag as no/yes).
            if f.type == .numeric, let value = labels.keys.sorted().first(where: { Double($0) == nil }) {
                throw fail("\(at).labels.\(value)", "a numeric feature labels exact values such as \"0\" and \"1\", not \"\(value)\"")
            }
            if let level = labels.first(where: { $0.value.da == nil || $0.value.en == nil })?.key {
                throw fail("\(at).labels.\(level)", "needs both \"da\" and \"en\"")
            }
        }
        if let clip = f.clip {
            if f.type == .categorical { throw fail("\(at).clip", "applies to numeric and binned features, not \(kind)") }
            guard clip.count == 2, clip[0] <= clip[1], clip.allSatisfy(\.isFinite) else {
                throw fail("\(at).clip", "must be [lo, hi] with lo ≤ hi")
            }
        }
        if f.transform != nil && f.type != .numeric {
            throw fail("\(at).transform", "applies to numeric features only, not \(kind)")
        }
        if f.fill != nil && f.effectiveMissing != .indicator {
            throw fail("\(at).fill", "needs \"missing\": \"indicator\" (with \"missing\": \"error\" nothing is filled)")
        }
        if f.fill != nil && f.type == .categorical {
            throw fail("\(at).fill", "applies to numeric and binned features; a missing category gets its own indicator column")
        }
        if case .value(let v)? = f.fill, !v.isFinite { throw fail("\(at).fill", "must be a finite number") }
        if f.unseen != nil && f.type != .categorical {
            throw fail("\(at).unseen", "applies to categorical features only, not \(kind)")
        }
        if let direction = f.direction, direction != .any, f.type != .numeric {
            throw fail("\(at).direction", "sign constraints apply to numeric features only, not \(kind)")
        }
        switch f.type {
        case .binned:
            guard let edges = f.edges, edges.count >= 3 else {
                throw fail("\(at).edges", "a binned feature needs at least three edges (two bins), strictly increasing")
            }
            if !edges.allSatisfy(\.isFinite) || zip(edges, edges.dropFirst()).contains(where: { $0 >= $1 }) {
                throw fail("\(at).edges", "must be finite and strictly increasing")
            }
            if let reference = f.reference, !FeatureEncoding.binLabels(edges).contains(reference) {
                throw fail("\(at).reference", "'\(reference)' is not one of the bins \(Abbreviated.list(FeatureEncoding.binLabels(edges)))")
            }
        case .numeric:
            if f.edges != nil { throw fail("\(at).edges", "applies to binned features only") }
            if f.reference != nil { throw fail("\(at).reference", "applies to categorical and binned features only") }
        case .categorical:
            if f.edges != nil { throw fail("\(at).edges", "applies to binned features only") }
        }
    }
}

extension SpecError {
    /// One sentence from a `DecodingError`, naming the field path.
    init(decoding error: DecodingError, file: String) {
        func path(_ keys: [any CodingKey]) -> String {
            var out = ""
            for key in keys {
                if let index = key.intValue { out += "[\(index)]" } else { out += out.isEmpty ? key.stringValue : ".\(key.stringValue)" }
            }
            return out
        }
        switch error {
        case .keyNotFound(let key, let context):
            let parent = path(context.codingPath)
            self.init(file: file, field: parent.isEmpty ? key.stringValue : "\(parent).\(key.stringValue)", problem: "is required but missing")
        case .typeMismatch(let type, let context):
            self.init(file: file, field: path(context.codingPath), problem: "expected \(Self.describe(type))")
        case .valueNotFound(let type, let context):
            self.init(file: file, field: path(context.codingPath), problem: "expected \(Self.describe(type)), found null")
        case .dataCorrupted(let context):
            let field = path(context.codingPath)
            if field.isEmpty {
                self.init(file: file, field: "", problem: "is not valid JSON")
            } else {
                self.init(file: file, field: field, problem: context.debugDescription)
            }
        @unknown default:
            self.init(file: file, field: "", problem: "could not be read (\(error))")
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Double.Type, is Int.Type: "a number"
        case is Bool.Type: "true or false"
        case is [Any].Type: "an array"
        default: "a value of type \(type)"
        }
    }
}

/// Decoding for the spec's enumerations with an error that lists the accepted values.
protocol SpecEnumeration: RawRepresentable, CaseIterable, Decodable where RawValue == String {}

extension SpecEnumeration {
    static func decodeListingCases(from decoder: any Decoder) throws -> Self {
        let container = try decoder.singleValueContainer()
        let raw = try container.decode(String.self)
        guard let value = Self(rawValue: raw) else {
            let accepted = allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "\"\(raw)\" is not one of \(accepted)")
        }
        return value
    }
}

extension FeatureSpec.Kind: SpecEnumeration {
    public init(from decoder: any Decoder) throws { self = try Self.decodeListingCases(from: decoder) }
}
extension FeatureSpec.Transform: SpecEnumeration {
    public init(from decoder: any Decoder) throws { self = try Self.decodeListingCases(from: decoder) }
}
extension FeatureSpec.MissingPolicy: SpecEnumeration {
    public init(from decoder: any Decoder) throws { self = try Self.decodeListingCases(from: decoder) }
}
extension FeatureSpec.UnseenPolicy: SpecEnumeration {
    public init(from decoder: any Decoder) throws { self = try Self.decodeListingCases(from: decoder) }
}
extension FeatureSpec.Direction: SpecEnumeration {
    public init(from decoder: any Decoder) throws { self = try Self.decodeListingCases(from: decoder) }
}
extension ModelSpec.Covariance.Kind: SpecEnumeration {
    public init(from decoder: any Decoder) throws { self = try Self.decodeListingCases(from: decoder) }
}
extension FeatureSpec.Origin: SpecEnumeration {
    public init(from decoder: any Decoder) throws { self = try Self.decodeListingCases(from: decoder) }
}
