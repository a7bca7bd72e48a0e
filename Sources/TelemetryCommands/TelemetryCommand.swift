//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

public import ArgumentParser
import TelemetryCore

/// The `telemetry` subcommand group a host mounts in its own root command, so that its users
/// see and control its telemetry from the tool itself: `mytool telemetry status|enable|disable|reset|preview|audit|tail`.
///
/// See ``TelemetryCommandHost`` for the binding. Results go to stdout, notices and diagnostics
/// to stderr; every subcommand has `--json` for machines. The commands are synchronous, so they
/// mount under a `ParsableCommand` root as well as under an `AsyncParsableCommand` one.
///
/// | exit code | meaning |
/// |---|---|
/// | 0 | success; for `audit`, a clean log |
/// | 1 | `audit`: invalid lines or suspicious values |
/// | 2 | a file could not be read or written |
/// | 3 | refused: `enable` under CI (nothing written) |
/// | 64 | usage error (unknown option, invalid tool name) |
public struct TelemetryCommand<Host: TelemetryCommandHost>: ParsableCommand {
    /// The group and its subcommands; `status` by default.
    public static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "telemetry",
            abstract: Host.takesToolOption
                ? "See and control the anonymous usage telemetry of tools built on swift-telemetry."
                : "See and control the anonymous usage telemetry of \(Host.tool).",
            discussion: Self.discussion,
            subcommands: [
                StatusCommand<Host>.self, EnableCommand<Host>.self, DisableCommand<Host>.self, ResetCommand<Host>.self,
                PreviewCommand<Host>.self, AuditCommand.self, TailCommand.self,
            ],
            defaultSubcommand: StatusCommand<Host>.self
        )
    }

    /// Creates the command (ArgumentParser calls it).
    public init() {}

    private static var discussion: String {
        let name = Host.takesToolOption ? "NAME" : Host.consentTool
        let variable =
            Host.takesToolOption ? "NAME_TELEMETRY" : "\(TelemetryVariables(tool: Host.consentTool).telemetry)"
        return """
            Telemetry is opt-in. The first match decides:
              1. the administrator's policy (/etc/swift-telemetry/policy.json) -> disabled
              2. DO_NOT_TRACK is set (anything but 0/false/no/off)  -> disabled
              3. \(variable) is false (0/false/no/off)              -> disabled
              4. the consent file says disabled                     -> disabled
              5. a test run (swift test, SWIFT_ENV=test, TEST)      -> disabled
              6. \(variable) is true (1/true/yes/on)                -> enabled
              7. the consent file says enabled (and is trusted)     -> enabled
              8. the host's options enable it                       -> enabled
              9. otherwise                                          -> disabled
            The consent file is $\(variable)_DIR/telemetry.json, else <config dir>/\(name)/telemetry.json.

            Output for people by default; --json for machines. Results go to stdout, notices and
            diagnostics to stderr.

            EXIT CODES
              0   success; for audit, a clean log
              1   audit: the log has invalid lines or suspicious values
              2   a file could not be read or written (I/O error)
              3   refused: enable under CI
              64  usage error (unknown option, invalid tool name)
            """
    }
}
