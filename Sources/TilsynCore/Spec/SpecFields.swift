import Foundation

/// The fields a spec and a model file may hold — the one list to extend when a field is added.
///
/// `JSONDecoder` ignores keys it does not know, so a typo (`"penatly"`, `"trasform"`) would silently fit
/// a different model than the one written. Before decoding, the JSON is walked against this shape and
/// the first unknown key is refused with its path and the nearest known name. `Models/SPEC.md` documents
/// every field listed here; a test checks that every key the types encode appears here.
public indirect enum JSONShape: Sendable {
    /// An object with exactly these keys (each optional unless the type requires it).
    case object([String: JSONShape])
    /// An array whose elements have this shape.
    case array(JSONShape)
    /// An object with free keys (level names, column names) whose values have this shape.
    case map(JSONShape)
    /// A number, string, boolean or null: checked by the decoder, not here.
    case value
}

public enum SpecFields {
    static let localized: JSONShape = .object(["da": .value, "en": .value])

    public static let feature: JSONShape = .object([
        "name": .value, "type": .value, "transform": .value, "clip": .value, "missing": .value, "fill": .value,
        "reference": .value, "unseen": .value, "edges": .value, "direction": .value, "source": .value,
        "text": localized, "actionable": .value, "disclose": .value, "origin": .value,
        "unit_of_measure": localized, "window": .value, "rationale": localized, "correction": localized,
        // Issue 12 (cards): decoded and documented; used by the card work.
        "advice": .object(["text": localized, "direction": .value, "condition": .value]),
        "labels": .map(localized), "as_of": .value, "as_of_column": .value,
    ])

    public static let spec: JSONShape = .object([
        "name": .value, "version": .value, "unit": .value, "label": .value, "date": .value, "groups": .value,
        "penalty": .object(["l2": .value, "firth": .value]),
        "covariance": .object(["type": .value, "column": .value, "small_sample": .value]),
        "nuisance": .array(.object(["name": .value, "l2": .value, "text": localized, "source": .value])),
        "features": .array(feature),
        "label_definition": localized, "description": localized, "as_of_column": .value,
    ])

    static let coefficient: JSONShape = .object([
        "name": .value, "estimate": .value, "std_error": .value, "z": .value, "p_value": .value,
        "ci_low": .value, "ci_high": .value, "odds_ratio": .value, "profile_ci_low": .value, "profile_ci_high": .value,
    ])

    public static let model: JSONShape = .object([
        "format": .value, "name": .value, "version": .value, "created": .value, "spec": spec,
        "coefficients": .array(coefficient),
        "reference": .map(.value),
        "encoding": .object(["features": .array(.object([
            "feature": .value, "columns": .value, "fill": .value, "reference": .value, "levels": .value,
            "missing_indicator": .value,
        ]))]),
        "constraints": .array(.object(["feature": .value, "column": .value, "direction": .value, "binding": .value])),
        "fit": .object([
            "n": .value, "events": .value, "iterations": .value, "converged": .value, "log_likelihood": .value,
            "deviance": .value, "null_deviance": .value, "aic": .value, "l2": .value, "method": .value,
            "linear_algebra": .value, "warnings": .value, "firth": .value, "penalised_log_likelihood": .value,
            "covariance": .value, "clusters": .value, "interval_method": .value, "separation_test": .value,
        ]),
        "nuisance": .array(.object([
            "feature": .value, "l2": .value, "weighted_mean": .value, "spread": .value, "range": .value,
            "levels": .array(.object(["level": .value, "rows": .value, "estimate": .value, "std_error": .value])),
        ])),
        "training_data": .object(["file": .value, "sha256": .value, "rows": .value, "date_min": .value, "date_max": .value]),
        "fingerprint": .value,
    ])

    /// The first key in `data` that `shape` does not allow, as a ``SpecError`` naming its path and the
    /// nearest allowed name; `nil` when every key is known (or the data is not JSON: the decoder says so).
    public static func unknownField(in data: Data, shape: JSONShape, file: String) -> SpecError? {
        guard let root = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else { return nil }
        return check(root, shape, path: "", file: file)
    }

    private static func check(_ value: Any, _ shape: JSONShape, path: String, file: String) -> SpecError? {
        switch shape {
        case .value:
            return nil
        case .array(let element):
            guard let items = value as? [Any] else { return nil }
            for (i, item) in items.enumerated() {
                if let error = check(item, element, path: "\(path)[\(i)]", file: file) { return error }
            }
            return nil
        case .map(let element):
            guard let object = value as? [String: Any] else { return nil }
            for key in object.keys.sorted() {
                if let error = check(object[key] as Any, element, path: join(path, key), file: file) { return error }
            }
            return nil
        case .object(let fields):
            guard let object = value as? [String: Any] else { return nil }
            for key in object.keys.sorted() {
                guard let inner = fields[key] else {
                    var problem = "unknown field"
                    if let near = nearest(key, among: Array(fields.keys)) { problem += "; did you mean \"\(near)\"?" }
                    return SpecError(file: file, field: join(path, key), problem: problem)
                }
                if let error = check(object[key] as Any, inner, path: join(path, key), file: file) { return error }
            }
            return nil
        }
    }

    private static func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// The allowed name closest to `key` by edit distance, if it is close enough to be a typo.
    static func nearest(_ key: String, among names: [String]) -> String? {
        let scored = names.map { ($0, editDistance(key.lowercased(), $0.lowercased())) }
            .sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }
        guard let best = scored.first, best.1 <= max(2, key.count / 3) else { return nil }
        return best.0
    }

    /// Levenshtein distance, with an adjacent transposition counting as one edit.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let x = Array(a), y = Array(b)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var d = [[Int]](repeating: [Int](repeating: 0, count: y.count + 1), count: x.count + 1)
        for i in 0...x.count { d[i][0] = i }
        for j in 0...y.count { d[0][j] = j }
        for i in 1...x.count {
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] { d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1) }
            }
        }
        return d[x.count][y.count]
    }
}
