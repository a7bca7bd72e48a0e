//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import Foundation
import Logging
import TelemetryCore
import TelemetryTestSupport
import Testing

@testable import TelemetrySinks

/// Issue 14: one call from a tool name and version to a ready context; store-and-forward; the
/// local copy; opting out sends nothing. Against the real loopback collector and real processes.
@Suite("TelemetryContext.standard and store-and-forward", .serialized, .timeLimit(.minutes(3)))
struct FrontDoorTests {
    /// A configuration isolated in `directory`: its own state directory, no admin policy, not a
    /// test run, the notice off unless asked.
    static func configuration(
        _ directory: TemporaryDirectory,
        environment: [String: String] = [:],
        endpoint: String? = nil
    ) -> TelemetryContext.Configuration {
        var configuration = TelemetryContext.Configuration(
            endpoint: endpoint,
            environment: ["HOME": directory.path].merging(environment) { $1 }
        )
        configuration.stateDirectory = directory.file("config")
        configuration.executablePath = "/usr/local/bin/my-cli"
        configuration.adminPolicyPaths = []
        configuration.isTerminal = false
        configuration.delivery.delivery = DeliveryTestSupport.configuration()
        return configuration
    }

    /// The environment a child process of the test gets: the same isolation.
    static func childEnvironment(_ directory: TemporaryDirectory, _ extra: [String: String]) -> [String: String] {
        ["HOME": directory.path, "XDG_CONFIG_HOME": directory.file("config"), "PATH": "/usr/bin:/bin"].merging(extra) {
            $1
        }
    }

    @Test("with no decision, the context is disabled and nothing is created")
    func disabledByDefault() {
        let directory = TemporaryDirectory()
        let context = TelemetryContext.standard(
            tool: "my-cli",
            toolVersion: "1.0.0",
            configuration: Self.configuration(directory, endpoint: "https://collector.example.com/v1/events")
        )
        #expect(context.policy == .disabled)
        context.record("never")
        #expect(directory.entries().isEmpty)
    }

    @Test("a host that cleared its environment (clearenv) gets a disabled context, not a crash")
    func clearedEnvironmentIsEmpty() async throws {
        let directory = TemporaryDirectory()
        let processes = try await FileSinkConcurrencyTests.runHelper(
            ["cleared-environment"],
            environment: Self.childEnvironment(directory, [:]),
            timeout: .seconds(30)
        )
        let process = try #require(processes.first)
        #expect(process.terminationReason == .exit, "the helper was killed by a signal")
        #expect(process.terminationStatus == 0)
    }

    @Test("with the host's own sink, the local copy still lives in a private (0700) directory")
    func localCopyDirectoryIsPrivate() async throws {
        let directory = TemporaryDirectory()
        var configuration = Self.configuration(directory, environment: ["MY_CLI_TELEMETRY": "1"])
        let memory = MemorySink()
        configuration.sink = memory
        let context = TelemetryContext.standard(tool: "my-cli", toolVersion: "1.0.0", configuration: configuration)
        #expect(context.policy == .enabled)
        context.record("run")
        await context.shutdown(deadline: .now + .seconds(2))
        #expect(memory.snapshot().map(\.name) == ["run"])
        var status = stat()
        #expect(stat(directory.file("config/my-cli"), &status) == 0)
        #expect(status.st_mode & 0o777 == 0o700, "mode \(String(status.st_mode & 0o777, radix: 8))")
        #expect(directory.read("config/my-cli/events.jsonl")?.contains("\"name\":\"run\"") == true)
    }

    @Test("with the tool's schema, nothing off it reaches a sink or the local copy")
    func schemaFiltersBeforeAnySink() async throws {
        let directory = TemporaryDirectory()
        var configuration = Self.configuration(directory, environment: ["MY_CLI_TELEMETRY": "1"])
        let memory = MemorySink()
        configuration.sink = memory
        configuration.schema = TelemetrySchema(
            tool: "my-cli",
            version: 1,
            events: ["run": .init(attributes: ["command": .string(values: ["build"])])]
        )
        let context = TelemetryContext.standard(tool: "my-cli", toolVersion: "1.0.0", configuration: configuration)
        context.record("run", attributes: ["command": "build"])
        context.record("run", attributes: ["command": "cat ~/.ssh/id_rsa"])
        context.record("run", attributes: ["path": "/home/me"])
        context.record("other")
        await context.shutdown(deadline: .now + .seconds(2))
        #expect(memory.snapshot().map { $0.attributes } == [["command": "build"]])
        let copy = try #require(directory.read("config/my-cli/events.jsonl"))
        #expect(copy.split(separator: "\n").count == 1)
        #expect(!copy.contains("ssh") && !copy.contains("/home/me") && !copy.contains("other"))
    }

