/// A company's request for its card (JSON API or the HTML form; the code travels only in the body).
struct CardRequest: Decodable, Sendable {
    var unit: String
    var code: String
    /// `da` (default) or `en`.
    var language: String?
    /// `json` (default for the API), `html` or `md`.
    var format: String?
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
