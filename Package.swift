// swift-tools-version: 6.1
import PackageDescription

/// One set of compiler settings for every target (Swift 6 language mode comes from the tools version).
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "Tilsyn",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "tilsyn", targets: ["tilsyn"]),
        .library(name: "TilsynCore", targets: ["TilsynCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.34.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
    ],
    targets: [
        // The only C boundary: LAPACKE and CBLAS from Debian's liblapacke-dev / libopenblas-dev.
        .systemLibrary(
            name: "CLAPACKE",
            pkgConfig: "lapacke",
            providers: [.apt(["liblapacke-dev", "libopenblas-dev"])]
        ),
        // Matrices, LAPACK/BLAS wrappers with typed errors, the IRLS logistic fit. Only importer of CLAPACKE.
        .target(name: "TilsynNumerics", dependencies: ["CLAPACKE"], swiftSettings: swiftSettings),
        // Spec, encoding, fitted model, scoring, selection, fairness, drift, model card. No I/O.
        .target(
            name: "TilsynCore",
            dependencies: ["TilsynNumerics", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),
        // The synthetic register and history of `tilsyn demo` and `tilsyn bench`, and the default spec
        // (Models/grundtilsyn.spec.json, compiled in). Only the CLI and the tests use it.
        .target(
            name: "TilsynSynthetic",
            dependencies: ["TilsynCore"],
            swiftSettings: swiftSettings,
            plugins: ["EmbedFiles"]
        ),
        // CSV reading and writing, atomic file output, JSON.
        .target(
            name: "TilsynIO",
            dependencies: ["TilsynCore", "TilsynNumerics", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),
        // The card and report templates, texts and method note of Explain/ (*.mustache, *.json, *.md), compiled in by the EmbedFiles
        // plugin; ExplainFiles.swift declares the enum that holds them. The method note, screenshots and A4 prints (print-da/, print-en/) are documents.
        .target(
            name: "TilsynExplain",
            path: "Explain",
            exclude: ["METHOD.md", "card-example.en.png", "company-page.png", "modelcard-example.da.png", "screenshots", "print-da", "print-en"],
            swiftSettings: swiftSettings,
            plugins: ["EmbedFiles"]
        ),
        // Markdown, HTML and SVG renderings of cards, lists and reports, from the Mustache templates in Explain/.
        .target(
            name: "TilsynReports",
            dependencies: [
                "TilsynCore", "TilsynIO", "TilsynNumerics", "TilsynExplain",
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            swiftSettings: swiftSettings
        ),
        // The embedded SQLite store (GRDB): model registry, decisions, lists, cards, corrections, access codes,
        // role tokens and the hash-chained audit log. Never imports the CLI.
        .target(
            name: "TilsynStore",
            dependencies: ["TilsynCore", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),
        // The application layer: one type per job (issue a list, disclose a card, record a decision or a
        // correction, build the model card) and the one approval gate, called by both front doors.
        .target(
            name: "TilsynApplication",
            dependencies: ["TilsynCore", "TilsynIO", "TilsynReports", "TilsynStore"],
            swiftSettings: swiftSettings
        ),
        // The web service (Hummingbird 2): company self-service, inspector and board endpoints. Only the CLI imports it.
        // Its OpenAPI document (openapi.json) is compiled in by the EmbedFiles plugin.
        .target(
            name: "TilsynService",
            dependencies: [
                "TilsynApplication", "TilsynCore", "TilsynIO", "TilsynReports", "TilsynStore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
            ],
            exclude: ["openapi.json"],
            swiftSettings: swiftSettings,
            plugins: ["EmbedFiles"]
        ),
        // The commands; kept in a library so tests can drive them in-process.
        .target(
            name: "TilsynCLI",
            dependencies: [
                "TilsynApplication", "TilsynCore", "TilsynIO", "TilsynNumerics", "TilsynReports", "TilsynStore", "TilsynService", "TilsynSynthetic",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(name: "tilsyn", dependencies: ["TilsynCLI"], swiftSettings: swiftSettings),
        // Build time only: compiles text files (templates, texts, the default spec, the OpenAPI document) into
        // the targets that use them, so nothing generated is committed and the binary needs no files at run time.
        .plugin(name: "EmbedFiles", capability: .buildTool(), dependencies: ["tilsyn-embed"]),
        .executableTarget(name: "tilsyn-embed", swiftSettings: swiftSettings),
        .target(
            name: "_TilsynTestSupport",
            dependencies: ["TilsynCore", "TilsynIO", "TilsynSynthetic"],
            path: "Sources/_TilsynTestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TilsynNumericsTests",
            dependencies: ["TilsynNumerics", "_TilsynTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TilsynCoreTests",
            dependencies: ["TilsynCore", "TilsynIO", "_TilsynTestSupport"],
            exclude: ["Fixtures"],
            swiftSettings: swiftSettings
        ),
        // The embedding itself, on files made to break it (raw-string delimiters, carriage returns, control characters).
        .testTarget(name: "TilsynEmbedTests", exclude: ["Fixtures"], swiftSettings: swiftSettings, plugins: ["EmbedFiles"]),
        .testTarget(
            name: "TilsynSyntheticTests",
            dependencies: ["TilsynSynthetic", "TilsynCore", "_TilsynTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TilsynIOTests",
            dependencies: ["TilsynIO", "_TilsynTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TilsynReportsTests",
            dependencies: [
                "TilsynReports", "TilsynCore", "TilsynIO", "TilsynNumerics", "TilsynSynthetic", "_TilsynTestSupport",
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TilsynStoreTests",
            dependencies: ["TilsynStore", "TilsynCore", "_TilsynTestSupport", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TilsynServiceTests",
            dependencies: [
                "TilsynService", "TilsynApplication", "TilsynStore", "TilsynCore", "TilsynReports", "TilsynIO", "TilsynSynthetic", "_TilsynTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TilsynCLITests",
            dependencies: ["TilsynCLI", "TilsynApplication", "TilsynStore", "TilsynSynthetic", "_TilsynTestSupport", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: swiftSettings
        ),
    ]
)
