//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import ArgumentParser
import TelemetryCommands
import TelemetryCore
import TelemetrySinks

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Binds the telemetry commands to this tool: its users run `mytool telemetry status`.
enum MyToolTelemetry: TelemetryCommandHost {
    static let tool = "mytool"
}

/// The tool's telemetry, set up once: consent, notice, machine id and sinks.
/// `MYTOOL_TELEMETRY_ENDPOINT` names the collector (a real tool would also pass its default
/// `endpoint:` here).
let telemetry = TelemetryContext.standard(tool: "mytool", toolVersion: "1.0.0")

@main
struct MyTool: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mytool",
        abstract: "A small tool that counts its greetings, anonymously and only if you agree.",
        version: "1.0.0",
        subcommands: [Greet.self, Work.self, TelemetryCommand<MyToolTelemetry>.self]
    )
}

struct Greet: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Greet someone.")

    @Argument(help: "Who to greet.")
    var name = "world"

    func run() {
        print("Hello, \(name)!")
        // Synchronous and never throwing: recorded into the spool, sent in the background or by
        // the next run. The name itself is never recorded, only its length.
        telemetry.record("greet", attributes: ["nameLength": .int(name.count)])
    }
}

/// A command that takes a while, as a build or a migration does: while it runs, telemetry
/// sends in the background what earlier, quicker runs left in the spool.
struct Work: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Work for a while.")

    @Option(help: "How long to work, in milliseconds.")
    var milliseconds = 1500

    func run() throws {
        telemetry.record("work_started")
        let end = ContinuousClock.now + .milliseconds(milliseconds)
        while ContinuousClock.now < end {
            try Task.checkCancellation()
            usleep(10_000)
        }
        print("done")
        telemetry.record("work_finished", attributes: ["milliseconds": .int(milliseconds)])
    }
}
