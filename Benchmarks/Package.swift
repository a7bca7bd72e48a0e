// swift-tools-version:6.1
//
// The benchmarks of swift-telemetry, in a package of their own (as swift-nio does) so that
// package-benchmark and its dependencies never reach the library's users.
//
// Run them all from the repository root:
//
//     swift package --package-path Benchmarks benchmark
//
// See README.md beside this file and RESULTS.md for the numbers.

import PackageDescription

let package = Package(
    name: "swift-telemetry-benchmarks",
    platforms: [.macOS(.v15), .iOS(.v18), .tvOS(.v18), .watchOS(.v11), .visionOS(.v2)],
    dependencies: [
        .package(name: "swift-telemetry", path: ".."),
        // Only MallocInterposer: its default RuntimeInterposer trait pulls a package that Linux
        // Swift 6.3 builds do not need for the metrics used here (time and malloc counts).
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.6.0"),
    ],
    targets: [
        .executableTarget(
            name: "TelemetryBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "TelemetryCore", package: "swift-telemetry"),
                .product(name: "TelemetrySinks", package: "swift-telemetry"),
                .product(name: "TelemetryAuthConfig", package: "swift-telemetry"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/TelemetryBenchmarks",
            plugins: [
                .plugin(name: "BenchmarkPlugin", package: "benchmark")
            ]
        )
    ],
    swiftLanguageModes: [.v6]
)
