//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import ArgumentParser
import TelemetryCore

/// `telemetry disable`: store the user's opt-out.
struct DisableCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "disable",
        abstract: "Opt out: store the refusal in the tool's consent file (allowed everywhere, CI included).",
        discussion: """
            In containers and CI, where the home directory does not survive, prefer NAME_TELEMETRY=0
            or DO_NOT_TRACK=1 in the environment, or point NAME_TELEMETRY_DIR at a persistent directory.
            """
    )

    @OptionGroup var options: GlobalOptions

    func run() throws {
        let consent = try options.changeConsent { consent throws(TelemetryError) in try consent.disable() }
        if options.json {
            StatusCommand.report(consent, json: true)
        } else {
            Console.output("telemetry disabled for \(consent.tool) (stored in \(consent.consentFilePath ?? "?"))")
        }
    }
}
