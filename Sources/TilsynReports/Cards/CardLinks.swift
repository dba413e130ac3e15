import Foundation
import TilsynCore

/// Where a card sends its reader: the model card, the method note, the correction form for each line
/// and whom to contact.
///
/// Each link must lead to something that exists for that reader: the service links its own pages
/// (`/model-card`, `/method`); a card written to a file links files written beside it (relative names),
/// or names no link at all rather than a path that only exists in the source tree.
public struct CardLinks: Sendable, Equatable {
    /// The model card (a URL or a path relative to the card); `nil` when the reader has none to follow.
    public var modelCard: String?
    /// The method note (a URL or a relative path); `nil` when none is published beside the card.
    public var method: String?
    public var contact: CardContact
    /// The correction form for one card line, with `{lang}` and `{field}` (the feature's name) filled in
    /// per line, e.g. the service's `/company/correction?lang={lang}&field={field}`; `nil` when the reader
    /// has no form to go to (a card written to a file), and then the HTML card shows no such links.
    public var correction: String?

    /// Where the lines' correction routes and units are served once for every card (``CardTextsDocument``):
    /// set, a JSON card is written compactly without them (``CardJSON``) and names this in its `texts`
    /// field; `nil` (a card written to a file), the JSON card carries every text itself.
    public var texts: String?

    public init(modelCard: String?, method: String?, contact: CardContact, correction: String? = nil, texts: String? = nil) {
        self.modelCard = modelCard
        self.method = method
        self.contact = contact
        self.correction = correction
        self.texts = texts
    }
}

/// Whom a company calls or writes to about its card: from configuration (`--contact FILE`), by default
/// `Explain/contact.json`.
public struct CardContact: Codable, Sendable, Equatable {
    public var name: LocalizedText
    public var phone: String?
    public var email: String?
    /// Opening hours of the phone line, in words.
    public var hours: LocalizedText?

    public init(name: LocalizedText, phone: String?, email: String?, hours: LocalizedText? = nil) {
        self.name = name
        self.phone = phone
        self.email = email
        self.hours = hours
    }

    /// Decodes a contact file; at least a phone number or an e-mail address, and a name in both languages.
    /// - Throws: ``CardResourceError`` naming the file and what is wrong.
    public static func decode(_ data: Data, file: String) throws(CardResourceError) -> CardContact {
        let contact: CardContact
        do {
            contact = try JSONDecoder().decode(CardContact.self, from: data)
        } catch {
            throw CardResourceError(file: file, reason: "expected {\"name\": {\"da\": …, \"en\": …}, \"phone\": …, \"email\": …} (\(error))", inExplain: false)
        }
        guard contact.name.da?.isEmpty == false, contact.name.en?.isEmpty == false else {
            throw CardResourceError(file: file, reason: "name needs both \"da\" and \"en\"", inExplain: false)
        }
        guard contact.phone?.isEmpty == false || contact.email?.isEmpty == false else {
            throw CardResourceError(file: file, reason: "give a phone number or an e-mail address, or a company cannot reach anyone", inExplain: false)
        }
        return contact
    }

    /// The built-in contact, `Explain/contact.json`.
    /// - Throws: ``CardResourceError`` when the embedded file is absent or broken.
    public static func builtIn() throws(CardResourceError) -> CardContact {
        guard let text = ExplainResources.text("contact.json") else { throw CardResourceError(file: "contact.json", reason: "not embedded") }
        return try decode(Data(text.utf8), file: "Explain/contact.json")
    }
}

/// A label a card must carry above everything else.
public enum CardNotice: Sendable, Equatable {
    /// The model the list was drawn with is no longer approved by the board; the card still explains
    /// why the unit is on the list issued for `listAsOf`.
    case approvalWithdrawn(listAsOf: String)
}
