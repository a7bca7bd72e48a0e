//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

public import Logging
public import TelemetryCore

extension TelemetryContext {
    /// How ``standard(tool:toolVersion:configuration:)`` sets a tool up: where its events go, how
    /// it presents itself to its users, and what it keeps locally.
    ///
    /// Every property has a working default; most tools set ``endpoint`` and nothing else.
    public struct Configuration: Sendable {
        /// The collector the tool sends to when `<TOOL>_TELEMETRY_ENDPOINT` is not set (the
        /// variable wins; set but empty, it sends nothing). `nil`: nothing is sent unless the
        /// variable names an endpoint.
        public var endpoint: String?
        /// Headers, body format, compression, batching and retries of the delivery (a batch
        /// leaves 100 ms after its first event by default: a tool's runs are short).
        public var delivery: HTTPSink.Configuration
        /// How large and how old the spool of unsent events may grow.
        public var spoolLimits: StoreAndForwardSink.Limits
        /// A sink of the host's own, instead of the endpoint (still behind consent, with the
        /// local copy and the filter).
        public var sink: (any TelemetrySink)?
        /// The family whose consent the tool shares (`"foo"` for `foo-lsp`): one answer for every
        /// tool of the family, its `FOO_TELEMETRY` variables and its consent file. Events still
        /// name the tool itself. `nil`: the tool's own consent.
        public var family: String?
        /// How the tool's users reach the telemetry commands, for the notice: `"<tool> telemetry"`
        /// by default (the `TelemetryCommands` group mounted in the tool).
        public var commandPath: String?
        /// The first-run notice; the standard one when `nil`.
        public var notice: TelemetryNotice?
        /// Whether the first-run notice is shown (once, at a terminal, on standard error).
        public var showsNotice: Bool
        /// Whether a local copy of everything sent is kept in the tool's directory
        /// (`events.jsonl`, rotated), so the user can always see what left. On by default.
        public var keepsLocalCopy: Bool
        /// How the local copy rotates: 1 MiB per file, 3 files by default.
        public var localCopyRotation: FileSink.Rotation
        /// Drops or rewrites an event before it reaches any sink (a schema's allowlist, a
        /// redaction). Runs on the caller of `record`: keep it cheap.
        public var filter: (@Sendable (Event) -> Event?)?
        /// The tool's schema (the file its collector enforces and publishes): an event, an
        /// attribute or a value that is not on it is dropped before it leaves the process, and
        /// events are sampled at its rates. `nil` (the default): no schema. Applied before
        /// ``filter``.
        public var schema: TelemetrySchema?
        /// What the host's own options say (row 8 of the consent table): `nil` for nothing.
        public var optionsEnabled: Bool?
        /// The HTTP client; the package's default when `nil`.
        public var transport: (any HTTPTransport)?
        /// Where warnings (a misconfiguration, a failing write) are reported.
        public var logger: Logger
        /// The environment to read; the process's by default.
        public var environment: [String: String]

        /// The base state directory, instead of the XDG config directory (tests).
        var stateDirectory: String?
        /// The running executable, for test-run detection (tests).
        var executablePath: String? = CommandLine.arguments.first
        /// Where the administrator's policy is looked for (tests).
        var adminPolicyPaths: [String] = AdminPolicy.standardPaths
        /// Whether standard error is a terminal, instead of asking the system (tests).
        var isTerminal: Bool?

        /// Creates a configuration.
        ///
        /// - Parameters:
        ///   - endpoint: The default collector (`<TOOL>_TELEMETRY_ENDPOINT` wins).
        ///   - family: The family whose consent the tool shares.
        ///   - commandPath: How users reach the telemetry commands (`"<tool> telemetry"`).
        ///   - logger: Where warnings go.
        ///   - environment: The environment to read.
        public init(
            endpoint: String? = nil,
            family: String? = nil,
            commandPath: String? = nil,
            logger: Logger = Logger(label: "swift-telemetry"),
            environment: [String: String] = RuntimeEnvironment.processEnvironment
        ) {
            self.endpoint = endpoint
            var delivery = HTTPSink.Configuration()
            // A tool's runs are short: a batch leaves 100 ms after its first event rather than 1 s.
            delivery.delivery.scheduleDelay = .milliseconds(100)
            self.delivery = delivery
            self.spoolLimits = StoreAndForwardSink.Limits()
            self.family = family
            self.commandPath = commandPath
            self.showsNotice = true
            self.keepsLocalCopy = true
            self.localCopyRotation = FileSink.Rotation(maximumFileSize: 1 << 20, maximumFiles: 3)
            self.logger = logger
            self.environment = environment
        }
    }
}
