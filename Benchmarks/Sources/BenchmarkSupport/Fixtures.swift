//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import Foundation
public import TelemetryCore

/// The data every benchmark records, so that the numbers compare the same work.
public enum Fixtures {
    public static let tool = "my-cli"
    public static let toolVersion = "1.2.0"
    public static let machineId = "3f9a1c0d5e7b2a4f6c8e0b1d3f5a7c9e2b4d6f8a0c1e3b5d7f9a2c4e6b8d0f1a"
    public static let eventName = "command_run"

    /// A context of the benchmarks' tool over `sink`; an enabled one has derived its machine id
    /// already, so that no measurement includes the derivation.
    public static func context(_ sink: any TelemetrySink, _ policy: CollectionPolicy = .enabled) -> TelemetryContext {
        let context = TelemetryContext(
            tool: tool,
            toolVersion: toolVersion,
            sink: sink,
            policy: policy,
            salt: "benchmarks"
        )
        if policy == .enabled { _ = context.machineId }
        return context
    }

    /// A typical event's attributes: a command, a duration, a flag, a short list, an exit code.
    public static let attributes: TelemetryAttributes = [
        "command": "build",
        "duration_ms": 412,
        "cached": true,
        "targets": ["TelemetryCore", "TelemetrySinks"],
        "exit_code": 0,
    ]

    /// The event of every encoding and file benchmark, at a fixed instant.
    public static let event = Event(
        name: eventName,
        tool: tool,
        toolVersion: toolVersion,
        machineId: machineId,
        timestamp: Date(timeIntervalSince1970: 1_795_425_000.123),
        attributes: attributes
    )

    /// The same event as a context records it: its identity (tool, version, machine id) shared
    /// and encoded once per context, and a fresh `event_id`.
    public static let recordedEvent: Event = {
        final class Keeper: TelemetrySink, @unchecked Sendable {
            // Written once, by the one record below, before it is read.
            var event: Event?
            func emit(_ event: Event) { self.event = event }
        }
        let keeper = Keeper()
        context(keeper).record(eventName, attributes: attributes)
        var event = keeper.event!
        event.timestamp = Self.event.timestamp
        return event
    }()

    /// The recorded event as one JSONL line (with its newline): the bytes every file benchmark
    /// writes, so that the raw write(2) limits compare the same bytes.
    public static let encodedLine: [UInt8] = {
        var line = EventEncoder().encode(recordedEvent)
        line.append(UInt8(ascii: "\n"))
        return line
    }()

    /// A fresh, empty directory under the system's temporary directory.
    public static func temporaryDirectory(_ label: String) -> String {
        let path =
            NSTemporaryDirectory()
            + "swift-telemetry-benchmarks-\(label)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Removes a directory made by ``temporaryDirectory(_:)``.
    public static func remove(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }
}
