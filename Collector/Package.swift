// swift-tools-version:6.1
//
// telemetry-collector: the receiving end of swift-telemetry, in a package of its own (as
// Benchmarks/ is), so that Hummingbird, GRDB, SQLite and SwiftNIO never reach a user of the
// libraries. It depends on the library by path for the event format and the schema.
//
//     swift run --package-path Collector telemetry-collector --port 4380
//     Collector/Scripts/test          # its tests (starts ClickHouse for the tests that need it)
//
// Needs a Swift 6.2 or later toolchain (Hummingbird 2.28 and AsyncHTTPClient 1.37 declare it)
// and, on Linux, the system SQLite (Debian: libsqlite3-dev) and zlib (zlib1g-dev).

import PackageDescription

let package = Package(
    name: "telemetry-collector",
    platforms: [.macOS(.v15), .iOS(.v18), .tvOS(.v18), .watchOS(.v11), .visionOS(.v2)],
    products: [
        .executable(name: "telemetry-collector", targets: ["TelemetryCollectorServer"]),
        .library(name: "TelemetryCollector", targets: ["TelemetryCollector"]),
    ],
    dependencies: [
        // Compression: the tests send gzip through the library's own sinks.
        .package(name: "swift-telemetry", path: "..", traits: [.defaults, "Compression"]),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/adam-fowler/compress-nio.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.0.0"..<"5.0.0"),
    ],
    targets: [
        // The server as a library: routes, validation, rate limit, queue, stores, report.
        .target(
            name: "TelemetryCollector",
            dependencies: [
                .product(name: "TelemetryCore", package: "swift-telemetry"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .executableTarget(
            name: "TelemetryCollectorServer",
            dependencies: [
                "TelemetryCollector",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "TelemetryCollectorTests",
            dependencies: [
                "TelemetryCollector",
                .product(name: "TelemetryCore", package: "swift-telemetry"),
                .product(name: "TelemetrySinks", package: "swift-telemetry"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
