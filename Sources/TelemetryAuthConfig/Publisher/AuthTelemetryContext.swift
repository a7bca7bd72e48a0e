//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

public import TelemetryCore
public import TelemetrySinks

/// How the host runs the Better Auth publisher: which tool's switches apply, where events go,
/// and, for tests, fixed values instead of the real detectors.
///
/// ```swift
/// var context = AuthTelemetryContext()
/// context.database = "postgresql"
/// context.adapter = "fluent"
/// let telemetry = await createTelemetry(options: options, context: context)
/// ```
public struct AuthTelemetryContext: Sendable {
    /// Fixed values replacing the anonymous id and the detectors, for tests and previews.
    ///
    /// A detector override of `.null` reports "not detected"; `nil` runs the detector.
    public struct Overrides: Sendable {
        /// The anonymous id, instead of the hash of the base URL and the package name.
        public var anonymousId: String?
        /// `payload.runtime`
        public var runtime: TelemetryValue?
        /// `payload.database`
        public var database: TelemetryValue?
        /// `payload.framework`
        public var framework: TelemetryValue?
        /// `payload.environment`
        public var environment: TelemetryValue?
        /// `payload.systemInfo`
        public var systemInfo: TelemetryValue?
        /// `payload.packageManager`
        public var packageManager: TelemetryValue?

        /// Creates overrides that replace nothing.
        public init() {}

        /// Whether every detector is replaced, so no detection has to run.
        var replacesEveryDetector: Bool {
            runtime != nil && database != nil && framework != nil && environment != nil && systemInfo != nil
                && packageManager != nil
        }
    }

    /// The tool whose switches apply: `"swift-auth"` reads `SWIFT_AUTH_TELEMETRY`,
    /// `SWIFT_AUTH_TELEMETRY_DEBUG`, `SWIFT_AUTH_TELEMETRY_ENDPOINT` and
    /// `SWIFT_AUTH_TELEMETRY_DIR`.
    public var tool: String = "swift-auth"
    /// The database dialect, for example `"postgresql"` (`config.database`).
    public var database: String?
    /// The database adapter's id, for example `"fluent"` (`config.adapter`).
    public var adapter: String?
    /// Collect even when the process is a test run (`swift test`, `SWIFT_ENV=test`, `TEST`).
    public var skipTestCheck: Bool = false
    /// Receives every event instead of the endpoint. It wins over the endpoint and debug mode,
    /// and counts as a destination by itself. What it throws is swallowed.
    public var customTrack: (@Sendable (TelemetryEvent) async throws -> Void)?
    /// The HTTP client for the endpoint; the package's default when `nil`.
    public var httpTransport: (any HTTPTransport)?
    /// The environment to read; the process environment when `nil`.
    public var environment: [String: String]?
    /// The directory whose `Package.swift` names the project and whose dependencies the
    /// detectors read; the current directory when `nil`.
    public var workingDirectory: String?
    /// Fixed values replacing the anonymous id and the detectors.
    public var overrides = Overrides()
    /// How long `publish` waits for the `init` event's delivery before sending anyway, and
    /// how long it waits for its own event's delivery (DESIGN: 5 seconds).
    public var deliveryWaitLimit: Duration = .seconds(5)
    /// Where debug mode writes; standard error when `nil`.
    public var debugOutput: (@Sendable (String) -> Void)?
    /// Counts costly steps; for tests.
    package var probe: CreationProbe?

    /// Creates the default context: tool `"swift-auth"`, the process environment and
    /// directory, the real detectors, no custom track.
    public init() {}
}
