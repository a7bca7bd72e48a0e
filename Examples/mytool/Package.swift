// swift-tools-version:6.1
//
// mytool: a small command-line tool that adopts swift-telemetry the way its README says, through
// the package's public API only. It depends on the package by path; CI builds it and drives it
// end to end (Tests/MyToolTests) against a real loopback collector.

import PackageDescription

let package = Package(
    name: "mytool",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "swift-telemetry", path: "../.."),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
    ],
    targets: [
        .executableTarget(
            name: "mytool",
            dependencies: [
                .product(name: "TelemetrySinks", package: "swift-telemetry"),
                .product(name: "TelemetryCommands", package: "swift-telemetry"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/MyTool"
        ),
        .testTarget(
            name: "MyToolTests",
            dependencies: ["mytool"],
            path: "Tests/MyToolTests"
        ),
    ],
    swiftLanguageModes: [.v6]
)
