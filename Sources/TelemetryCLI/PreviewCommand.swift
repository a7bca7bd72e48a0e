//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import ArgumentParser
import TelemetryAuthConfig
import TelemetryCore

/// `telemetry preview`: the exact `init` event this project would send; nothing is sent.
struct PreviewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preview",
        abstract: "Print the init event this project would send, without sending anything.",
        discussion: """
            Runs the detectors on the current directory and prints the Better Auth init envelope
            {"type":"init","anonymousId":…,"payload":{…}}: pretty JSON for people, one line with --json.
            The "config" member is the snapshot of default AuthOptions: this command cannot see
            your application's options. Nothing is sent, whatever the consent; the current
            decision is noted on stderr.
            """
    )

    @OptionGroup var options: GlobalOptions

    func run() async throws {
        let consent = try options.consent()
        var context = AuthTelemetryContext()
        context.tool = consent.tool
        context.environment = consent.environment
        let event = await initEvent(options: AuthOptions(), context: context)
        Console.diagnostic("preview only: nothing is sent (telemetry for \(consent.tool) is \(consent.decide()))")
        Console.output(options.json ? String(decoding: event.jsonBytes, as: UTF8.self) : event.prettyJSON)
    }
}