    @Test("a misconfiguration gives a disabled context and one warning, never a throw")
    func misconfigurationIsDisabled() {
        let directory = TemporaryDirectory()
        let (logger, logs) = RecordingLogHandler.logger()
        var configuration = Self.configuration(
            directory,
            environment: ["MY_CLI_TELEMETRY": "1", "MY_CLI_TELEMETRY_ENDPOINT": "http://collector.example.com/plain"]
        )
        configuration.logger = logger
        #expect(
            TelemetryContext.standard(tool: "my-cli", toolVersion: "1", configuration: configuration).policy
                == .disabled
        )
        #expect(
            TelemetryContext.standard(tool: "../etc", toolVersion: "1", configuration: configuration).policy
                == .disabled
        )
        let warnings = logs.all.filter { $0.level == .warning }
        #expect(warnings.count == 2, "\(logs.all)")
        #expect(warnings.first?.text.contains("plain http") == true)
    }

    @Test(
        "enabled: events reach the collector with the rotated machine id, and the local copy holds exactly what was sent"
    )
    func enabledDeliversAndKeepsALocalCopy() async throws {
        try await withCollector { collector in
            let directory = TemporaryDirectory()
            let configuration = Self.configuration(
                directory,
                environment: ["MY_CLI_TELEMETRY": "1"],
                endpoint: collector.url("/v1/events")
            )
            let consent = try TelemetryConsent(
                tool: "my-cli",
                environment: configuration.environment,
                stateDirectory: directory.file("config"),
                executablePath: "/usr/local/bin/my-cli",
                adminPolicyPaths: []
            )
            try consent.store.reset()  // a rotation in the consent file: the context must use it
            let context = TelemetryContext.standard(tool: "my-cli", toolVersion: "1.2.0", configuration: configuration)
            #expect(context.policy == .enabled)
            #expect(context.machineId == consent.machineId())
            for n in 0..<5 { context.record("run", attributes: ["n": .int(n)]) }
            await context.shutdown(deadline: .now + .seconds(10))

            let received = try await collector.requests().filter(\.wasAccepted).flatMap { try $0.events() }
            #expect(received.map { $0.attributes["n"]?.intValue } == [0, 1, 2, 3, 4])
            #expect(Set(received.map(\.machineId)) == [consent.machineId()])
            #expect(received.allSatisfy { $0.id != nil && $0.tool == "my-cli" && $0.toolVersion == "1.2.0" })
            let copy = try #require(directory.read("config/my-cli/events.jsonl"))
            let copied = try copy.split(separator: "\n").map { try EventDecoder().decode($0) }
            #expect(copied == received, "the local copy is what was sent")
            // Everything was delivered: the spool is empty.
            #expect(directory.entries("config/my-cli/spool").isEmpty)
        }
    }

    @Test("a command-line tool that exits right after recording loses nothing: the next run sends it")
    func exitAtOnceThenTheNextRunSends() async throws {
        try await withCollector { collector in
            // The collector refuses the first run's connection attempts (it is down), so that the
            // event is only in the spool when the process exits.
            try await collector.goDown(for: 2)
            let directory = TemporaryDirectory()
            let environment = Self.childEnvironment(
                directory,
                ["MY_CLI_TELEMETRY": "1", "MY_CLI_TELEMETRY_ENDPOINT": collector.url("/v1/events")]
            )
            let first = try await FileSinkConcurrencyTests.runHelper(
                ["standard", "my-cli", "3"],
                environment: environment,
                timeout: .seconds(30)
            )
            #expect(first.allSatisfy { $0.terminationStatus == 0 })
            let spool = directory.entries("config/my-cli/spool")
            #expect(spool.count == 1, "the first run's segment stays: \(spool)")
            try await Task.sleep(for: .seconds(2))  // the collector is back

            let second = try await FileSinkConcurrencyTests.runHelper(
                ["standard", "my-cli", "1", "recover"],
                environment: environment,
                timeout: .seconds(30)
            )
            #expect(second.allSatisfy { $0.terminationStatus == 0 })
            let received = try await collector.requests(waitingUpTo: .seconds(10)) { requests in
                (try? requests.filter(\.wasAccepted).flatMap { try $0.events() }.count) ?? 0 >= 4
            }
            let events = try received.filter(\.wasAccepted).flatMap { try $0.events() }
            #expect(events.compactMap { $0.attributes["n"]?.intValue }.sorted() == [0, 0, 1, 2])
            #expect(
                Set(events.compactMap(\.id)).count == events.count,
                "each event once here (a collector drops repeats by event_id)"
            )
            #expect(directory.entries("config/my-cli/spool").isEmpty, "delivered segments are deleted")
        }
    }

    @Test(
        "opting out sends nothing: after disable, and under DO_NOT_TRACK, no request at all, and the spool is deleted"
    )
    func optingOutSendsNothing() async throws {
        try await withCollector { collector in
            try await collector.goDown(for: 2)
            let directory = TemporaryDirectory()
            let enabled = Self.childEnvironment(directory, ["MY_CLI_TELEMETRY_ENDPOINT": collector.url("/v1/events")])
            let consent = try TelemetryConsent(tool: "my-cli", environment: enabled)
            try consent.enable()
            _ = try await FileSinkConcurrencyTests.runHelper(
                ["standard", "my-cli", "2"],
                environment: enabled,
                timeout: .seconds(30)
            )
            #expect(directory.entries("config/my-cli/spool").count == 1)
            try await Task.sleep(for: .seconds(2))

            // DO_NOT_TRACK: the next run sends nothing, not even what the spool held.
            _ = try await FileSinkConcurrencyTests.runHelper(
                ["standard", "my-cli", "2", "shutdown"],
                environment: enabled.merging(["DO_NOT_TRACK": "1"]) { $1 },
                timeout: .seconds(30)
            )
            #expect(directory.entries("config/my-cli/spool").isEmpty)
            // disable, then a run with the consent file alone: nothing either.
            try consent.store.disable()
            _ = try await FileSinkConcurrencyTests.runHelper(
                ["standard", "my-cli", "2", "shutdown"],
                environment: enabled,
                timeout: .seconds(30)
            )
            try await Task.sleep(for: .milliseconds(300))
            #expect(try await collector.requests().isEmpty, "an opted-out user's tool sent a request")
        }
    }

    @Test("the spool is bounded: a segment past the age limit, or beyond the size limit, is deleted unsent and counted")
    func spoolLimits() async throws {
        try await withCollector { collector in
            let directory = TemporaryDirectory()
            let spool = directory.file("spool")
            try FileManager.default.createDirectory(atPath: spool, withIntermediateDirectories: true)
            var event = DeliveryTestSupport.event(1)
            event.timestamp = Date()  // recent: only the segment's age decides
            let line = String(decoding: EventEncoder().encode(event), as: UTF8.self) + "\n"
            directory.plant(String(repeating: line, count: 3), as: "spool/1-1-1.jsonl")
            directory.plant(String(repeating: line, count: 2), as: "spool/2-2-2.jsonl")
            // The first is ten days old.
            var times = [
                timeval(tv_sec: time(nil) - 10 * 86_400, tv_usec: 0),
                timeval(tv_sec: time(nil) - 10 * 86_400, tv_usec: 0),
            ]
            #expect(utimes(directory.file("spool/1-1-1.jsonl"), &times) == 0)
            let sink = try StoreAndForwardSink(
                directory: spool,
                endpoint: collector.url("/v1/events"),
                configuration: HTTPSink.Configuration(delivery: DeliveryTestSupport.configuration())
            )
            await sink.waitForRecovery()
            try await sink.flush(deadline: .now + .seconds(10))
            var statistics = sink.statistics
            #expect(statistics.droppedFromSpool == 3, "the old segment's 3 events")
            #expect(statistics.recovered == 2)
            #expect(statistics.delivery.delivered == 2)
            try await sink.shutdown(deadline: .now + .seconds(2))
            #expect(directory.entries("spool").isEmpty)

            // An event older than the age limit, in a recent segment, is dropped too.
            directory.plant(
                String(decoding: EventEncoder().encode(DeliveryTestSupport.event(2)), as: UTF8.self) + "\n" + line,
                as: "spool/3-3-3.jsonl"
            )
            let aging = try StoreAndForwardSink(
                directory: spool,
                endpoint: collector.url("/v1/events"),
                configuration: HTTPSink.Configuration(delivery: DeliveryTestSupport.configuration())
            )
            await aging.waitForRecovery()
            #expect(aging.statistics.droppedFromSpool == 1)
            #expect(aging.statistics.recovered == 1)
            try await aging.shutdown(deadline: .now + .seconds(5))

            // This run's own segment stops at the size limit; what does not fit is still sent.
            let small = try StoreAndForwardSink(
                directory: spool,
                endpoint: collector.url("/v1/events"),
                configuration: HTTPSink.Configuration(delivery: DeliveryTestSupport.configuration()),
                limits: .init(maximumBytes: 4096)
            )
            for n in 0..<40 { small.emit(DeliveryTestSupport.event(n)) }
            statistics = small.statistics
            #expect(statistics.spooled > 0 && statistics.spooled < 40)
            #expect(statistics.droppedSpoolFull == 40 - statistics.spooled)
            try await small.shutdown(deadline: .now + .seconds(5))
            #expect(small.statistics.delivery.delivered == 40)
        }
    }

    @Test("debug prints instead of sending; a family shares one consent; CI reports one fixed id per vendor")
    func debugFamilyAndContinuousIntegration() async throws {
        let directory = TemporaryDirectory()
        // Debug: a DebugSink, no spool, no local copy.
        let debug = TelemetryContext.standard(
            tool: "my-cli",
            toolVersion: "1",
            configuration: Self.configuration(
                directory,
                environment: ["MY_CLI_TELEMETRY": "1", "MY_CLI_TELEMETRY_DEBUG": "1"],
                endpoint: "https://collector.example.com/v1/events"
            )
        )
        #expect(debug.sink is DebugSink)
        #expect(!directory.entries().contains("config") || directory.entries("config/my-cli").isEmpty)

        // A family: FOO_TELEMETRY decides for foo-lsp; its events still name foo-lsp.
        var family = Self.configuration(directory, environment: ["FOO_TELEMETRY": "1"])
        family.family = "foo"
        family.sink = MemorySink()
        let lsp = TelemetryContext.standard(tool: "foo-lsp", toolVersion: "1", configuration: family)
        #expect(lsp.policy == .enabled)
        lsp.record("opened")
        let memory = try #require((lsp.sink as? MultiplexSink)?.sinks.first as? MemorySink)
        #expect(memory.snapshot().map(\.tool) == ["foo-lsp"])
        family.environment["FOO_TELEMETRY"] = "0"
        family.environment["FOO_LSP_TELEMETRY"] = "1"
        #expect(TelemetryContext.standard(tool: "foo-lsp", toolVersion: "1", configuration: family).policy == .disabled)

        // CI: every run on a vendor is one machine.
        var ci = Self.configuration(
            directory,
            environment: ["MY_CLI_TELEMETRY": "1", "CI": "true", "GITHUB_ACTIONS": "true"]
        )
        ci.sink = MemorySink()
        let first = TelemetryContext.standard(tool: "my-cli", toolVersion: "1", configuration: ci)
        ci.environment["HOME"] = directory.file("another-home")  // another ephemeral machine
        let second = TelemetryContext.standard(tool: "my-cli", toolVersion: "1", configuration: ci)
        #expect(
            first.machineId
                == MachineId.derive(salt: "my-cli.telemetry.v1", continuousIntegrationVendor: "github-actions")
        )
        #expect(first.machineId == second.machineId)
        ci.environment["GITHUB_ACTIONS"] = nil
        ci.environment["GITLAB_CI"] = "true"
        #expect(
            TelemetryContext.standard(tool: "my-cli", toolVersion: "1", configuration: ci).machineId != first.machineId
        )
    }

    @Test("the first-run notice is shown once, at a terminal only, and names the tool's own command")
    func firstRunNotice() throws {
        let directory = TemporaryDirectory()
        var configuration = Self.configuration(directory)
        configuration.isTerminal = true
        configuration.commandPath = "my-cli settings telemetry"
        let consent = try TelemetryConsent(
            tool: "my-cli",
            environment: configuration.environment,
            stateDirectory: directory.file("config"),
            executablePath: "/usr/local/bin/my-cli",
            adminPolicyPaths: []
        )
        #expect(
            TelemetryNotice.standard(for: consent, command: "my-cli settings telemetry").shouldShow(
                consent: consent,
                isTerminal: true
            )
        )
        _ = TelemetryContext.standard(tool: "my-cli", toolVersion: "1", configuration: configuration)
        #expect(consent.store.read().record?.noticeVersion == 1, "shown and remembered")
        #expect(!TelemetryNotice.standard(for: consent).shouldShow(consent: consent, isTerminal: true))
        let quiet = TemporaryDirectory()
        _ = TelemetryContext.standard(tool: "my-cli", toolVersion: "1", configuration: Self.configuration(quiet))
        #expect(quiet.entries().isEmpty, "not at a terminal: not shown, nothing written")
    }
}
