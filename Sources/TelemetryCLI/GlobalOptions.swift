//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import ArgumentParser
import TelemetryAuthConfig
import TelemetryCore

/// The options every subcommand takes.
struct GlobalOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The tool whose telemetry to show or change: the name it passes to TelemetryConsent (default: the Better Auth publisher's).",
            valueName: "name"
        )
    )
    var tool: String = AuthTelemetryContext().tool

    @Flag(name: .long, help: "Print JSON for machines instead of text for people.")
    var json = false

    func validate() throws {
        do {
            try TelemetryConsent.validate(tool: tool)
        } catch {
            throw ValidationError(error.message)
        }
    }

    /// The consent of ``tool`` in the process environment.
    func consent() throws -> TelemetryConsent {
        do {
            return try TelemetryConsent(tool: tool)
        } catch {
            throw ValidationError(error.message)
        }
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
