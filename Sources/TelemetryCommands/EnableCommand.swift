//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import ArgumentParser
import TelemetryCore

/// `telemetry enable`: store the user's opt-in (refused under CI).
struct EnableCommand<Host: TelemetryCommandHost>: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "enable",
            abstract: "Opt in: store consent in the tool's consent file.",
            discussion: """
                Prints the notice (what is collected) to stderr. Refused under CI (exit 3, nothing
                written): a CI machine is shared and ephemeral. To collect in CI anyway, set
                NAME_TELEMETRY=1 in the job's environment. DO_NOT_TRACK, NAME_TELEMETRY=0 and the
                administrator's policy still win over the stored consent; status says so.
                """
        )
    }

    @OptionGroup var options: ToolOptions<Host>

    func run() throws {
        let consent = try options.consent()
        let notice = TelemetryNotice.standard(for: consent, command: options.commandPath(for: consent))
        do {
            try consent.enable(noticeVersion: notice.version)
        } catch  where error.code == .consent {
            Console.diagnostic(error.message)
            throw CommandExitCode.refused
        } catch {
            Console.diagnostic(error.message)
            throw CommandExitCode.io
        }
        Console.notice(notice.text)
        let decision = consent.decide()
        if decision.policy != .enabled {
            Console.diagnostic("consent stored, but telemetry stays \(decision)")
        }
        if options.json {
            StatusCommand<Host>.report(consent, json: true)
        } else {
            Console.output("telemetry enabled for \(consent.tool) (stored in \(consent.store.path ?? "?"))")
        }
    }
}
