//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import ArgumentParser
import TelemetryCore

/// `telemetry preview`: what the tool sends, shown without sending anything.
struct PreviewCommand<Host: TelemetryCommandHost>: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "preview",
            abstract: "Show what the tool sends, without sending anything.",
            discussion: """
                Shows what every event of the tool carries (tool, machine id, destination) and the
                latest events of its local copy, whatever the consent; the current decision is noted
                on stderr. Nothing is sent.
                """
        )
    }

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The tool to preview (optional: only for the decision shown on stderr).",
            valueName: "name",
            visibility: Host.takesToolOption ? .default : .private
        )
    )
    var tool: String?

    @Flag(name: .long, help: "Print JSON for machines instead of text for people.")
    var json = false

    func validate() throws {
        guard let tool else { return }
        guard Host.takesToolOption else {
            throw ValidationError("--tool is not available here: these commands manage the telemetry of \(Host.tool).")
        }
        do {
            try ConsentStore.validate(tool: tool)
        } catch {
            throw ValidationError(error.message)
        }
    }

    func run() throws {
        let name = Host.takesToolOption ? tool : Host.consentTool
        var consent: TelemetryConsent?
        if let name {
            do {
                consent = try TelemetryConsent(tool: name)
            } catch {
                throw ValidationError(error.message)
            }
        }
        if let consent {
            Console.diagnostic("preview only: nothing is sent (telemetry for \(consent.tool) is \(consent.decide()))")
        } else {
            Console.diagnostic("preview only: nothing is sent")
        }
        let json = json
        let capturedConsent = consent
        Console.output(BlockingWait.result { await Host.preview(consent: capturedConsent, json: json) })
    }
}
