//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

// A minimal command-line tool that adopts the package the way the README says: the front door
// once, one event, exit at once (no shutdown). Benchmarks/startup.sh times it with hyperfine
// against StartupBaseline, the same tool without the package, in three settings chosen by the
// environment: telemetry disabled (the default), enabled with only the local copy
// (PROBE_TELEMETRY=1), enabled to an endpoint (PROBE_TELEMETRY_ENDPOINT=...).

import TelemetryCore
import TelemetrySinks

let command = CommandLine.arguments.dropFirst().first ?? "build"
let telemetry = TelemetryContext.standard(tool: "probe", toolVersion: "1.0.0")
telemetry.record("command_run", attributes: ["command": .string(command)])
if command == "--print" { print(command) }
