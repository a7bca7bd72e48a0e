//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import ArgumentParser
import TelemetryCore

/// `telemetry status`: the decision, which source made it, why, and what it overrode.
struct StatusCommand<Host: TelemetryCommandHost>: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "status",
            abstract: "Show whether telemetry is on, which source decided, and why.",
            discussion: """
                --json prints {"tool","policy","source","reason","consentFile","machineId","localCopy"}; machineId is
                null while telemetry is disabled (it is never derived then). The machine id is the
                per-machine id this tool's events carry (rotated by reset).
                """
        )
    }

    @OptionGroup var options: ToolOptions<Host>

    func run() throws {
        Self.report(try options.consent(), json: options.json)
    }

    /// Prints the status of `consent` (shared with enable, disable and reset), decided as the
    /// tool decides: with the host's own opt-in.
    static func report(_ consent: TelemetryConsent, json: Bool) {
        let decision = consent.decide(optionsEnabled: Host.optionsEnabled)
        for diagnostic in decision.diagnostics {
            Console.diagnostic("warning: \(diagnostic)")
        }
        let machineId = decision.policy == .enabled ? consent.machineId() : nil
        // The reason carries the provenance: what this decision overrode.
        let reason = String(decision.description.dropFirst("\(decision.policy): ".count))
        if json {
            Console.output(
                Console.jsonObject([
                    ("tool", .string(consent.tool)),
                    ("policy", .string(decision.policy.description)),
                    ("source", .string(decision.source.rawValue)),
                    ("reason", .string(reason)),
                    ("consentFile", consent.store.path.map { .string($0) } ?? .null),
                    ("machineId", machineId.map { .string($0) } ?? .null),
                    ("localCopy", consent.store.localCopyPath.map { .string($0) } ?? .null),
                ])
            )
            return
        }
        var lines = [
            "tool:          \(consent.tool)",
            "telemetry:     \(decision.policy)",
            "decided by:    \(decision.source.rawValue)",
            "reason:        \(reason)",
        ]
        if let path = consent.store.path {
            let stored = consent.store.read()
            let state: String
            if let record = stored.record {
                var parts = [record.state.map { "says \($0.rawValue)" } ?? "no decision stored"]
                if let decidedAt = record.decidedAt { parts.append("since \(Timestamp.format(decidedAt))") }
                if record.noticeVersion > 0 { parts.append("notice v\(record.noticeVersion) seen") }
                if !stored.problems.isEmpty { parts.append("see the warning above") }
                state = parts.joined(separator: ", ")
            } else {
                state = stored.problems.isEmpty ? "none yet" : "unusable (see the warning above)"
            }
            lines.append("consent file:  \(path) (\(state))")
        } else {
            lines.append("consent file:  none (no home directory; set \(consent.variables.directory))")
        }
        lines.append("machine id:    \(machineId ?? "not derived while disabled")")
        let names = consent.variables
        func show(_ name: String) -> String {
            consent.environment[name].map { "\(name)=\($0)" } ?? "\(name) unset"
        }
        lines.append("environment:   \(show("DO_NOT_TRACK")), \(show(names.telemetry))")
        let destination: String
        if let endpoint = consent.endpointOverride {
            destination = "\(names.endpoint)=\(EndpointDisplay.redacted(endpoint))"
        } else if let endpoint = Host.defaultEndpoint {
            destination = EndpointDisplay.redacted(endpoint) + " (the tool's default)"
        } else {
            destination = "the tool's default endpoint"
        }
        lines.append(
            "sink:          \(destination)\(consent.debugSwitch == .true ? " (debug: printed, not sent)" : "")"
        )
        if let localCopy = consent.store.localCopyPath {
            lines.append("local copy:    \(localCopy)")
        }
        lines.append("ci:            \(consent.isCI ? "yes" : "no")")
        Console.output(lines.map(Console.escaped).joined(separator: "\n"))
    }
}
