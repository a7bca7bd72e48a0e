//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import TelemetryCore
import TelemetryDetectors
import TelemetryTestSupport
import Testing

@Suite("Detected environment", .timeLimit(.minutes(1)))
struct DetectedEnvironmentTests {
    @Test("payloadMembers holds exactly upstream's six init-payload keys")
    func payloadKeys() async throws {
        let detected = await DetectedEnvironment.detect(.host(environment: [:]))
        #expect(
            Set(detected.payloadMembers.keys) == [
                "runtime", "database", "framework", "environment", "systemInfo", "packageManager",
            ]
        )
        #expect(detected.payloadMembers["runtime"] == detected.runtime)
        #expect(detected.payloadMembers["systemInfo"] == detected.systemInfo)
    }

    @Test("a whole payload for a described machine and project, as compact JSON")
    func exactJSON() async throws {
        try await withTemporaryProject { project in
            try project.write(Fixtures.vaporManifest, to: "Package.swift")
            try project.write(Fixtures.vaporResolved, to: "Package.resolved")
            let inputs = DetectionInputs(
                environment: ["SWIFT_ENV": "production", "FLY_REGION": "ams"],
                workingDirectory: project.path,
                system: FixedSystemInformation(
                    platform: "linux",
                    architecture: "x64",
                    release: "6.8.0-45-generic",
                    cpuCount: 2,
                    cpuModel: "AMD EPYC",
                    cpuSpeed: 2445,
                    memory: 25_276_063_744,
                    hasDockerEnvironmentFile: true
                ),
                standardOutputIsTerminal: false,
                executablePath: "/app/Run",
                compilerVersion: "6.3.1",
                isSwiftPackageBuild: true
            )
            let detected = await DetectedEnvironment.detect(inputs)
            #expect(
                TelemetryValue.object(detected.payloadMembers).description == #"""
                    {"database":{"name":"postgresql","version":"1.33.2"},"environment":"production",\#
                    "framework":{"name":"vapor","version":"4.122.3"},"packageManager":{"name":"swiftpm","version":"6.3.1"},\#
                    "runtime":{"name":"swift","version":"6.3.1"},"systemInfo":{"cpuCount":2,"cpuModel":"AMD EPYC","cpuSpeed":2445,\#
                    "deploymentVendor":"fly-io","isCI":false,"isDocker":true,"isTTY":false,"isWSL":false,"memory":25276063744,\#
                    "systemArchitecture":"x64","systemPlatform":"linux","systemRelease":"6.8.0-45-generic"}}
                    """#
            )
        }
    }

    @Test("detect runs off the caller's actor and agrees with detectSynchronously")
    func asyncMatchesSynchronous() async throws {
        try await withTemporaryProject { project in
            try project.write(Fixtures.hummingbirdManifest, to: "Package.swift")
            try project.write(Fixtures.hummingbirdResolved, to: "Package.resolved")
            let inputs = project.inputs()
            let fromActor = await Caller().detect(inputs)
            #expect(fromActor == DetectedEnvironment.detectSynchronously(inputs))
        }
    }

    @Test("the host default reads the real machine and this process")
    func host() async {
        let detected = await DetectedEnvironment.detect(.host(environment: [:]))
        #expect(detected.runtime["name"] == "swift")
        // Run by `swift test`, so a test run.
        #expect(detected.environment == "test")
        #expect(detected.packageManager["name"] == "swiftpm")
        #expect(detected.systemInfo["cpuCount"]?.intValue.map { $0 > 0 } == true)
    }
}

extension DetectedEnvironmentTests {
    @Test("detection of a real-sized project on this machine takes milliseconds, not seconds")
    func detectionIsQuick() async throws {
        try await withTemporaryProject { project in
            try project.write(Fixtures.vaporManifest, to: "Package.swift")
            try project.write(Fixtures.vaporResolved, to: "Package.resolved")
            let inputs = DetectionInputs.host(environment: [:], workingDirectory: project.path)
            var detected: DetectedEnvironment?
            let fastest = await fastestTime(of: 10) { detected = await DetectedEnvironment.detect(inputs) }
            #expect(detected?.framework["name"] == "vapor")
            // One full detection, host probes included, takes about 15 ms in a debug build and
            // 5 ms under AddressSanitizer when run alone; anything super-linear in the project's
            // size would slow every one of the ten.
            #expect(fastest < .milliseconds(500))
        }
    }
}

private actor Caller {
    func detect(_ inputs: DetectionInputs) async -> DetectedEnvironment {
        await DetectedEnvironment.detect(inputs)
    }
}
