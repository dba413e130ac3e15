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
    /// The proxies whose `X-Forwarded-For` entries name the client (none by default: the socket peer is
    /// the client). See ``TrustedProxies``.
    public var trustedProxies: TrustedProxies = .none
    /// One proxy in front (``TrustedProxies/count(_:)`` of 1): the client is the entry that proxy appended.
    public var trustForwardedFor: Bool {
        get { trustedProxies != .none }
        set { trustedProxies = newValue ? .count(1) : .none }
    }
    /// Timeouts and connection caps (see ``ConnectionLimits``).
    public var connections = ConnectionLimits()
    /// The date the register describes, for cards of units when the store has no list of this model
    /// and the spec no `as_of_column`; a card on a list takes the list's as-of date.
    public var asOf: String?
    /// Where a card sends the reader: the service's own model card and method pages, the correction form
    /// for each line (the browser's card session fills in the unit and the current value), and whom to contact.
    public var cardLinks = CardLinks(modelCard: "/model-card?lang={lang}", method: "/method?lang={lang}",
                                     contact: CardContact(name: LocalizedText(da: "Arbejdstilsynet", en: "The Danish Working Environment Authority"),
                                                          phone: nil, email: nil),
                                     correction: "/company/correction?lang={lang}&field={field}",
                                     texts: ServiceConfiguration.cardTextsPath)
    /// Where the service serves ``CardTextsDocument``, which its JSON cards name in `texts`.
    public static let cardTextsPath = "/api/v1/company/card-texts"
    /// Serve cards and lists from a model the board has not approved (demos and trials only).
    public var allowUnapproved: Bool = false
    /// The longest list an inspector may ask for in one request; a request is also bounded by the
    /// register's size. A list of a billion rows would otherwise tie a core up for a minute.
    public var maxListRows: Int = 20_000
    /// The store's file name, as the yearly account names where its numbers come from.
    public var storeName: String = "tilsyn.sqlite"

    public init(asOf: String?) {
        self.asOf = asOf
        if let contact = try? CardContact.builtIn() { cardLinks.contact = contact }
    }
}

/// How many card or correction lookups a client may make, and how many wrong codes for one unit.
///
/// Lookups carry an access code, so they are what someone guessing codes would repeat. Both limits are
/// token buckets refilled evenly over `window` seconds, counted per client (an IPv4 address or an IPv6
/// /64): a burst of `perClient` lookups of any unit, and of `perUnit` wrong codes for one unit. A client
/// that has spent its wrong codes for a unit gets 429 for that unit without its code being checked.
///
/// The unit limit is per client on purpose. Counted over all clients (as it once was), ten wrong guesses
/// from anywhere locked the company itself out of its card: a lockout anyone could trigger. Per client, a
/// guesser can spend only its own allowance, and the owner's right code is always checked. What is left to
/// a guesser with many addresses is `perClient` lookups per address per window against 70-bit codes:
/// a million addresses guessing for ten years have about a one-in-ten-million chance of one unit's code.
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
