import Hummingbird
import TilsynApplication
import TilsynCore
import TilsynStore

/// The service's words for the parameters of a job: the JSON field names of its requests.
struct ServiceVocabulary: Vocabulary {
    func name(_ parameter: Parameter) -> String {
        switch parameter {
        case .model: "the model"
        case .register: "the register"
        case .asOf: "as_of"
        case .capacity: "capacity"
        case .capacityPerRegion: "capacity_per_region"
        case .randomShare: "random_share"
        case .seed: "seed"
        case .excludeDays: "exclude_days"
        case .excludeIf: "exclude_if"
        case .lastInspectionColumn: "the last-inspection column"
        case .regionColumn: "the region column"
        case .flagColumns: "the flag columns"
        case .language: "language"
        case .allowUnapproved: "the permission to serve an unapproved model"
        case .decision: "decision"
        case .decidedBy: "the token holder's name"
        case .note: "note"
        case .token: "the 'Authorization: Bearer' header"
        case .unit: "unit"
        case .field: "field"
        case .claimedValue: "claimed_value"
        case .message: "message"
        case .contact: "contact"
        case .floorProbability: "floor_probability"
        case .list: "the list"
        case .listID: "list_id"
        case .groupBy: "grouping"
        case .splitDate: "split_date"
        case .evaluationData: "evaluation data"
        case .showColumn: "the shown columns"
        }
    }

    /// A request's value is never repeated back: it may be long, or not meant for a log.
    var quotesValues: Bool { false }
}

/// Turns the jobs' errors into the service's answers: a status and one sentence in the service's words.
enum ServicePhrasing {
    static let words = ServiceVocabulary()

    /// The HTTP error for a job's error, or `nil` for an error the service does not expect (a fault).
    static func httpError(for error: any Error) -> HTTPError? {
        switch error {
        case let error as HTTPError:
            return error
        case let error as JobError:
            if case .notApproved = error {
                return HTTPError(.serviceUnavailable, message: "The model in use does not have the board's approval at present, so no cards or lists are issued.")
            }
            switch error {
            case .boardTokenMissing, .boardTokenInvalid:
                return HTTPError(.unauthorized, headers: [.wwwAuthenticate: #"Bearer realm="tilsyn""#], message: capitalised(error.sentence(in: words)))
            case .boardTokenWrongRole:
                return HTTPError(.forbidden, message: capitalised(error.sentence(in: words)))
            default: break
            }
            return HTTPError(.badRequest, message: error.sentence(in: words))
        case let error as SelectionError:
            return HTTPError(.badRequest, message: "The list cannot be drawn: \(error.sentence(in: words))")
        case let error as CardRefusal:
            switch error {
            case .noMatch: return CardDeskAnswers.noMatch
            case .notInRegister(let unit):
                return HTTPError(.notFound, message: "Your access code is valid, but unit \(Abbreviated.text(unit)) is not in the register this service has loaded.")
            }
        case let error where StoreError.isBusy(error):
            // A write of another `tilsyn` holds the store past the busy timeout: wait, don't fail.
            return HTTPError(.serviceUnavailable, headers: [.retryAfter: "2"],
                             message: "The store is busy with another write; try again in a few seconds.")
        default:
            return nil
        }
    }

    static func capitalised(_ sentence: String) -> String { sentence.prefix(1).uppercased() + sentence.dropFirst() }

    /// Runs `body`, answering a job's error as the service's.
    static func answering<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch {
            throw httpError(for: error) ?? error
        }
    }
}
