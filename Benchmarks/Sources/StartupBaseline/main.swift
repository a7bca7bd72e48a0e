//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

// The baseline of the start-up benchmark: the same minimal command-line tool as StartupProbe,
// without the package. It parses its argument and exits.

let command = CommandLine.arguments.dropFirst().first ?? "build"
if command == "--print" { print(command) }
