//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import Foundation
import TelemetryCore

/// Helpers shared by the sink tests: temporary directories, reading JSONL back, sample events.
enum TestSupport {
    /// A fresh directory under the system temporary directory, removed after `body`.
    static func withTemporaryDirectory<T>(_ body: (String) async throws -> T) async throws -> T {
        let path = NSTemporaryDirectory() + "swift-telemetry-sinks-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try await body(path)
    }

    /// The lines of the file at `path`, without their newlines; `[]` when it does not exist.
    static func lines(_ path: String) -> [Substring] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        let text = String(decoding: data, as: UTF8.self)
        // Foundation's splitter: the generic `split` runs unoptimised in a debug test build,
        // which matters for the tens of megabytes the concurrency tests write.
        var lines = text.components(separatedBy: "\n").map { Substring($0) }
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    /// The size of the file at `path` in bytes, or 0 when it does not exist.
    static func size(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
    }

    /// Decodes one JSONL line as an event.
    static func decode(_ line: Substring) throws -> Event {
        try JSONDecoder().decode(Event.self, from: Data(line.utf8))
    }

    /// An event with a fixed, millisecond-aligned timestamp (so it survives encoding unchanged).
    static func event(_ name: String = "sample", attributes: TelemetryAttributes = [:]) -> Event {
        Event(
            name: name,
            tool: "sink-tests",
            toolVersion: "1.0.0",
            machineId: String(repeating: "5", count: 64),
            timestamp: Date(timeIntervalSince1970: 1_795_426_200.5),
            attributes: attributes
        )
    }

    /// Polls `condition` every 5 ms until it holds, for at least `timeout` of polling; returns
    /// whether it held.
    ///
    /// The budget is counted in polls, not on the wall clock: tests run in parallel on few
    /// cores, and when other tests hold every thread of the cooperative pool for a while, no
    /// task runs, neither this one nor the one it waits for. A wall-clock deadline would expire
    /// during such a stall without the awaited task ever having had a chance; the suites' time
    /// limits still bound the whole test.
    static func eventually(within timeout: Duration, _ condition: () -> Bool) async -> Bool {
        let interval = Duration.milliseconds(5)
        for _ in 0..<Int(timeout / interval) {
            if condition() { return true }
            try? await Task.sleep(for: interval)
        }
        return condition()
    }
}
