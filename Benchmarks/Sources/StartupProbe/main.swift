//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

// A minimal command-line tool that adopts the package the way the README says: the front door
// once, one event, exit at once (no shutdown). Benchmarks/startup.sh times it with hyperfine
// against StartupBaseline, the same tool without the package, in three settings chosen by the
// environment:
//   - disabled: no consent (the default for every user who never opted in);
//   - enabled to a file: PROBE_TELEMETRY=1 and PROBE_SINK=file (the host's own FileSink, plus
//     the local copy);
//   - enabled to an endpoint: PROBE_TELEMETRY=1 and PROBE_TELEMETRY_ENDPOINT (spool, local
//     copy, delivery started in the background; the process does not wait for it).

import TelemetryCore
import TelemetrySinks

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

let command = CommandLine.arguments.dropFirst().first ?? "build"
// `--linked-only`: the package is linked and loaded, but not called (what linking alone costs).
if command == "--linked-only" { exit(0) }
var configuration = TelemetryContext.Configuration()
if configuration.environment["PROBE_SINK"] == "file", let directory = configuration.environment["PROBE_TELEMETRY_DIR"] {
    configuration.sink = try? FileSink(path: directory + "/host.jsonl", durability: .buffered)
}
let telemetry = TelemetryContext.standard(tool: "probe", toolVersion: "1.0.0", configuration: configuration)
telemetry.record("command_run", attributes: ["command": .string(command)])
if command == "--print" { print(command) }
