//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import Foundation
import Testing

/// `status`, `enable`, `disable`, `reset` through the real executable and real files.
/// Serialized: each test spawns processes; running them one at a time keeps the CPU burst small
/// for the timing-sensitive suites of the other modules.
@Suite(.serialized, .timeLimit(.minutes(3))) struct ConsentCommandTests {
    @Test func statusJSONHasTheFixedShape() async throws {
        let directory = try CLITestDirectory()
        let result = try await TelemetryProcess.run(
            ["status", "--tool", "my-cli", "--json"],
            environment: directory.environment()
        )
        #expect(result.status == 0)
        let json = try result.json()
        #expect(Set(json.keys) == ["tool", "policy", "source", "reason", "consentFile", "machineId", "localCopy"])
        #expect(json["localCopy"] as? String == directory.file("state/events.jsonl"))
        #expect(json["tool"] as? String == "my-cli")
        #expect(json["policy"] as? String == "disabled")
        #expect(json["source"] as? String == "default")
        #expect(json["consentFile"] as? String == directory.file("state/telemetry.json"))
        #expect(json["machineId"] is NSNull)
        #expect(result.stderr.isEmpty)
    }

    @Test func enableThenStatusThenDisable() async throws {
        let directory = try CLITestDirectory()
        let environment = directory.environment()
        let enable = try await TelemetryProcess.run(["enable", "--tool", "my-cli"], environment: environment)
        #expect(enable.status == 0)
        #expect(enable.stdout == "telemetry enabled for my-cli (stored in \(directory.file("state/telemetry.json")))\n")
        #expect(enable.stderr.contains("MY_CLI_TELEMETRY=0"))  // the notice, on stderr

        let stored = try String(contentsOfFile: directory.file("state/telemetry.json"), encoding: .utf8)
        #expect(stored.hasPrefix("{\"version\":1,\"state\":\"enabled\",\"decidedAt\":\""))
        let mode =
            try FileManager.default.attributesOfItem(atPath: directory.file("state/telemetry.json"))[.posixPermissions]
            as? Int
        #expect(mode == 0o600)

        let status = try await TelemetryProcess.run(["status", "--tool", "my-cli", "--json"], environment: environment)
            .json()
        #expect(status["policy"] as? String == "enabled")
        #expect(status["source"] as? String == "consentFile")
        let machineId = try #require(status["machineId"] as? String)
        #expect(machineId.count == 64 && machineId.allSatisfy { $0.isHexDigit && !$0.isUppercase })

        let human = try await TelemetryProcess.run(["status", "--tool", "my-cli"], environment: environment)
        #expect(human.stdout.contains("telemetry:     enabled"))
        #expect(human.stdout.contains(machineId))

        let disable = try await TelemetryProcess.run(
            ["disable", "--tool", "my-cli", "--json"],
            environment: environment
        )
        #expect(disable.status == 0)
        let after = try disable.json()
        #expect(after["policy"] as? String == "disabled")
        #expect(after["source"] as? String == "consentFile")
        #expect(after["machineId"] is NSNull)
    }

    @Test func statusNamesTheOverridingSource() async throws {
        let directory = try CLITestDirectory()
        #expect(
            try await TelemetryProcess.run(["enable", "--tool", "my-cli"], environment: directory.environment()).status
                == 0
        )
        let result = try await TelemetryProcess.run(
            ["status", "--tool", "my-cli", "--json"],
            environment: directory.environment(["DO_NOT_TRACK": "1"])
        )
        let json = try result.json()
        #expect(json["policy"] as? String == "disabled")
        #expect(json["source"] as? String == "doNotTrack")
        #expect(json["reason"] as? String == "DO_NOT_TRACK=1 is set (overrides the consent file, which says enabled)")
    }

    @Test func invalidValuesAreDiagnosedOnStderrOnly() async throws {
        let directory = try CLITestDirectory()
        let result = try await TelemetryProcess.run(
            ["status", "--tool", "my-cli", "--json"],
            environment: directory.environment(["MY_CLI_TELEMETRY": "sure"])
        )
        #expect(result.status == 0)
        #expect(try result.json()["policy"] as? String == "disabled")
        #expect(result.stderr.contains("MY_CLI_TELEMETRY=\"sure\" is not a boolean"))
    }

    @Test(arguments: [["CI": "true"], ["CI": ""], ["BUILD_ID": "42"], ["CONTINUOUS_INTEGRATION": "1"]])
    func enableUnderCIIsRefusedAndWritesNothing(_ ci: [String: String]) async throws {
        let directory = try CLITestDirectory()
        let result = try await TelemetryProcess.run(
            ["enable", "--tool", "my-cli"],
            environment: directory.environment(ci)
        )
        #expect(result.status == 3)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("refusing to enable telemetry for my-cli under CI"))
        #expect(!FileManager.default.fileExists(atPath: directory.file("state")))
        // Disabling in CI works and persists.
        let disable = try await TelemetryProcess.run(
            ["disable", "--tool", "my-cli"],
            environment: directory.environment(ci)
        )
        #expect(disable.status == 0)
        let status = try await TelemetryProcess.run(
            ["status", "--tool", "my-cli", "--json"],
            environment: directory.environment(ci)
        ).json()
        #expect(status["source"] as? String == "consentFile")
    }

    @Test func resetForgetsConsentAndRotatesTheId() async throws {
        let directory = try CLITestDirectory()
        let environment = directory.environment()
        _ = try await TelemetryProcess.run(["enable", "--tool", "my-cli"], environment: environment)
        let before =
            try await TelemetryProcess.run(["status", "--tool", "my-cli", "--json"], environment: environment).json()[
                "machineId"
            ] as? String
        let reset = try await TelemetryProcess.run(["reset", "--tool", "my-cli", "--json"], environment: environment)
        #expect(reset.status == 0)
        #expect(try reset.json()["source"] as? String == "default")
        _ = try await TelemetryProcess.run(["enable", "--tool", "my-cli"], environment: environment)
        let after =
            try await TelemetryProcess.run(["status", "--tool", "my-cli", "--json"], environment: environment).json()[
                "machineId"
            ] as? String
        #expect(before != nil && after != nil)
        #expect(before != after)
    }

    @Test func unwritableStateIsAnIOError() async throws {
        let directory = try CLITestDirectory()
        try directory.write("not a directory", to: "state")
        let result = try await TelemetryProcess.run(
            ["disable", "--tool", "my-cli"],
            environment: directory.environment()
        )
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("cannot create directory"))
    }

    @Test(arguments: ["../etc", "My-CLI", "a/b", ""])
    func invalidToolNamesAreUsageErrors(_ tool: String) async throws {
        let directory = try CLITestDirectory()
        let result = try await TelemetryProcess.run(["status", "--tool", tool], environment: directory.environment())
        #expect(result.status == 64)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("invalid tool name"))
    }

    @Test func helpDocumentsTheExitCodes() async throws {
        let result = try await TelemetryProcess.run(["--help"], environment: [:])
        #expect(result.status == 0)
        for line in ["0   success", "1   audit", "2   a file could not be read", "3   refused", "64  usage error"] {
            #expect(result.stdout.contains(line), "\(line)")
        }
    }

    @Test("a tool's preview derives no machine id and writes nothing while telemetry is off")
    func previewWhileDisabled() async throws {
        let directory = try CLITestDirectory()
        // The author opts in, the user opts out with DO_NOT_TRACK: off.
        let environment = [
            "HOME": directory.path, "OPTED_IN_HOST_TELEMETRY_DIR": directory.file("state"), "DO_NOT_TRACK": "1",
        ]
        let result = try await TelemetryProcess.run(
            ["preview", "--json"],
            environment: environment,
            program: "TelemetryTestHelper",
            prefix: ["opted-in-host"]
        )
        #expect(result.status == 0)
        let json = try result.json()
        #expect(json["machineId"] is NSNull, "a disabled tool derives no id: \(json)")
        let human = try await TelemetryProcess.run(
            ["preview"],
            environment: environment,
            program: "TelemetryTestHelper",
            prefix: ["opted-in-host"]
        )
        #expect(human.stdout.contains("not derived while telemetry is off"), "\(human.stdout)")
        #expect(!FileManager.default.fileExists(atPath: directory.file("state")), "preview wrote state while disabled")
    }

    @Test("status decides as the tool does: a host's own opt-in shows as enabled, and the user's disable still wins")
    func statusHonoursTheHostsOptIn() async throws {
        let directory = try CLITestDirectory()
        let environment = ["HOME": directory.path, "OPTED_IN_HOST_TELEMETRY_DIR": directory.file("state")]
        let status = try await TelemetryProcess.run(
            ["status", "--json"],
            environment: environment,
            program: "TelemetryTestHelper",
            prefix: ["opted-in-host"]
        ).json()
        #expect(status["policy"] as? String == "enabled")
        #expect(status["source"] as? String == "options")
        #expect((status["machineId"] as? String)?.count == 64)

        let disable = try await TelemetryProcess.run(
            ["disable"],
            environment: environment,
            program: "TelemetryTestHelper",
            prefix: ["opted-in-host"]
        )
        #expect(disable.status == 0)
        let after = try await TelemetryProcess.run(
            ["status", "--json"],
            environment: environment,
            program: "TelemetryTestHelper",
            prefix: ["opted-in-host"]
        ).json()
        #expect(after["policy"] as? String == "disabled")
        #expect(after["source"] as? String == "consentFile")
    }
}
