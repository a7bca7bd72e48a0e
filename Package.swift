// swift-tools-version:6.1
//
// swift-telemetry: opt-in, anonymous, privacy-first usage telemetry for Swift servers and
// command-line tools. The default traits are URLSessionTransport only: a consumer with the
// defaults builds only swift-crypto, swift-log, swift-http-types and swift-argument-parser.
// `traits: ["AsyncHTTPClientTransport"]` (without the defaults) links neither Foundation nor
// FoundationNetworking, for tools that start often (Benchmarks/RESULTS.md, start-up).

import PackageDescription

let package = Package(
    name: "swift-telemetry",
    platforms: [
        // `Atomic` (Synchronization, for event ids) and the Swift 6 standard library
        // (`String(validating:as:)`, typed throws in generic code) need these on Apple platforms.
        .macOS(.v15), .iOS(.v18), .tvOS(.v18), .watchOS(.v11), .visionOS(.v2),
    ],
    products: [
        .library(name: "TelemetryCore", targets: ["TelemetryCore"]),
        .library(name: "TelemetrySinks", targets: ["TelemetrySinks"]),
        .library(name: "TelemetryDetectors", targets: ["TelemetryDetectors"]),
        .library(name: "TelemetryAuthConfig", targets: ["TelemetryAuthConfig"]),
        .library(name: "TelemetryOAuth", targets: ["TelemetryOAuth"]),
        .library(name: "TelemetryAudit", targets: ["TelemetryAudit"]),
        .library(name: "TelemetryCommands", targets: ["TelemetryCommands"]),
        .executable(name: "telemetry", targets: ["TelemetryCLI"]),
    ],
    traits: [
        .default(enabledTraits: ["URLSessionTransport"]),
        .trait(
            name: "URLSessionTransport",
            description: "The default HTTP transport on Linux: Foundation's URLSession (FoundationNetworking and libcurl, loaded at start-up)."
        ),
        .trait(
            name: "AsyncHTTPClientTransport",
            description: "An HTTPTransport backed by AsyncHTTPClient, for servers that already run one."
        ),
        .trait(
            name: "ServiceLifecycleSupport",
            description: "Run the HTTP and OTLP sinks as a swift-service-lifecycle Service."
        ),
        .trait(
            name: "Compression",
            description: "gzip request bodies for the HTTP and OTLP sinks (compress-nio, which needs SwiftNIO's core)."
        ),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-crypto.git", "3.0.0"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.3.0"),
        .package(url: "https://github.com/adam-fowler/compress-nio.git", from: "1.5.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        // Only for the AsyncHTTPClient transport's and gzip's NIOCore/NIOHTTP1 imports.
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.81.0"),
    ],
    targets: [
        .target(
            name: "TelemetryCore",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "TelemetrySinks",
            dependencies: [
                "TelemetryCore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "CompressNIO", package: "compress-nio", condition: .when(traits: ["Compression"])),
                .product(
                    name: "AsyncHTTPClient",
                    package: "async-http-client",
                    condition: .when(traits: ["AsyncHTTPClientTransport"])
                ),
                .product(
                    name: "NIOCore",
                    package: "swift-nio",
                    condition: .when(traits: ["AsyncHTTPClientTransport", "Compression"])
                ),
                .product(
                    name: "NIOHTTP1",
                    package: "swift-nio",
                    condition: .when(traits: ["AsyncHTTPClientTransport"])
                ),
                .product(
                    name: "ServiceLifecycle",
                    package: "swift-service-lifecycle",
                    condition: .when(traits: ["ServiceLifecycleSupport"])
                ),
            ]
        ),
        .target(
            name: "TelemetryDetectors",
            dependencies: ["TelemetryCore"]
        ),
        .target(
            name: "TelemetryAudit",
            dependencies: ["TelemetryCore"]
        ),
        .target(
            name: "TelemetryAuthConfig",
            dependencies: [
                "TelemetryCore", "TelemetrySinks", "TelemetryDetectors",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "TelemetryOAuth",
            dependencies: ["TelemetryAuthConfig", "TelemetryCore"]
        ),
        .target(
            name: "TelemetryCommands",
            dependencies: [
                "TelemetryCore", "TelemetryAudit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "TelemetryCLI",
            dependencies: [
                "TelemetryCore", "TelemetryCommands", "TelemetryAuthConfig", "TelemetrySinks", "TelemetryAudit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),
        // A tiny program the tests spawn: several processes appending to one file, a tool that
        // records and exits at once.
        .executableTarget(
            name: "TelemetryTestHelper",
            dependencies: [
                "TelemetryCore", "TelemetrySinks", "TelemetryCommands",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Tests/TelemetryTestHelper"
        ),
        // What several test targets share (a seeded random generator, a fastest-of-N timer); never a product.
        .target(
            name: "TelemetryTestSupport",
            dependencies: ["TelemetryCore"],
            path: "Tests/TelemetryTestSupport"
        ),
        .testTarget(
            name: "TelemetryCoreTests",
            dependencies: ["TelemetryCore", "TelemetrySinks", "TelemetryTestSupport"]
        ),
        .testTarget(
            name: "TelemetryAuditTests",
            dependencies: ["TelemetryCore", "TelemetryAudit", "TelemetryTestSupport"]
        ),
        .testTarget(
            name: "TelemetrySinksTests",
            dependencies: [
                "TelemetryCore", "TelemetrySinks", "TelemetryTestHelper", "TelemetryTestSupport",
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),
        .testTarget(
            name: "TelemetryDetectorsTests",
            dependencies: ["TelemetryCore", "TelemetryDetectors", "TelemetryTestSupport"]
        ),
        .testTarget(
            name: "TelemetryAuthConfigTests",
            dependencies: [
                "TelemetryCore", "TelemetrySinks", "TelemetryDetectors", "TelemetryAuthConfig", "TelemetryOAuth",
                "TelemetryTestSupport", .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),
        .testTarget(
            name: "TelemetryCLITests",
            dependencies: ["TelemetryCore", "TelemetryCLI", "TelemetryTestHelper", "TelemetryTestSupport"]
        ),
        // Replays Fuzz/Corpus through the fuzz targets' own code (FuzzEntries.swift is a link).
        .testTarget(
            name: "FuzzCorpusTests",
            dependencies: ["TelemetryCore", "TelemetryDetectors", "TelemetryAudit"]
        ),
        // The README's quick start, compiled (DocumentationTests keeps the two identical).
        .executableTarget(
            name: "ReadmeQuickStart",
            dependencies: ["TelemetryCore", "TelemetrySinks"],
            path: "Tests/ReadmeQuickStart"
        ),
        // Keeps Docs/ and README.md true to the code (env vars, payload keys, quick start).
        .testTarget(
            name: "DocumentationTests",
            dependencies: ["TelemetryCore", "TelemetrySinks", "TelemetryAuthConfig", "TelemetryOAuth"]
        ),
    ],
    swiftLanguageModes: [.v6]
)

for target in package.targets {
    var settings = target.swiftSettings ?? []
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    settings.append(.enableUpcomingFeature("MemberImportVisibility"))
    settings.append(.enableUpcomingFeature("InternalImportsByDefault"))
    target.swiftSettings = settings
}
