//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import ArgumentParser
import TelemetryCore

/// `telemetry reset`: forget the stored decision and rotate the per-machine id.
struct ResetCommand<Host: TelemetryCommandHost>: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "reset",
            abstract: "Forget the stored decision and rotate the anonymous machine id.",
            discussion: """
                Rotates the per-machine id (machine_id): the consent file gets fresh random material,
                mixed into the machine-id salt, so the next id cannot be linked to the previous one.
                It does not change a Better Auth project's anonymousId, which is derived from the
                project itself. Events stored for sending are deleted. Telemetry is then off until
                enabled again.
                """
        )
    }

    @OptionGroup var options: ToolOptions<Host>

    func run() throws {
        let consent = try options.changeConsent { consent throws(TelemetryError) in try consent.store.reset() }
        if options.json {
            StatusCommand<Host>.report(consent, json: true)
        } else {
            Console.output("telemetry consent forgotten and anonymous machine id rotated for \(consent.tool)")
        }
    }
}
