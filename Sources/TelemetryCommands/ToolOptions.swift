//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import ArgumentParser
import TelemetryCore

/// The options of the subcommands that act on one tool's consent: `--tool` (only for the
/// standalone command, where it is required) and `--json`.
struct ToolOptions<Host: TelemetryCommandHost>: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The tool whose telemetry to show or change (the name it gives swift-telemetry).",
            valueName: "name",
            visibility: Host.takesToolOption ? .default : .private
        )
    )
    var tool: String?

    @Flag(name: .long, help: "Print JSON for machines instead of text for people.")
    var json = false

    func validate() throws {
        if Host.takesToolOption {
            guard let tool else {
                throw ValidationError("--tool NAME is required: name the tool whose telemetry to show or change.")
            }
            do {
                try ConsentStore.validate(tool: tool)
            } catch {
                throw ValidationError(error.message)
            }
        } else if tool != nil {
            throw ValidationError("--tool is not available here: these commands manage the telemetry of \(Host.tool).")
        }
    }

    /// The consent the commands act on, in the process environment.
    func consent() throws -> TelemetryConsent {
        do {
            return try TelemetryConsent(tool: Host.takesToolOption ? (tool ?? "") : Host.consentTool)
        } catch {
            throw ValidationError(error.message)
        }
    }

    /// How users reach the commands for this tool, for messages.
    func commandPath(for consent: TelemetryConsent) -> String {
        Host.takesToolOption ? "telemetry --tool \(consent.tool)" : Host.commandPath
    }

    /// Applies `change` to the tool's consent; a failure is printed to stderr and exits with the
    /// I/O code, as `disable` and `reset` document.
    func changeConsent(_ change: (TelemetryConsent) throws(TelemetryError) -> Void) throws -> TelemetryConsent {
        let consent = try consent()
        do {
            try change(consent)
        } catch {
            Console.diagnostic(error.message)
            throw CommandExitCode.io
        }
        return consent
    }
}
