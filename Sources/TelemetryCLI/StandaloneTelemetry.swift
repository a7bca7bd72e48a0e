//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import TelemetryAuthConfig
import TelemetryCommands
import TelemetryCore

/// The standalone `telemetry` command: the same subcommands a tool mounts, for any tool named
/// with `--tool`; `preview` shows the Better Auth `init` event this project would send.
enum StandaloneTelemetry: TelemetryCommandHost {
    static let tool = "telemetry"
    static let takesToolOption = true

    /// The exact `init` envelope of the Better Auth publisher for the current directory
    /// (detectors run, default options): pretty JSON, or one line with `--json`.
    static func preview(consent: TelemetryConsent?, json: Bool) async -> String {
        var context = AuthTelemetryContext()
        if let consent {
            context.tool = consent.tool
            context.environment = consent.environment
        }
        let event = await initEvent(options: AuthOptions(), context: context)
        return json ? String(decoding: event.jsonBytes, as: UTF8.self) : event.prettyJSON
    }
}
