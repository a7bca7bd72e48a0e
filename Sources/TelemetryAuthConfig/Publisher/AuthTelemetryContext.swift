//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

public import TelemetryCore
public import TelemetrySinks

/// How the host runs the Better Auth publisher: which tool's switches apply and where events go.
///
/// ```swift
/// var context = AuthTelemetryContext()
/// context.database = "postgresql"
/// context.adapter = "fluent"
/// let telemetry = await createTelemetry(options: options, context: context)
/// ```
///
/// Where events go, first match wins: ``customTrack``, then ``sink``, then
/// `<TOOL>_TELEMETRY_ENDPOINT` (an ``HTTPSink`` sending one Better Auth envelope per request).
/// With none of them, the publisher is a hard no-op.
public struct AuthTelemetryContext: Sendable {
    /// The tool whose switches apply: `"swift-auth"` reads `SWIFT_AUTH_TELEMETRY`,
    /// `SWIFT_AUTH_TELEMETRY_DEBUG`, `SWIFT_AUTH_TELEMETRY_ENDPOINT` and
    /// `SWIFT_AUTH_TELEMETRY_DIR`, and names the events' `tool`.
    public var tool: String = "swift-auth"
    /// The auth library's version, written into each event's `tool_version` (seen in local
    /// copies and by custom sinks; the Better Auth envelope does not carry it).
    public var toolVersion: String = "0.0.0"
    /// The database dialect, for example `"postgresql"` (`config.database`).
    public var database: String?
    /// The database adapter's id, for example `"fluent"` (`config.adapter`).
    public var adapter: String?
    /// Collect even when the process is a test run (`swift test`, `SWIFT_ENV=test`, `TEST`).
    public var skipTestCheck: Bool = false
    /// Do not send `init` from `createTelemetry`; send it with
    /// ``TelemetryPublisher/reportInstall()`` (upstream's `deferInitEvent`), for example from a
    /// background task the host awaits.
    public var deferInitEvent: Bool = false
    /// Receives every event instead of the endpoint. It wins over every other destination and
    /// over debug mode, and counts as a destination by itself. It runs from the background,
    /// behind a bounded queue; what it throws is counted, never thrown at the host.
    public var customTrack: (@Sendable (TelemetryEvent) async throws -> Void)?
    /// Receives every event as an `Event` (its `name` is the type, its `projectId` the
    /// anonymous id, its attributes the payload): a `MultiplexSink` of an envelope `HTTPSink`
    /// and a `FileSink` keeps a local copy, a `FilteringSink` keeps events out. Counts as a
    /// destination; `customTrack` wins over it.
    public var sink: (any TelemetrySink)?
    /// The HTTP client for the endpoint; the package's default when `nil`.
    public var httpTransport: (any HTTPTransport)?
    /// The environment to read; the process environment when `nil`.
    public var environment: [String: String]?
    /// The directory whose `Package.swift` names the project and whose dependencies the
    /// detectors read; the current directory when `nil`.
    public var workingDirectory: String?
    /// How long `publish` waits for the `init` event's delivery before sending anyway, and
    /// how long it waits for its own event's delivery (5 seconds).
    public var deliveryWaitLimit: Duration = .seconds(5)

    /// Fixed values replacing the anonymous id and the detectors (tests and fixtures, through
    /// `@testable import`).
    var overrides = Overrides()
    /// Where debug mode and diagnostics write; standard error when `nil` (tests).
    var debugOutput: (@Sendable (String) -> Void)?
    /// Counts costly steps (tests).
    var probe: CreationProbe?
    /// Where the administrator's policy is looked for (tests).
    var adminPolicyPaths: [String]?

    /// Creates the default context: tool `"swift-auth"`, the process environment and
    /// directory, the real detectors, no custom track.
    public init() {}
}

extension AuthTelemetryContext {
    /// Fixed values replacing the anonymous id and the detectors.
    ///
    /// A detector override of `.null` reports "not detected"; `nil` runs the detector.
    struct Overrides: Sendable {
        var anonymousId: String?
        var runtime: TelemetryValue?
        var database: TelemetryValue?
        var framework: TelemetryValue?
        var environment: TelemetryValue?
        var systemInfo: TelemetryValue?
        var packageManager: TelemetryValue?

        /// Whether every detector is replaced, so no detection has to run.
        var replacesEveryDetector: Bool {
            runtime != nil && database != nil && framework != nil && environment != nil && systemInfo != nil
                && packageManager != nil
        }
    }
}
