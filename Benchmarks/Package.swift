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

// The library's traits: its defaults, or the comma-separated list in TELEMETRY_TRAITS (startup.sh
// builds the start-up probe once per transport, each in a scratch path of its own).
let telemetryTraits: Set<Package.Dependency.Trait> = {
    guard let names = Context.environment["TELEMETRY_TRAITS"] else { return [.defaults] }
    return Set(names.split(separator: ",").map { Package.Dependency.Trait(name: String($0)) })
}()

let package = Package(
    name: "swift-telemetry-benchmarks",
    platforms: [.macOS(.v15), .iOS(.v18), .tvOS(.v18), .watchOS(.v11), .visionOS(.v2)],
    dependencies: [
        .package(name: "swift-telemetry", path: "..", traits: telemetryTraits),
        // Only MallocInterposer: its default RuntimeInterposer trait pulls a package that Linux
        // Swift 6.3 builds do not need for the metrics used here (time and malloc counts).
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.6.0"),
    ],
    targets: [
        // What the benchmarks share: the fixtures, the loopback collectors.
        .target(
            name: "BenchmarkSupport",
            dependencies: [.product(name: "TelemetryCore", package: "swift-telemetry")],
            path: "Sources/BenchmarkSupport"
        ),
        .executableTarget(
            name: "TelemetryBenchmarks",
            dependencies: [
                "BenchmarkSupport",
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
        ),
        // record from top-level code with pauses, as a host does: per-call percentiles.
        .executableTarget(
            name: "HostLoop",
            dependencies: [
                "BenchmarkSupport",
                .product(name: "TelemetryCore", package: "swift-telemetry"),
                .product(name: "TelemetrySinks", package: "swift-telemetry"),
            ],
            path: "Sources/HostLoop"
        ),
        // One hot path N times, for callgrind (profile.sh).
        .executableTarget(
            name: "Profile",
            dependencies: [
                "BenchmarkSupport",
                .product(name: "TelemetryCore", package: "swift-telemetry"),
                .product(name: "TelemetrySinks", package: "swift-telemetry"),
            ],
            path: "Sources/Profile"
        ),
        // The start-up benchmark (startup.sh): a minimal tool without and with the package.
        .executableTarget(name: "StartupBaseline", path: "Sources/StartupBaseline"),
        .executableTarget(
            name: "StartupProbe",
            dependencies: [
                .product(name: "TelemetryCore", package: "swift-telemetry"),
                .product(name: "TelemetrySinks", package: "swift-telemetry"),
            ],
            path: "Sources/StartupProbe"
        ),
    ],
    swiftLanguageModes: [.v6]
)
