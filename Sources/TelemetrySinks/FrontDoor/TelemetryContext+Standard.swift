//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import Logging
public import TelemetryCore

extension TelemetryContext {
    /// The context of a tool, ready to record: the user's consent resolved, the first-run notice
    /// shown, the anonymous machine id chosen, and the sinks picked from the configuration.
    ///
    /// ```swift
    /// let telemetry = TelemetryContext.standard(tool: "my-cli", toolVersion: "1.2.0",
    ///                                           configuration: .init(endpoint: "https://telemetry.example.com/v1/events"))
    /// telemetry.record("command_run", attributes: ["command": "build"])
    /// ```
    ///
    /// What it does, in order:
    ///
    /// 1. **Consent** (``TelemetryConsent/decide(optionsEnabled:skipTestCheck:)``): the
    ///    administrator's policy, `DO_NOT_TRACK`, `<TOOL>_TELEMETRY`, the consent file, the
    ///    test-run check, the host's ``Configuration/optionsEnabled``. With a
    ///    ``Configuration/family``, the family's consent applies (one answer for `foo`,
    ///    `foo-lsp` and `foo-format`).
    /// 2. **The first-run notice** on standard error, once, only at a terminal, naming the
    ///    tool's own command (``Configuration/commandPath``, `<tool> telemetry` by default).
    /// 3. **Disabled**: a context that does nothing, and, when the user opted out explicitly,
    ///    the spool of events not yet sent is deleted: opting out sends nothing.
    /// 4. **Enabled**: the machine id is the salted host id with the consent file's rotation (a
    ///    `reset` changes it), or one fixed id per CI vendor in a CI run. Events go to:
    ///    - `<TOOL>_TELEMETRY_DEBUG=1`: standard error (``DebugSink``), nothing sent;
    ///    - else ``Configuration/sink`` when the host gives one, else the endpoint
    ///      (`<TOOL>_TELEMETRY_ENDPOINT`, else ``Configuration/endpoint``) through a
    ///      ``StoreAndForwardSink`` in the tool's `spool/` directory;
    ///    - and a local copy of everything sent, `events.jsonl` in the tool's directory
    ///      (rotated), on by default: the user can always see what left (`<tool> telemetry tail`).
    ///
    /// It never throws and never stops the host: a misconfiguration (an invalid tool name, an
    /// endpoint the sinks refuse) gives a disabled context and one warning through
    /// ``Configuration/logger``. It reads the consent and policy files, and, when enabled,
    /// creates the spool and local copy; it never touches the network (delivery starts in the
    /// background).
    ///
    /// - Parameters:
    ///   - tool: The tool's name (`my-cli`), as its users see it in `my-cli telemetry status`.
    ///   - toolVersion: The tool's version, written into every event.
    ///   - configuration: Where events go and how the tool presents itself.
    public static func standard(
        tool: String,
        toolVersion: String,
        configuration: Configuration = Configuration()
    ) -> TelemetryContext {
        let logger = configuration.logger
        func disabled(_ warning: String? = nil) -> TelemetryContext {
            if let warning { logger.warning("Telemetry is off: \(warning)") }
            return TelemetryContext(tool: tool, toolVersion: toolVersion, sink: NoopSink(), policy: .disabled) { "" }
        }
        do {
            try ConsentStore.validate(tool: tool)
        } catch {
            return disabled(error.message)
        }
        let consent: TelemetryConsent
        do {
            consent = try TelemetryConsent(
                tool: configuration.family ?? tool,
                environment: configuration.environment,
                stateDirectory: configuration.stateDirectory,
                executablePath: configuration.executablePath,
                adminPolicyPaths: configuration.adminPolicyPaths
            )
        } catch {
            return disabled(error.message)
        }

        let decision = consent.decide(optionsEnabled: configuration.optionsEnabled)
        for diagnostic in decision.diagnostics {
            logger.warning("Telemetry: \(diagnostic)")
        }
        if configuration.showsNotice {
            let notice =
                configuration.notice
                ?? TelemetryNotice.standard(for: consent, command: configuration.commandPath ?? "\(tool) telemetry")
            notice.showIfNeeded(
                consent: consent,
                isTerminal: configuration.isTerminal ?? TelemetryNotice.standardErrorIsTerminal
            )
        }

        guard decision.policy == .enabled else {
            switch decision.source {
            case .adminPolicy, .doNotTrack, .environment, .consentFile:
                // An explicit opt-out: what was stored for sending before it never leaves.
                consent.store.removeSpool()
            case .testRun, .options, .default:
                break
            }
            return disabled()
        }

        var sinks: [any TelemetrySink] = []
        let variables = consent.variables
        if consent.debugSwitch == .true {
            sinks.append(DebugSink(format: configuration.delivery.format))
        } else {
            if let sink = configuration.sink {
                sinks.append(sink)
            } else if let endpoint = endpoint(consent.endpointOverride, default: configuration.endpoint) {
                guard let spool = consent.store.spoolDirectory else {
                    return disabled(
                        "there is no home directory to keep the spool in; set HOME or \(variables.directory)"
                    )
                }
                do {
                    sinks.append(
                        try StoreAndForwardSink(
                            directory: spool,
                            endpoint: endpoint,
                            configuration: configuration.delivery,
                            limits: configuration.spoolLimits,
                            transport: configuration.transport ?? StandardHTTPTransport(),
                            logger: logger
                        )
                    )
                } catch {
                    return disabled("\(variables.endpoint) or the configured endpoint cannot be used: \(error.message)")
                }
            } else {
                // Enabled, but this build has nowhere to send: nothing to record.
                logger.debug("Telemetry is enabled but has no endpoint; nothing is recorded")
                return disabled()
            }
            if configuration.keepsLocalCopy, let path = consent.store.localCopyPath {
                do throws(TelemetryError) {
                    // The tool's directory is private (0700), as the consent store and the
                    // spool make it; FileSink alone would create it readable by others.
                    try FileSystem.createDirectories(atPath: FileSystem.parentDirectory(of: path), mode: 0o700)
                    sinks.append(
                        try FileSink(
                            path: path,
                            durability: .buffered,
                            rotation: configuration.localCopyRotation,
                            logger: logger
                        )
                    )
                } catch {
                    logger.warning("Telemetry keeps no local copy: \(error.message)")
                }
            }
        }
        var sink: any TelemetrySink = sinks.count == 1 ? sinks[0] : MultiplexSink(sinks)
        if let filter = configuration.filter {
            sink = FilteringSink(sink, transform: filter)
        }
        if let schema = configuration.schema {
            sink = FilteringSink(sink, transform: schema.filter)
        }
        return TelemetryContext(tool: tool, toolVersion: toolVersion, sink: sink, policy: .enabled) {
            consent.machineId()
        }
    }

    /// The endpoint to use: the variable when set (empty or blank meaning none), else the default.
    private static func endpoint(_ override: String?, default configured: String?) -> String? {
        let chosen = override ?? configured
        guard let chosen else { return nil }
        let trimmed = chosen.trimmingWhitespace()
        return trimmed.isEmpty ? nil : trimmed
    }
}
