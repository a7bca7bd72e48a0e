//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import Foundation
import TelemetryCore

/// The data every benchmark records, so that the numbers compare the same work.
enum Fixtures {
    static let tool = "my-cli"
    static let toolVersion = "1.2.0"
    static let machineId = "3f9a1c0d5e7b2a4f6c8e0b1d3f5a7c9e2b4d6f8a0c1e3b5d7f9a2c4e6b8d0f1a"
    static let eventName = "command_run"

    /// A typical event's attributes: a command, a duration, a flag, a short list, an exit code.
    static let attributes: [String: TelemetryValue] = [
        "command": "build",
        "duration_ms": 412,
        "cached": true,
        "targets": ["TelemetryCore", "TelemetrySinks"],
        "exit_code": 0,
    ]

    /// The event of every encoding and file benchmark, at a fixed instant.
    static let event = Event(
        name: eventName,
        tool: tool,
        toolVersion: toolVersion,
        machineId: machineId,
        timestamp: Date(timeIntervalSince1970: 1_795_425_000.123),
        attributes: attributes
    )

    /// The event as one JSONL line (with its newline), as every file benchmark writes it.
    static let encodedLine: [UInt8] = {
        var line = EventEncoder().encode(event)
        line.append(UInt8(ascii: "\n"))
        return line
    }()

    /// A fresh, empty directory under the system's temporary directory.
    static func temporaryDirectory(_ label: String) -> String {
        let path =
            NSTemporaryDirectory()
            + "swift-telemetry-benchmarks-\(label)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Removes a directory made by ``temporaryDirectory(_:)``.
    static func remove(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }
}
