import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import ServiceLifecycle
import TilsynCore
import TilsynReports
import TilsynStore
import UnixSignals

/// What every route group shares: the loaded model and register, the store, the clock, the settings and
/// the desks that do the work.
struct ServiceParts: Sendable {
    let served: ServedModel
    let store: TilsynDatabase
    let clock: ServiceClock
    let configuration: ServiceConfiguration
    let cards: CardDesk
    let lists: ListDesk
    let pages: CompanyPages
}

/// Builds and runs the `tilsyn serve` web service (Hummingbird 2).
///
/// Middleware, outermost first: request log (sees every final status), security headers (on error
/// pages too), error mapping (every failure becomes one sentence), body limit. Then the routes: public,
/// company (access code), inspector and board (role tokens); and last the 405 check for known paths.
public enum ServiceApplication {
    /// The router with every route; tests drive it with `app.test(.router)`.
    /// - Throws: ``CardResourceError`` when a template is missing from the build.
    public static func router(
        served: ServedModel, database: TilsynDatabase, configuration: ServiceConfiguration,
        clock: ServiceClock = .system, logger: Logger
    ) throws -> Router<ServiceContext> {
        let cards = CardDesk(
            served: served, store: database, limiter: configuration.lookupLimits.map(LookupLimiter.init), clock: clock,
            renderer: try CardRenderer(), configuration: configuration)
        let lists = ListDesk(served: served, store: database, clock: clock, allowUnapproved: configuration.allowUnapproved,
                             maxRows: configuration.maxListRows)
        let parts = ServiceParts(served: served, store: database, clock: clock, configuration: configuration,
                                 cards: cards, lists: lists, pages: try CompanyPages())

        let router = Router(context: ServiceContext.self)
        router.add(middleware: RequestLogMiddleware(logger: logger))
        router.add(middleware: SecurityHeadersMiddleware())
        router.add(middleware: ErrorResponseMiddleware(logger: logger))
        router.add(middleware: BodyLimitMiddleware(limit: configuration.maxBodyBytes))
        PublicRoutes(parts: parts).register(on: router)
        CompanyRoutes(parts: parts).register(on: router)
        InspectorRoutes(parts: parts).register(on: router)
        BoardRoutes(parts: parts).register(on: router)
        CycleRoutes(parts: parts).register(on: router)
        // Last, so it wraps only the not-found responder (see the type).
        router.add(middleware: MethodNotAllowedMiddleware(routes: router.routes.map { ($0.method.rawValue, $0.path.description) }))
        return router
    }

    /// The application bound to the configured host and port, with the connection deadlines and caps of
    /// ``ConnectionLimits`` and a log line when accepting fails.
    public static func application(
        router: Router<ServiceContext>, configuration: ServiceConfiguration, logger: Logger,
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let limits = configuration.connections
        let descriptors = DescriptorLimit.current
        let total = limits.effectiveTotal(descriptors: descriptors)
        if total > descriptors * 3 / 4 {
            logger.warning("the connection limit leaves few file descriptors for the store and the log", metadata: [
                "max_connections": .stringConvertible(total), "descriptor_limit": .stringConvertible(descriptors),
            ])
        }
        // The per-site cap counts with the per-client one; without a per-client cap, one client holds up to
        // its site's cap, so the site cap alone still bounds a /48.
        let clients = limits.perClient != nil || limits.perSite != nil
            ? ClientConnections(cap: limits.perClient ?? Int.max, siteCap: limits.perSite) : nil
        let proxies = configuration.trustedProxies
        let http = HTTP1Channel.Configuration(
            additionalChannelHandlers: [ConnectionGuard(limits: limits, clients: clients, trustedProxies: proxies, logger: logger)])
        return Application(
            router: router,
            server: .http1(configuration: http),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil,
                                 availableConnectionsDelegate: .maximum(total, logger: logger)),
            onServerRunning: { channel in
                try? await channel.eventLoop.submit {
                    try channel.pipeline.syncOperations.addHandler(AcceptFailureLog(logger: logger, descriptorLimit: descriptors), position: .first)
                }.get()
                await onServerRunning(channel.localAddress?.port ?? configuration.port)
            },
            logger: logger)
    }

    /// Runs until SIGINT or SIGTERM, then stops accepting, lets requests in flight finish and returns.
    public static func run(
        served: ServedModel, database: TilsynDatabase, configuration: ServiceConfiguration, logger: Logger,
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) async throws {
        let router = try router(served: served, database: database, configuration: configuration, logger: logger)
        let app = application(router: router, configuration: configuration, logger: logger, onServerRunning: onServerRunning)
        let group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}
