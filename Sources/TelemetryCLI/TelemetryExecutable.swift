//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import ArgumentParser
import TelemetryCommands

/// The `telemetry` executable: a thin shell over `TelemetryCommand`, the same commands a tool
/// mounts as `mytool telemetry`, here for any tool named with `--tool`.
@main
struct TelemetryExecutable: ParsableCommand {
    static let configuration: CommandConfiguration = {
        var configuration = TelemetryCommand<StandaloneTelemetry>.configuration
        configuration.version = "0.2.0"
        // For the tool's author, not its users: what the collector has counted.
        configuration.subcommands.append(ReportCommand.self)
        return configuration
    }()
}
