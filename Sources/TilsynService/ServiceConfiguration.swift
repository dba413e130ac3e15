import TilsynCore
import TilsynReports

/// Everything about how the service runs that is not the model, the register or the store.
public struct ServiceConfiguration: Sendable {
    /// Address to bind; loopback by default so nothing is exposed until someone decides to (e.g. behind a proxy).
    public var host: String = "127.0.0.1"
    public var port: Int = 8080
    /// Largest request body accepted (bytes). Every request this service takes is a few hundred bytes of
    /// JSON or form fields, so anything much larger is refused (413) before it is read into memory.
    public var maxBodyBytes: Int = 16 * 1024
    /// Limits on card and correction lookups; `nil` switches them off (benchmarks only).
    public var lookupLimits: LookupLimits? = LookupLimits()
    /// Take the client address from the first `X-Forwarded-For` entry. Only behind a proxy that sets it:
    /// otherwise any client could pick its own rate-limit bucket.
    public var trustForwardedFor: Bool = false
    /// The date the register describes, for cards of units when the store has no list of this model
    /// and the spec no `as_of_column`; a card on a list takes the list's as-of date.
    public var asOf: String?
    /// Where a card sends the reader: the service's own model card and method pages, and whom to contact.
    public var cardLinks = CardLinks(modelCard: "/model-card?lang={lang}", method: "/method?lang={lang}",
                                     contact: CardContact(name: LocalizedText(da: "Arbejdstilsynet", en: "The Danish Working Environment Authority"),
                                                          phone: nil, email: nil))
    /// Serve cards and lists from a model the board has not approved (demos and trials only).
    public var allowUnapproved: Bool = false

    public init(asOf: String?) {
        self.asOf = asOf
        if let contact = try? CardContact.builtIn() { cardLinks.contact = contact }
    }
}

/// How many card or correction lookups a client and a unit may make.
///
/// Lookups carry an access code, so they are what someone guessing codes would repeat. Both limits are
/// token buckets: a burst of `perClient` (`perUnit`) lookups, refilled evenly over `window` seconds.
/// The unit limit also stops a guesser who spreads attempts over many addresses; its price is that a
/// flood against one unit id can make that company wait — the wait is short, and it is audited.
public struct LookupLimits: Sendable, Equatable {
    public var perClient: Int
    public var perUnit: Int
    public var window: Double

    public init(perClient: Int = 20, perUnit: Int = 10, window: Double = 60) {
        precondition(perClient > 0 && perUnit > 0 && window > 0, "limits are positive")
        self.perClient = perClient
        self.perUnit = perUnit
        self.window = window
    }
}
