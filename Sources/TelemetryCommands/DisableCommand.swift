//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import ArgumentParser
import TelemetryCore

/// `telemetry disable`: store the user's opt-out, and drop what was stored for sending.
struct DisableCommand<Host: TelemetryCommandHost>: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "disable",
            abstract: "Opt out: store the refusal in the tool's consent file (allowed everywhere, CI included).",
            discussion: """
                Also deletes the events stored for sending (the spool): nothing recorded before the
                opt-out leaves the machine. In containers and CI, where the home directory does not
                survive, prefer NAME_TELEMETRY=0 or DO_NOT_TRACK=1 in the environment, or point
                NAME_TELEMETRY_DIR at a persistent directory.
                """
        )
    }

    @OptionGroup var options: ToolOptions<Host>

    func run() throws {
        let consent = try options.changeConsent { consent throws(TelemetryError) in try consent.store.disable() }
        if options.json {
            StatusCommand<Host>.report(consent, json: true)
        } else {
            Console.output("telemetry disabled for \(consent.tool) (stored in \(consent.store.path ?? "?"))")
        }
    }
}
