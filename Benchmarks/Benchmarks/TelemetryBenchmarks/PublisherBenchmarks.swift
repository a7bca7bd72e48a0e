//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import Benchmark
import BenchmarkSupport
import Foundation
import TelemetryAuthConfig
import TelemetryCore

/// 8. `createTelemetry`: the wall time until it returns with telemetry enabled and every
/// detector running (none overridden), and the time to build the `init` event itself.
func registerPublisherBenchmarks() {
    // A project directory with a Package.swift for the framework and database detectors, and a
    // state directory of its own: the benchmark reads no real consent file and writes nothing
    // outside the temporary directory.
    let directory = Fixtures.temporaryDirectory("publisher")
    try? Data(
        """
        // swift-tools-version:6.1
        import PackageDescription
        let package = Package(
            name: "my-server",
            dependencies: [
                .package(url: "https://github.com/vapor/vapor.git", from: "4.89.0"),
                .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.8.0"),
            ],
            targets: [.executableTarget(name: "App")]
        )
        """.utf8
    ).write(to: URL(fileURLWithPath: directory + "/Package.swift"))

    var context = AuthTelemetryContext()
    context.tool = "my-server"
    context.skipTestCheck = true
    context.workingDirectory = directory
    context.environment = [
        "MY_SERVER_TELEMETRY": "true",
        "XDG_CONFIG_HOME": directory + "/config",
        "HOME": directory,
        "PATH": "/usr/bin:/bin",
    ]
    // Delivery is not what is measured here: the init event goes to a custom track that drops it.
    context.customTrack = { event in blackHole(event) }
    var options = AuthOptions()
    options.baseURL = "https://auth.example.com"
    options.appName = "my-server"
    options.telemetry.enabled = true
    let publisherOptions = options
    let publisherContext = context

    let configuration = Benchmark.Configuration(scalingFactor: .one, maxDuration: .seconds(2), maxIterations: 2000)

    Benchmark("8a createTelemetry, detectors enabled (time to return)", configuration: configuration) { _ in
        blackHole(await createTelemetry(options: publisherOptions, context: publisherContext))
    }

    // The work createTelemetry moves off the caller's path: the snapshot and every detector.
    Benchmark("8b init event built (snapshot + all detectors)", configuration: configuration) { _ in
        blackHole(await initEvent(options: publisherOptions, context: publisherContext))
    }
}
