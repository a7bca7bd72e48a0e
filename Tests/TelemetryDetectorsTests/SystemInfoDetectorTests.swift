//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import TelemetryCore
import TelemetryDetectors
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

@Suite("System information", .timeLimit(.minutes(1)))
struct SystemInfoDetectorTests {
    private func inputs(
        _ system: FixedSystemInformation,
        environment: [String: String] = [:],
        terminal: Bool? = false
    ) -> DetectionInputs {
        DetectionInputs(
            environment: environment,
            workingDirectory: "/nonexistent",
            system: system,
            standardOutputIsTerminal: terminal
        )
    }

    @Test("a described machine gives upstream's systemInfo object, key for key")
    func upstreamShape() {
        // The machine of Better Auth's test mocks (UPSTREAM-CONTRACT 9), plus isCI.
        let mac = FixedSystemInformation(
            platform: "darwin",
            architecture: "arm64",
            release: "24.6.0",
            cpuCount: 8,
            cpuModel: "Apple M3",
            cpuSpeed: 3200,
            memory: 17_179_869_184
        )
        let expected: TelemetryValue = [
            "deploymentVendor": nil, "systemPlatform": "darwin", "systemRelease": "24.6.0",
            "systemArchitecture": "arm64",
            "cpuCount": 8, "cpuModel": "Apple M3", "cpuSpeed": 3200, "memory": 17_179_869_184,
            "isWSL": false, "isDocker": false, "isTTY": true, "isCI": false,
        ]
        #expect(SystemInfoDetector.detect(inputs(mac, terminal: true)) == expected)
    }

    @Test("every key is present, null when unknown; never omitted")
    func unknownMachine() throws {
        let info = SystemInfoDetector.detect(inputs(FixedSystemInformation(), terminal: nil))
        let object = try #require(info.objectValue)
        #expect(Set(object.keys) == Set(SystemInfoDetector.keys))
        #expect(object.count == 12)
        for key in [
            "deploymentVendor", "systemPlatform", "systemRelease", "systemArchitecture", "cpuCount", "cpuModel",
            "cpuSpeed",
            "memory", "isTTY",
        ] {
            #expect(object[key] == .null, "\(key)")
        }
        #expect(object["isWSL"] == false)
        #expect(object["isDocker"] == false)
        #expect(object["isCI"] == false)
    }

    @Test("isTTY follows standard output: true, false for a pipe, null without stdout")
    func tty() {
        #expect(SystemInfoDetector.detect(inputs(FixedSystemInformation(), terminal: true))["isTTY"] == true)
        #expect(SystemInfoDetector.detect(inputs(FixedSystemInformation(), terminal: false))["isTTY"] == false)
        #expect(SystemInfoDetector.detect(inputs(FixedSystemInformation(), terminal: nil))["isTTY"] == .null)
    }

    @Test("a Docker container on Fly.io under CI")
    func containerVendorCI() {
        let system = FixedSystemInformation(platform: "linux", architecture: "x64", hasDockerEnvironmentFile: true)
        let info = SystemInfoDetector.detect(inputs(system, environment: ["FLY_APP_NAME": "api", "CI": ""]))
        #expect(info["deploymentVendor"] == "fly-io")
        #expect(info["isDocker"] == true)
        #expect(info["isWSL"] == false)
        #expect(info["isCI"] == true)
    }

    @Test("R-D13: on this machine, platform and architecture in Node's vocabulary, cpuCount an integer, isTTY a bool")
    func host() throws {
        let info = SystemInfoDetector.detect(.host(environment: [:]))
        let object = try #require(info.objectValue)
        #expect(object.count == 12)
        #if os(Linux)
        #expect(info["systemPlatform"] == "linux")
        #elseif os(macOS)
        #expect(info["systemPlatform"] == "darwin")
        #endif
        #if arch(x86_64)
        #expect(info["systemArchitecture"] == "x64")
        #elseif arch(arm64)
        #expect(info["systemArchitecture"] == "arm64")
        #endif
        #expect(try #require(info["cpuCount"]?.intValue) > 0)
        #expect(info["isTTY"]?.boolValue != nil)
        #expect(info["isCI"] == false)
        #expect(info["deploymentVendor"] == .null)
    }

    @Test("the host's isTTY is whether descriptor 1 is a terminal (under swift test: usually a pipe)")
    func hostTTY() {
        let inputs = DetectionInputs.host(environment: [:])
        #expect(inputs.standardOutputIsTerminal == (isatty(STDOUT_FILENO) == 1))
        #expect(SystemInfoDetector.detect(inputs)["isTTY"] == .bool(isatty(STDOUT_FILENO) == 1))
    }
}
