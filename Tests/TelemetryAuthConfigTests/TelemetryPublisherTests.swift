//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import HTTPTypes
@_spi(TelemetryInternals) import TelemetryCore
import TelemetrySinks
import TelemetryTestSupport
import Testing

@testable import TelemetryAuthConfig

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `createTelemetry` and `TelemetryPublisher`: enablement, the hard no-op, destinations,
/// ordering and failure containment (UPSTREAM sections 1-3 and 9: U-1..U-6, R-P1..R-P19).
@Suite("Telemetry publisher", .timeLimit(.minutes(1)))
struct TelemetryPublisherTests {
    /// How long "nothing happened" is watched for.
    static let quietPeriod = Duration.milliseconds(60)

    // MARK: - Init event

    @Test("U-1 / R-P1: an enabled publisher sends init with the id, the detectors and the config")
    func publishesInitWhenEnabled() async throws {
        let log = EventLog()
        var options = enabledOptions(baseURL: "http://localhost.com")
        options.advanced.cookiePrefix = "test"
        options.advanced.crossSubDomainCookies.enabled = true
        options.advanced.crossSubDomainCookies.domain = ".test.com"
        let context = testContext(track: log.track)
        let publisher = await createTelemetry(options: options, context: context)

        #expect(publisher.isEnabled)
        let event = try #require(await log.waitFor(1).first)
        #expect(event.type == "init")
        #expect(event.anonymousId == "anon-123")
        #expect(event.payload["environment"] == "test")
        #expect(event.payload["runtime"] == ["name": "node", "version": "test"])
        #expect(event.payload["database"] == ["name": "postgresql", "version": "1.0.0"])
        #expect(event.payload["framework"] == ["name": "next", "version": "15.0.0"])
        #expect(event.payload["systemInfo"] == mockedSystemInfo)
        #expect(event.payload["packageManager"] == ["name": "cargo", "version": "1.85.0"])
        #expect(event.payload["config"] == telemetryAuthConfig(options: options, context: context))
        #expect(
            Set(event.payload.objectValue?.keys ?? [:].keys) == [
                "config", "runtime", "database", "framework", "environment", "systemInfo", "packageManager",
            ]
        )
        #expect(!json(event.envelope).contains("localhost.com"))
    }

    @Test("initEvent builds the same init event without sending it")
    func initEventMatchesSentEvent() async throws {
        let log = EventLog()
        let options = enabledOptions(baseURL: "https://example.com")
        let context = testContext(track: log.track)
        _ = await createTelemetry(options: options, context: context)
        let sent = try #require(await log.waitFor(1).first)
        #expect(await initEvent(options: options, context: context) == sent)
    }

    // MARK: - Enablement

    @Test(
        "Enablement through the environment and the options (R-P2..R-P8, U-2, U-3, DESIGN 3)",
        arguments: [
            // (SWIFT_AUTH_TELEMETRY, options.telemetry.enabled, expected init events)
            (nil, nil, 0),  // default: off
            ("false", nil, 0),  // U-2 / R-P2
            (nil, false, 0),  // U-3 / R-P3
            ("true", nil, 1),  // R-P4
            ("1", nil, 1),  // R-P5
            ("0", nil, 0),  // R-P6
            ("false", true, 0),  // R-P7: env false is a hard opt-out
            ("true", false, 1),  // R-P8: env true beats the host's false
            ("off", true, 0),  // strict parsing: off is false (upstream: on)
            ("no", true, 0),
            ("maybe", nil, 0),  // invalid never enables
            ("", true, 1),  // empty = unset: the options decide
            (nil, true, 1),
        ] as [(String?, Bool?, Int)]
    )
    func enablement(environmentSwitch: String?, optionsEnabled: Bool?, expected: Int) async {
        let log = EventLog()
        var options = AuthOptions()
        options.baseURL = "http://localhost.com"
        options.telemetry.enabled = optionsEnabled
        var environment: [String: String] = [:]
        environment["SWIFT_AUTH_TELEMETRY"] = environmentSwitch
        let publisher = await createTelemetry(
            options: options,
            context: testContext(environment: environment, track: log.track)
        )
        await publisher.publish(TelemetryEvent(type: "test-event"))
        let events = await log.waitFor(expected + 1, within: expected == 0 ? Self.quietPeriod : .seconds(30))
        #expect(events.filter { $0.type == "init" }.count == expected)
        #expect(publisher.isEnabled == (expected == 1))
    }

    @Test("DO_NOT_TRACK beats every opt-in")
    func doNotTrack() async {
        let log = EventLog()
        let publisher = await createTelemetry(
            options: enabledOptions(),
            context: testContext(environment: ["DO_NOT_TRACK": "1", "SWIFT_AUTH_TELEMETRY": "true"], track: log.track)
        )
        await publisher.publish(TelemetryEvent(type: "test-event"))
        #expect(!publisher.isEnabled)
        #expect(await log.waitFor(1, within: Self.quietPeriod).isEmpty)
    }

    @Test("The consent file: disabled beats SWIFT_AUTH_TELEMETRY=true; enabled turns an unset host on")
    func consentFile() async throws {
        let directory = "/tmp/swift-telemetry-publisher-tests-\(UUID().uuidString)"
        let environment = ["SWIFT_AUTH_TELEMETRY_DIR": directory]
        let consent = try TelemetryConsent(
            tool: "swift-auth",
            environment: isolatedEnvironment.merging(environment) { $1 }
        )

        try consent.store.disable()
        let log = EventLog()
        let optedOut = await createTelemetry(
            options: enabledOptions(),
            context: testContext(
                environment: environment.merging(["SWIFT_AUTH_TELEMETRY": "true"]) { $1 },
                track: log.track
            )
        )
        #expect(!optedOut.isEnabled)
        #expect(optedOut.decision?.source == .consentFile)

        try consent.enable()
        let optedIn = await createTelemetry(
            options: AuthOptions(),
            context: testContext(environment: environment, track: log.track)
        )
        #expect(optedIn.isEnabled)
        #expect(optedIn.decision?.source == .consentFile)
        #expect(await log.waitFor(1).count == 1)
        try consent.store.reset()
    }

    @Test("An invalid switch value is reported on the diagnostics output and never enables")
    func invalidSwitchIsReported() async {
        let output = TextSink()
        var context = testContext(environment: ["SWIFT_AUTH_TELEMETRY": "maybe"], track: EventLog().track)
        context.debugOutput = output.write
        let publisher = await createTelemetry(options: AuthOptions(), context: context)
        #expect(!publisher.isEnabled)
        #expect(output.text.contains("SWIFT_AUTH_TELEMETRY"))
        #expect(TelemetryPublisher.noop.decision == nil)
    }

    @Test("R-P9: a test run suppresses telemetry unless skipTestCheck")
    func testRunSuppresses() async {
        let log = EventLog()
        let context = testContext(environment: ["SWIFT_ENV": "test"], track: log.track, skipTestCheck: false)
        let publisher = await createTelemetry(options: enabledOptions(), context: context)
        await publisher.publish(TelemetryEvent(type: "test-event"))
        #expect(!publisher.isEnabled)
        #expect(await log.waitFor(1, within: Self.quietPeriod).isEmpty)
        // A disabled publisher with a destination checks consent, and does nothing else.
        #expect(context.probe?.count(.consent) == 1)
        #expect(context.probe?.count(.anonymousId) == 0)
        #expect(context.probe?.count(.detection) == 0)
    }

    @Test("The tool names the switches: another tool's variables are ignored")
    func toolPrefix() async {
        let log = EventLog()
        var context = testContext(
            environment: ["MY_AUTH_TELEMETRY": "true", "SWIFT_AUTH_TELEMETRY": "false"],
            track: log.track
        )
        context.tool = "my-auth"
        let publisher = await createTelemetry(options: AuthOptions(), context: context)
        #expect(publisher.isEnabled)
        #expect(await log.waitFor(1).count == 1)
    }

    // MARK: - Hard no-op

    @Test("R-P13 / U-6: no endpoint and no custom track is a hard no-op: no consent, id, detector or POST")
    func hardNoopWithoutDestination() async {
        let transport = RecordingTransport()
        var context = testContext(environment: ["SWIFT_AUTH_TELEMETRY": "true"], transport: transport)
        context.overrides = AuthTelemetryContext.Overrides()  // the real id and detectors, if reached
        let publisher = await createTelemetry(options: enabledOptions(baseURL: "https://example.com"), context: context)
        await publisher.publish(TelemetryEvent(type: "test-event", payload: ["test": "data"]))
        try? await Task.sleep(for: Self.quietPeriod)
        #expect(!publisher.isEnabled)
        #expect(transport.requests.isEmpty)
        #expect(context.probe?.total == 0)
    }

    @Test(
        "R-P19: an empty or blank endpoint is no endpoint",
        arguments: ["", "   "]
    )
    func emptyEndpoint(endpoint: String) async {
        let transport = RecordingTransport()
        var context = testContext(environment: ["SWIFT_AUTH_TELEMETRY_ENDPOINT": endpoint], transport: transport)
        context.overrides = AuthTelemetryContext.Overrides()
        let publisher = await createTelemetry(options: enabledOptions(), context: context)
        await publisher.publish(TelemetryEvent(type: "test-event"))
        try? await Task.sleep(for: Self.quietPeriod)
        #expect(transport.requests.isEmpty)
        #expect(context.probe?.total == 0)
    }

    @Test("The no-op path reads no file: an unreadable working directory and consent dir are never touched")
    func noopTouchesNoFileSystem() async {
        // Every path the publisher could read is a regular file posing as a directory, so any
        // read would fail; the probe proves none was attempted, and creation stays instant.
        var context = testContext(environment: ["SWIFT_AUTH_TELEMETRY_DIR": "/dev/null/consent"])
        context.workingDirectory = "/dev/null/project"
        context.overrides = AuthTelemetryContext.Overrides()
        #expect(await fastestCreation(options: enabledOptions(), context: context) < .milliseconds(50))
        let publisher = await createTelemetry(options: enabledOptions(), context: context)
        #expect(!publisher.isEnabled)
        #expect(context.probe?.total == 0)
    }

    // MARK: - Destinations

    @Test("R-P14: the endpoint receives init as one POST of one JSON envelope")
    func endpointPostsInit() async throws {
        let transport = RecordingTransport()
        let context = testContext(
            environment: ["SWIFT_AUTH_TELEMETRY_ENDPOINT": "https://collector.example.com/track"],
            transport: transport
        )
        let publisher = await createTelemetry(options: enabledOptions(), context: context)
        await waitUntil { transport.requests.count >= 1 }
        try? await Task.sleep(for: Self.quietPeriod)
        #expect(transport.requests.map(\.url) == ["https://collector.example.com/track"])
        let request = try #require(transport.requests.first)
        #expect(request.request.method == .post)
        #expect(request.request.headerFields[.contentType] == "application/json")
        let envelope = try JSONDecoderShim.decode(request.body)
        #expect(envelope["type"] == "init")
        #expect(envelope["anonymousId"] == "anon-123")
        #expect(envelope["payload"]?["config"] != nil)
        #expect(Set(envelope.objectValue?.keys ?? [:].keys) == ["type", "anonymousId", "payload"])

        await publisher.publish(TelemetryEvent(type: "cli_migrate", payload: ["outcome": "migrated"]))
        await waitUntil { transport.requests.count >= 2 }
        #expect(try JSONDecoderShim.decode(transport.requests[1].body)["type"] == "cli_migrate")
    }

    @Test(
        "An endpoint the delivery engine refuses sends nothing and says why",
        arguments: ["http://collector.example.com/track", "https://user:pa55@collector.example.com/track", "not a url"]
    )
    func refusedEndpoint(endpoint: String) async {
        let transport = RecordingTransport()
        let output = TextSink()
        var context = testContext(environment: ["SWIFT_AUTH_TELEMETRY_ENDPOINT": endpoint], transport: transport)
        context.debugOutput = output.write
        let publisher = await createTelemetry(options: enabledOptions(), context: context)
        await publisher.publish(TelemetryEvent(type: "test-event"))
        try? await Task.sleep(for: Self.quietPeriod)
        #expect(!publisher.isEnabled)
        #expect(transport.requests.isEmpty)
        #expect(output.text.hasPrefix("telemetry: "))
        #expect(!output.text.contains("pa55"))
    }

    @Test("Plain http is accepted for a loopback collector")
    func loopbackEndpoint() async {
        let transport = RecordingTransport()
        let context = testContext(
            environment: ["SWIFT_AUTH_TELEMETRY_ENDPOINT": "http://127.0.0.1:4318/track"],
            transport: transport
        )
        let publisher = await createTelemetry(options: enabledOptions(), context: context)
        await publisher.publish(TelemetryEvent(type: "cli_generate"))
        #expect(publisher.isEnabled)
        await waitUntil { transport.requests.count >= 2 }
        #expect(transport.requests.map(\.url) == ["http://127.0.0.1:4318/track", "http://127.0.0.1:4318/track"])
    }

    @Test("A hung collector delays publish at most the wait limits, and creation not at all")
    func hungCollector() async {
        var context = testContext(
            environment: ["SWIFT_AUTH_TELEMETRY_ENDPOINT": "https://collector.example.com/track"],
            transport: HangingTransport()
        )
        context.deliveryWaitLimit = .milliseconds(100)
        #expect(await fastestCreation(options: enabledOptions(), context: context) < .milliseconds(50))
        let publisher = await createTelemetry(options: enabledOptions(), context: context)
        // The collector never answers: returning at all proves the wait is bounded (a hang
        // would trip the suite's time limit).
        let start = ContinuousClock.now
        await publisher.publish(TelemetryEvent(type: "cli_generate"))
        #expect(ContinuousClock.now - start >= .milliseconds(100))
    }

    @Test("R-P15: a custom track wins over the endpoint")
    func customTrackWinsOverEndpoint() async {
        let log = EventLog()
        let transport = RecordingTransport()
        let context = testContext(
            environment: [
                "SWIFT_AUTH_TELEMETRY_ENDPOINT": "https://collector.example.com/track",
                "SWIFT_AUTH_TELEMETRY_DEBUG": "true",
            ],
            track: log.track,
            transport: transport
        )
        _ = await createTelemetry(options: enabledOptions(), context: context)
        #expect(await log.waitFor(1).count == 1)
        try? await Task.sleep(for: Self.quietPeriod)
        #expect(log.count == 1)
        #expect(transport.requests.isEmpty)
    }

    @Test(
        "R-P16 / R-P17: debug mode (option or environment) prints pretty JSON to stderr and posts nothing",
        arguments: [(true, nil), (false, "true"), (false, "1")] as [(Bool, String?)]
    )
    func debugModeSkipsPosting(optionDebug: Bool, environmentDebug: String?) async throws {
        let transport = RecordingTransport()
        let output = TextSink()
        var environment = ["SWIFT_AUTH_TELEMETRY_ENDPOINT": "https://collector.example.com/track"]
        environment["SWIFT_AUTH_TELEMETRY_DEBUG"] = environmentDebug
        var context = testContext(environment: environment, transport: transport)
        context.debugOutput = output.write
        var options = enabledOptions(baseURL: "https://secret-host.example.com")
        options.telemetry.debug = optionDebug
        let publisher = await createTelemetry(options: options, context: context)
        await publisher.publish(TelemetryEvent(type: "cli_generate", payload: ["outcome": "generated"]))
        await waitUntil { output.text.contains("cli_generate") }
        #expect(transport.requests.isEmpty)
        let text = output.text
        #expect(text.hasPrefix("telemetry event {\n  \"anonymousId\": \"anon-123\",\n"))
        #expect(text.contains("\"type\": \"init\""))
        #expect(text.contains("\"type\": \"cli_generate\""))
        #expect(text.contains("\"outcome\": \"generated\""))
        #expect(!text.contains("secret-host"))
        // Init is printed before the later event.
        let initRange = try #require(text.firstRange(of: "\"type\": \"init\""))
        let laterRange = try #require(text.firstRange(of: "\"type\": \"cli_generate\""))
        #expect(initRange.lowerBound < laterRange.lowerBound)
    }

    // MARK: - Ordering, bounds and failures

    @Test("R-P11: createTelemetry does not wait for a custom track that never completes")
    func hungTrackDoesNotBlockCreation() async {
        let started = OneShot()
        let context = testContext(track: { _ in
            started.fire()
            try await Task.sleep(for: .seconds(3600))
        })
        #expect(await fastestCreation(options: enabledOptions(), context: context) < .milliseconds(50))
        await waitUntil { started.hasFired }
        #expect(started.hasFired)
    }

    @Test("A hung init delays later events at most the wait limit, and they are still delivered")
    func hungInitDoesNotHangPublish() async {
        let log = EventLog()
        var context = testContext(track: { event in
            if event.type == "init" { try await Task.sleep(for: .seconds(3600)) }
            log.append(event)
        })
        context.deliveryWaitLimit = .milliseconds(200)
        let publisher = await createTelemetry(options: enabledOptions(), context: context)
        let start = ContinuousClock.now
        await publisher.publish(TelemetryEvent(type: "cli_generate", payload: ["outcome": "generated"]))
        // Returning at all proves the bound (the init never completes); the later event went
        // out although init is still pending.
        #expect(ContinuousClock.now - start >= .milliseconds(150))
        #expect(log.events.map(\.type) == ["cli_generate"])
    }

    @Test("init is delivered before a later event published right after creation")
    func initBeforeLaterEvents() async {
        let log = EventLog()
        let context = testContext(track: { event in
            if event.type == "init" { try await Task.sleep(for: .milliseconds(100)) }
            log.append(event)
        })
        let publisher = await createTelemetry(options: enabledOptions(), context: context)
        await publisher.publish(TelemetryEvent(type: "cli_generate"))
        await publisher.publish(TelemetryEvent(type: "cli_migrate"))
        #expect(await log.waitFor(3).map(\.type) == ["init", "cli_generate", "cli_migrate"])
    }

    @Test("A publish never waits forever on its own hung delivery")
    func hungPublishIsBounded() async {
        var context = testContext(track: { event in
            if event.type != "init" { try await Task.sleep(for: .seconds(3600)) }
        })
        context.deliveryWaitLimit = .milliseconds(100)
        let publisher = await createTelemetry(options: enabledOptions(), context: context)
        let start = ContinuousClock.now
        await publisher.publish(TelemetryEvent(type: "cli_generate"))
        // Its delivery never completes: returning at all proves the bound.
        #expect(ContinuousClock.now - start >= .milliseconds(100))
    }

    @Test("U-4 / R-P10: what a custom track throws never escapes")
    func throwingTrack() async {
        let calls = LockedValue(0)
        let context = testContext(track: { _ in
            calls.withLock { $0 += 1 }
            throw TelemetryError(code: .delivery, message: "test")
        })
        let publisher = await createTelemetry(options: enabledOptions(), context: context)
        await publisher.publish(TelemetryEvent(type: "cli_generate"))
        await waitUntil { calls.withLock { $0 } >= 2 }
        #expect(calls.withLock { $0 } == 2)
    }

    @Test("A failing transport never escapes and later events are still attempted")
    func failingTransport() async {
        let transport = RecordingTransport(fails: true)
        var context = testContext(
            environment: ["SWIFT_AUTH_TELEMETRY_ENDPOINT": "https://collector.example.com/track"],
            transport: transport
        )
        context.deliveryWaitLimit = .milliseconds(200)
        let publisher = await createTelemetry(options: enabledOptions(), context: context)
        await publisher.publish(TelemetryEvent(type: "cli_generate"))
        await waitUntil { transport.requests.count >= 2 }
        #expect(transport.requests.count >= 2)
    }

    @Test("R-P18: publish uses the resolved id and overrides the caller's, payload unchanged")
    func overridesCallerAnonymousId() async throws {
        let log = EventLog()
        var context = testContext(track: log.track)
        context.overrides.anonymousId = "resolved-id"
        let publisher = await createTelemetry(options: enabledOptions(), context: context)
        await publisher.publish(
            TelemetryEvent(type: "cli_generate", anonymousId: "caller-id", payload: ["outcome": "generated"])
        )
        let event = try #require(await log.waitFor(2).first { $0.type == "cli_generate" })
        #expect(event.anonymousId == "resolved-id")
        #expect(event.payload == ["outcome": "generated"])
    }

    @Test("U-5 / R-P12: no project manifest still tracks, with the id of the base URL alone")
    func missingManifestStillTracks() async throws {
        let log = EventLog()
        var context = testContext(track: log.track)
        context.overrides.anonymousId = nil
        let publisher = await createTelemetry(options: enabledOptions(baseURL: "https://example.com"), context: context)
        await publisher.publish(TelemetryEvent(type: "cli_generate"))
        let events = await log.waitFor(2)
        #expect(events.count == 2)
        #expect(events.allSatisfy { $0.anonymousId == AnonymousId.hash("https://example.com") })
        #expect(context.probe?.count(.anonymousId) == 1)
    }

    @Test("The id hashes the base URL and Package.swift's name (UPSTREAM 4.4, end to end)")
    func anonymousIdFromPackageManifest() async throws {
        let directory = "/tmp/swift-telemetry-publisher-manifest-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let manifest = """
            // swift-tools-version:6.1
            import PackageDescription

            let package = Package(
                name: "my-app",
                dependencies: [.package(url: "https://github.com/vapor/vapor.git", from: "4.89.0")]
            )
            """
        try Data(manifest.utf8).write(to: URL(fileURLWithPath: directory + "/Package.swift"))
        var context = testContext()
        context.overrides = AuthTelemetryContext.Overrides()
        context.workingDirectory = directory
        let event = await initEvent(options: enabledOptions(baseURL: "http://localhost.com"), context: context)
        #expect(event.anonymousId == "yfiu5GmgRFP7uxJ74S6XJTARlj6plX8/kymKowkU+6U=")
        // The real detectors ran on that directory, in Node's platform vocabulary.
        #expect(event.payload["framework"]?["name"] == "vapor")
        #expect(event.payload["runtime"]?["name"] == "swift")
        #expect(["linux", "darwin"].contains(event.payload["systemInfo"]?["systemPlatform"]?.stringValue ?? ""))
        #expect(["x64", "arm64"].contains(event.payload["systemInfo"]?["systemArchitecture"]?.stringValue ?? ""))
        #expect(context.probe?.count(.detection) == 1)
        #expect(context.probe?.count(.anonymousId) == 1)
    }

    @Test("A random fallback id stays the same for every event of one publisher")
    func randomIdIsStablePerPublisher() async {
        let log = EventLog()
        var context = testContext(track: log.track)
        context.overrides.anonymousId = nil
        let publisher = await createTelemetry(options: enabledOptions(), context: context)
        await publisher.publish(TelemetryEvent(type: "a"))
        await publisher.publish(TelemetryEvent(type: "b"))
        let ids = Set(await log.waitFor(3).compactMap(\.anonymousId))
        #expect(ids.count == 1)
        #expect(ids.first?.count == 32)
    }

    @Test("Detectors run only when some detector is not overridden")
    func detectionOnlyWhenNeeded() async {
        let log = EventLog()
        let overridden = testContext(track: log.track)
        _ = await createTelemetry(options: enabledOptions(), context: overridden)
        _ = await log.waitFor(1)
        #expect(overridden.probe?.count(.detection) == 0)

        var partial = testContext(track: log.track)
        partial.overrides.systemInfo = nil
        _ = await createTelemetry(options: enabledOptions(), context: partial)
        _ = await log.waitFor(2)
        #expect(partial.probe?.count(.detection) == 1)
    }
}

/// The shortest of three `createTelemetry` calls: the cost of creation itself, without the
/// odd preemption of a loaded machine.
func fastestCreation(options: AuthOptions, context: AuthTelemetryContext) async -> Duration {
    await fastestTime(of: 3) { _ = await createTelemetry(options: options, context: context) }
}

/// A transport whose requests never complete (until cancelled).
struct HangingTransport: HTTPTransport {
    func send(
        _ request: HTTPRequest,
        body: [UInt8],
        timeout: Duration
    ) async throws -> (response: HTTPResponse, body: [UInt8]) {
        try await Task.sleep(for: .seconds(3600))
        return (HTTPResponse(status: .ok), [])
    }
}

/// A flag that flips once, readable from any task.
final class OneShot: Sendable {
    private let flag = LockedValue(false)
    var hasFired: Bool { flag.withLock { $0 } }
    func fire() { flag.withLock { $0 = true } }
}

/// Decodes a JSON body into a `TelemetryValue`.
enum JSONDecoderShim {
    static func decode(_ bytes: [UInt8]) throws -> TelemetryValue {
        try TelemetryValue(jsonBytes: bytes)
    }
}
