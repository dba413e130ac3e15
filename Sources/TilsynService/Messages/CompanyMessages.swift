import TilsynReports
/// A company's request for its card (JSON API or the HTML form; the code travels only in the body).
struct CardRequest: Decodable, Sendable {
    var unit: String
    var code: String
    /// `da` (default) or `en`.
    var language: String?
    /// `json` (default for the API), `html` or `md`.
    var format: String?
    /// `full` (default: every ⚖ field) or `summary` (``CardJSON/summary(_:texts:)``); JSON cards only.
    var detail: String?

    enum CodingKeys: String, CodingKey { case unit, code, language, format, detail }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        unit = try c.decode(String.self, forKey: .unit)
        code = try c.decode(String.self, forKey: .code)
        language = try c.decodeIfGiven(String.self, forKey: .language)
        format = try c.decodeIfGiven(String.self, forKey: .format)
        detail = try c.decodeIfGiven(String.self, forKey: .detail)
    }
}

extension KeyedDecodingContainer {
    /// An optional field: absent is `nil`, but `null` is refused like any other wrong type, as the OpenAPI
    /// document says (it lists no field as nullable), rather than read as absent.
    func decodeIfGiven<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        contains(key) ? try decode(type, forKey: key) : nil
    }
}

/// A company's request to have a value on its card corrected.
struct CorrectionRequest: Decodable, Sendable {
    var unit: String
    var code: String
    /// The card item (feature name) the company says is wrong, or `other`.
    var field: String
    /// What the company says the value should be.
    var claimedValue: String
    var message: String
    /// How the inspectorate reaches the company about it (e-mail or phone), if the company wants.
    var contact: String?
    var language: String?

    enum CodingKeys: String, CodingKey {
        case unit, code, field, message, contact, language
        case claimedValue = "claimed_value"
    }

    init(unit: String, code: String, field: String, claimedValue: String, message: String, contact: String?, language: String?) {
        self.unit = unit
        self.code = code
        self.field = field
        self.claimedValue = claimedValue
        self.message = message
        self.contact = contact
        self.language = language
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        unit = try c.decode(String.self, forKey: .unit)
        code = try c.decode(String.self, forKey: .code)
        field = try c.decode(String.self, forKey: .field)
        claimedValue = try c.decode(String.self, forKey: .claimedValue)
        message = try c.decode(String.self, forKey: .message)
        contact = try c.decodeIfGiven(String.self, forKey: .contact)
        language = try c.decodeIfGiven(String.self, forKey: .language)
    }
}

/// The receipt for a correction request: enough to refer to it, nothing the company did not send.
struct CorrectionReceipt: Encodable, Sendable {
    var id: Int64
    var status: String
    var submittedAt: String

    enum CodingKeys: String, CodingKey {
        case id, status
        case submittedAt = "submitted_at"
    }
}

/// A company page's form as sent, every field optional, so that a page can show the form again with
/// what was typed (never the code) and name the field that is missing in the page's language.
struct PageForm: Decodable, Sendable {
    var unit: String?
    var code: String?
    var language: String?
    var field: String?
    var claimedValue: String?
    var message: String?
    var contact: String?
    var reference: String?

    enum CodingKeys: String, CodingKey {
        case unit, code, language, field, message, contact, reference
        case claimedValue = "claimed_value"
    }

    /// The page's language: the form's `language` (the page's hidden field), Danish when absent.
    /// - Throws: ``PageProblem`` `err_bad_language` for anything but `da` or `en`, so a request the
    ///   OpenAPI document calls invalid is refused (in Danish) rather than answered as if it were valid.
    func pageLanguage() throws -> String {
        guard let language else { return "da" }
        guard CardTexts.languages.contains(language) else { throw PageProblem(key: "err_bad_language") }
        return language
    }

    /// A required field's value.
    /// - Throws: ``PageProblem`` `empty` naming the field's label when it is absent or blank.
    func required(_ value: String?, label: String) throws -> String {
        guard let value, !value.unicodeScalars.allSatisfy(FreeText.isWhiteSpace) else { throw PageProblem(key: "err_empty", label: label) }
        return value
    }
}

/// A problem a company page states in its own language: a key of `service.<lang>.json` and, for field
/// problems, the key of the field's label.
struct PageProblem: Error, Sendable {
    var key: String
    var label: String?
}
