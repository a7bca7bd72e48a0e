//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import ArgumentParser
import TelemetryCore

/// `telemetry reset`: forget the stored decision and rotate the anonymous id.
struct ResetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reset",
        abstract: "Forget the stored decision and rotate the anonymous machine id.",
        discussion: """
            The consent file keeps only fresh random material, mixed into the machine-id salt: the
            next id cannot be linked to the previous one. Telemetry is then off until enabled again.
            """
    )

    @OptionGroup var options: GlobalOptions

    func run() throws {
        let consent = try options.changeConsent { consent throws(TelemetryError) in try consent.reset() }
        if options.json {
            StatusCommand.report(consent, json: true)
        } else {
            Console.output("telemetry consent forgotten and anonymous id rotated for \(consent.tool)")
        }
    }
}
