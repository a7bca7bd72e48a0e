//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

/// The environment variables of one tool, named after it: the package's one rule from a tool
/// name to its variables.
///
/// The prefix is the tool's name upper-cased, with `-` and `.` as `_`: `my-cli` gives
/// `MY_CLI_TELEMETRY`, `MY_CLI_TELEMETRY_DEBUG`, `MY_CLI_TELEMETRY_ENDPOINT`,
/// `MY_CLI_TELEMETRY_DIR` and `MY_CLI_TELEMETRY_NOTICE`.
public struct TelemetryVariables: Sendable, Hashable {
    /// The prefix, for example `MY_CLI`.
    public let prefix: String

    /// Derives the variables of `tool`.
    public init(tool: String) {
        self.prefix = String(tool.uppercased().map { $0 == "-" || $0 == "." ? "_" : $0 })
    }

    /// `<TOOL>_TELEMETRY`: the switch (`1`/`true`/`yes`/`on` or `0`/`false`/`no`/`off`).
    public var telemetry: String { prefix + "_TELEMETRY" }
    /// `<TOOL>_TELEMETRY_DEBUG`: print events to standard error instead of sending them.
    public var debug: String { prefix + "_TELEMETRY_DEBUG" }
    /// `<TOOL>_TELEMETRY_ENDPOINT`: the collector URL.
    public var endpoint: String { prefix + "_TELEMETRY_ENDPOINT" }
    /// `<TOOL>_TELEMETRY_DIR`: the directory that holds the tool's consent file and spool.
    public var directory: String { prefix + "_TELEMETRY_DIR" }
    /// `<TOOL>_TELEMETRY_NOTICE`: `0` hides the first-run notice.
    public var notice: String { prefix + "_TELEMETRY_NOTICE" }
}
