//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import Benchmark
import Foundation
import Logging
import TelemetryCore
import TelemetrySinks

/// 4. `record` into `FileSink`; 5. the same events through swift-log and a JSON-lines
/// `LogHandler`; 6. the limit: the same pre-encoded lines appended with plain `write(2)`.
///
/// Every iteration writes 1000 events into a new file in the temporary directory, removed after
/// the iteration (outside the measurement), so the file stays small and in the page cache: what
/// is measured is the cost of the writer, not of the disk.
func registerFileBenchmarks() {
    // 4. record -> FileSink, in both durability modes. The flush at the end of each iteration is
    // measured: buffered events count only once they are in the file.
    for (label, durability) in [("everyEvent", FileSink.Durability.everyEvent), ("buffered", .buffered)] {
        Benchmark("4 record, enabled, FileSink .\(label)") { benchmark in
            let directory = Fixtures.temporaryDirectory("file-sink")
            defer { Fixtures.remove(directory) }
            let sink: FileSink
            do {
                sink = try FileSink(path: directory + "/events.jsonl", durability: durability)
            } catch {
                benchmark.error("FileSink: \(error)")
                return
            }
            let context = TelemetryContext(
                tool: Fixtures.tool,
                toolVersion: Fixtures.toolVersion,
                sink: sink,
                policy: .enabled,
                salt: "benchmarks"
            )
            _ = context.machineId
            let attributes = Fixtures.attributes
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                try? await context.record(Fixtures.eventName, attributes: attributes)
            }
            try? await context.flush()
            benchmark.stopMeasurement()
            try? await sink.shutdown(deadline: .now + .seconds(1))
        }
    }

    // 5. swift-log, as many users would do it instead.
    Benchmark(
        "5 swift-log Logger.info, JSON-lines LogHandler",
        closure: { benchmark in
            let directory = Fixtures.temporaryDirectory("swift-log")
            defer { Fixtures.remove(directory) }
            let output = JSONLinesLogHandler.Output(path: directory + "/events.jsonl")
            var logger = Logger(label: "telemetry") { _ in JSONLinesLogHandler(output: output) }
            logger[metadataKey: "tool"] = .string(Fixtures.tool)
            logger[metadataKey: "tool_version"] = .string(Fixtures.toolVersion)
            logger[metadataKey: "machine_id"] = .string(Fixtures.machineId)
            let metadata: Logger.Metadata = [
                "command": "build",
                "duration_ms": "412",
                "cached": "true",
                "targets": ["TelemetryCore", "TelemetrySinks"],
                "exit_code": "0",
            ]
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                logger.info("command_run", metadata: metadata)
            }
            benchmark.stopMeasurement()
        }
    )

    // 6. The limit: the bytes FileSink writes, one write(2) per line.
    let line = Fixtures.encodedLine
    Benchmark("6a raw write(2), one per line (the limit)") { benchmark in
        let directory = Fixtures.temporaryDirectory("raw")
        defer { Fixtures.remove(directory) }
        let descriptor = open(directory + "/events.jsonl", O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        defer { close(descriptor) }
        benchmark.startMeasurement()
        line.withUnsafeBytes { bytes in
            for _ in benchmark.scaledIterations {
                blackHole(write(descriptor, bytes.baseAddress, bytes.count))
            }
        }
        benchmark.stopMeasurement()
    }

    // 6b. The limit for a buffered writer: the same lines in 64 KiB writes.
    let block = Array(repeatElement(line, count: 1000).joined())
    Benchmark("6b raw write(2), 64 KiB at a time (the buffered limit)") { benchmark in
        let directory = Fixtures.temporaryDirectory("raw-batched")
        defer { Fixtures.remove(directory) }
        let descriptor = open(directory + "/events.jsonl", O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        defer { close(descriptor) }
        benchmark.startMeasurement()
        block.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let count = min(65_536, bytes.count - offset)
                blackHole(write(descriptor, bytes.baseAddress! + offset, count))
                offset += count
            }
        }
        benchmark.stopMeasurement()
    }
}
