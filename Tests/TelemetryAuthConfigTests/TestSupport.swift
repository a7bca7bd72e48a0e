//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import HTTPTypes
@_spi(TelemetryInternals) import TelemetryCore
import TelemetrySinks

@testable import TelemetryAuthConfig

/// Everything a custom track received, in order.
final class EventLog: Sendable {
    private let storage = LockedValue<[TelemetryEvent]>([])

    var events: [TelemetryEvent] { storage.withLock { $0 } }
    var count: Int { storage.withLock { $0.count } }

    func append(_ event: TelemetryEvent) { storage.withLock { $0.append(event) } }

    /// A custom track that records into this log.
    var track: @Sendable (TelemetryEvent) async throws -> Void {
        { [self] event in append(event) }
    }

    /// The events once there are at least `count`, or what arrived within `limit`.
    func waitFor(_ count: Int, within limit: Duration = .seconds(30)) async -> [TelemetryEvent] {
        await waitUntil(within: limit) { self.count >= count }
        return events
    }
}

/// An HTTP transport that records requests and answers 200 (or throws, when asked to).
final class RecordingTransport: HTTPTransport {
    /// One request as sent.
    struct Recorded: Sendable {
        var request: HTTPRequest
        var body: [UInt8]
        /// `scheme://authority/path`.
        var url: String { "\(request.scheme ?? "")://\(request.authority ?? "")\(request.path ?? "")" }
    }

    private let storage = LockedValue<[Recorded]>([])
    let fails: Bool

    init(fails: Bool = false) { self.fails = fails }

    var requests: [Recorded] { storage.withLock { $0 } }

    func send(
        _ request: HTTPRequest,
        body: [UInt8],
        timeout: Duration
    ) async throws -> (response: HTTPResponse, body: [UInt8]) {
        storage.withLock { $0.append(Recorded(request: request, body: body)) }
        if fails { throw TelemetryError(code: .delivery, message: "simulated network failure") }
        return (HTTPResponse(status: .ok), [])
    }
}

/// Collects what debug mode writes instead of standard error.
final class TextSink: Sendable {
    private let storage = LockedValue<String>("")
    var text: String { storage.withLock { $0 } }
    var write: @Sendable (String) -> Void { { [self] text in storage.withLock { $0 += text } } }
}

/// Polls `condition` every 2 ms until it holds or `limit` passes. The default limit is long
/// because the whole package's tests share two cores; a condition that holds returns at once.
func waitUntil(within limit: Duration = .seconds(30), _ condition: @Sendable () -> Bool) async {
    let deadline = ContinuousClock.now + limit
    while !condition() && ContinuousClock.now < deadline {
        try? await Task.sleep(for: .milliseconds(2))
    }
}

/// A consent directory that does not exist, so no real consent file is ever read.
let isolatedEnvironment: [String: String] = [
    "SWIFT_AUTH_TELEMETRY_DIR": "/nonexistent/swift-telemetry-tests",
    "HOME": "/nonexistent/swift-telemetry-tests-home",
]

/// The upstream tests' mocked system info.
let mockedSystemInfo: TelemetryValue = [
    "deploymentVendor": nil, "systemPlatform": "darwin", "systemRelease": "24.6.0",
    "systemArchitecture": "arm64", "cpuCount": 8, "cpuModel": "Apple M3", "cpuSpeed": 3200,
    "memory": 17_179_869_184, "isWSL": false, "isDocker": false, "isTTY": true, "isCI": false,
]

/// The upstream tests' "upstream-style hooks": a fixed id and fixed detector results.
func upstreamOverrides(anonymousId: String? = "anon-123") -> AuthTelemetryContext.Overrides {
    var overrides = AuthTelemetryContext.Overrides()
    overrides.anonymousId = anonymousId
    overrides.runtime = ["name": "node", "version": "test"]
    overrides.database = ["name": "postgresql", "version": "1.0.0"]
    overrides.framework = ["name": "next", "version": "15.0.0"]
    overrides.environment = "test"
    overrides.systemInfo = mockedSystemInfo
    overrides.packageManager = ["name": "cargo", "version": "1.85.0"]
    return overrides
}

/// A context for tests: isolated environment (plus `environment`), upstream-style overrides,
/// the test gate skipped, a probe, and the default 5 s delivery wait (the tests share two busy
/// cores, so a shorter wait could give up on a slow but healthy init).
func testContext(
    environment: [String: String] = [:],
    track: (@Sendable (TelemetryEvent) async throws -> Void)? = nil,
    transport: (any HTTPTransport)? = nil,
    skipTestCheck: Bool = true
) -> AuthTelemetryContext {
    var context = AuthTelemetryContext()
    context.environment = isolatedEnvironment.merging(environment) { _, new in new }
    context.customTrack = track
    context.httpTransport = transport
    context.skipTestCheck = skipTestCheck
    context.overrides = upstreamOverrides()
    context.probe = CreationProbe()
    context.deliveryWaitLimit = .seconds(5)
    context.workingDirectory = "/nonexistent/swift-telemetry-tests-project"
    return context
}

/// Options with telemetry enabled by the host.
func enabledOptions(baseURL: String? = nil) -> AuthOptions {
    var options = AuthOptions()
    options.baseURL = baseURL
    options.telemetry = TelemetryOptions(enabled: true)
    return options
}

/// The compact JSON of `value`, for substring checks.
func json(_ value: TelemetryValue) -> String {
    String(decoding: value.jsonBytes, as: UTF8.self)
}

/// The value at a dotted `path` (`"advanced.cookieAttributes.domain"`), or `nil` when a key
/// is missing (a present `null` is `.null`).
func lookup(_ value: TelemetryValue, _ path: String) -> TelemetryValue? {
    var current: TelemetryValue? = value
    for key in path.split(separator: ".") {
        current = current?[String(key)]
    }
    return current
}
