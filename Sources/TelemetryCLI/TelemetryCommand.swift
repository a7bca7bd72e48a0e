//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import ArgumentParser

/// `telemetry`: see and control what a tool built on swift-telemetry collects.
@main
struct TelemetryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "telemetry",
        abstract: "See and control the anonymous usage telemetry of tools built on swift-telemetry.",
        discussion: """
            Telemetry is opt-in. For a tool named NAME (--tool NAME), the first match decides:
              1. DO_NOT_TRACK is true                  -> disabled
              2. NAME_TELEMETRY is false (0/false/no/off) -> disabled
              3. the consent file says disabled        -> disabled
              4. a test run (swift test, SWIFT_ENV=test, TEST) -> disabled
              5. NAME_TELEMETRY is true (1/true/yes/on)  -> enabled
              6. the consent file says enabled         -> enabled
              7. the host's options enable it          -> enabled
              8. otherwise                             -> disabled
            NAME_TELEMETRY is NAME upper-cased with '-' and '.' as '_' (my-cli -> MY_CLI_TELEMETRY).
            The consent file is $NAME_TELEMETRY_DIR/telemetry.json, else <config dir>/NAME/telemetry.json.

            Output for people by default; --json for machines. Results go to stdout, notices and
            diagnostics to stderr.

            EXIT CODES
              0   success; for audit, a clean log
              1   audit: the log has invalid lines or suspicious values
              2   a file could not be read or written (I/O error)
              3   refused: enable under CI
              64  usage error (unknown option, invalid tool name)
            """,
        version: "0.1.0",
        subcommands: [
            StatusCommand.self, EnableCommand.self, DisableCommand.self, ResetCommand.self,
            PreviewCommand.self, AuditCommand.self, TailCommand.self,
        ],
        defaultSubcommand: StatusCommand.self
    )
}
