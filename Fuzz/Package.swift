// swift-tools-version:6.1
//
// libFuzzer targets for swift-telemetry's parsers of untrusted bytes. A separate package (as
// swift-protobuf's FuzzTesting) so that the fuzzing flags never reach users or the main build.
//
// Build and run (Linux; see run.sh):
//   swift build -c debug --sanitize=fuzzer --sanitize=address -Xswiftc -parse-as-library
// (SwiftPM's --sanitize=fuzzer, not -Xswiftc: it lets libFuzzer provide main)
//   .build/debug/FuzzConsentRecord Corpus/ConsentRecord -max_total_time=60 </dev/null
//
// The logic of every target lives in `FuzzEntries` (one file, also compiled into the main
// package's FuzzCorpusTests through a symbolic link), so `swift test` replays the committed
// corpus through exactly the code the fuzzers run.

import PackageDescription

/// One executable per fuzz target; the name after `Fuzz` is the `FuzzEntry` case's raw value
/// and the corpus directory `Corpus/<name>`.
let fuzzTargets = [
    "ConsentRecord",
    "EnvironmentBoolean",
    "TelemetryValueJSON",
    "TelemetryValueCodable",
    "EventLine",
    "EventCodable",
    "PackageResolved",
    "PackageManifest",
    "EventLogAudit",
    "AuditScanner",
    "TailReader",
]

let package = Package(
    name: "FuzzTesting",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "swift-telemetry", path: "..")
    ],
    targets: [
        .target(
            name: "FuzzEntries",
            dependencies: [
                .product(name: "TelemetryCore", package: "swift-telemetry"),
                .product(name: "TelemetryDetectors", package: "swift-telemetry"),
                .product(name: "TelemetryAudit", package: "swift-telemetry"),
            ]
        )
    ]
        + fuzzTargets.map { name in
            .executableTarget(name: "Fuzz\(name)", dependencies: ["FuzzEntries"])
        },
    swiftLanguageModes: [.v6]
)
