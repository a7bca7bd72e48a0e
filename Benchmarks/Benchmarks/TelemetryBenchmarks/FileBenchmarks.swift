//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import Benchmark
import BenchmarkSupport
import Foundation
import Logging
import TelemetryCore
import TelemetrySinks

/// 4. `record` into `FileSink` and into the store-and-forward spool; 5. the same events through
/// swift-log and a JSON-lines `LogHandler`; 6. the limit: the same bytes appended with plain
/// `write(2)`.
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
            let context = Fixtures.context(sink)
            let attributes = Fixtures.attributes
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                context.record(Fixtures.eventName, attributes: attributes)
            }
            try? await context.flush()
            benchmark.stopMeasurement()
            try? await sink.shutdown(deadline: .now + .seconds(1))
        }
    }

    // 4d. The sink alone, like for like with 6a/6b: FileSink.emit of an event already
    // recorded (its identity encoded once by its context, with an event_id), every iteration
    // 1000 events into a new file, flushed.
    for (label, durability) in [("everyEvent", FileSink.Durability.everyEvent), ("buffered", .buffered)] {
        Benchmark("4d FileSink.emit, recorded event, .\(label)") { benchmark in
            let directory = Fixtures.temporaryDirectory("file-sink-emit")
            defer { Fixtures.remove(directory) }
            let sink: FileSink
            do {
                sink = try FileSink(path: directory + "/events.jsonl", durability: durability)
            } catch {
                benchmark.error("FileSink: \(error)")
                return
            }
            let event = Fixtures.recordedEvent
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                sink.emit(event)
            }
            try? await sink.flush()
            benchmark.stopMeasurement()
            try? await sink.shutdown(deadline: .now + .seconds(1))
        }
    }

    // 4c. The front door's remote path: every event is appended to the spool (a buffered
    // FileSink segment) and queued for delivery. The collector hangs, so nothing is ever
    // delivered: what is measured is the host's cost, which must not exceed 4 .buffered.
    let listener = HangingListener()
    Benchmark("4c record, enabled, StoreAndForwardSink (spool)") { benchmark in
        guard let listener else {
            benchmark.error("cannot listen on 127.0.0.1")
            return
        }
        let directory = Fixtures.temporaryDirectory("spool")
        defer { Fixtures.remove(directory) }
        let sink: StoreAndForwardSink
        do {
            var configuration = HTTPSink.Configuration()
            configuration.delivery.capacity = 1 << 20
            sink = try StoreAndForwardSink(
                directory: directory + "/spool",
                endpoint: "http://127.0.0.1:\(listener.port)/v1/events",
                configuration: configuration,
                limits: .init(maximumBytes: 1 << 30)
            )
        } catch {
            benchmark.error("StoreAndForwardSink: \(error)")
            return
        }
        let context = Fixtures.context(sink)
        let attributes = Fixtures.attributes
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            context.record(Fixtures.eventName, attributes: attributes)
        }
        benchmark.stopMeasurement()
        try? await sink.shutdown(deadline: .now)
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

    // 6b. The limit for a buffered writer: the same lines, 64 per write(2); 6c/6d: in 64 KiB and
    // in 256 KiB writes (FileSink's buffer is 256 KiB).
    let block = Array(repeatElement(line, count: 1000).joined())
    let chunked = [
        ("6b raw write(2), 64 lines at a time (the buffered limit)", 64 * line.count),
        ("6c raw write(2), 64 KiB at a time", 65_536),
        ("6d raw write(2), 256 KiB at a time", 262_144),
    ]
    for (label, chunk) in chunked {
        Benchmark(label) { benchmark in
            let directory = Fixtures.temporaryDirectory("raw-batched")
            defer { Fixtures.remove(directory) }
            let descriptor = open(directory + "/events.jsonl", O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
            defer { close(descriptor) }
            benchmark.startMeasurement()
            block.withUnsafeBytes { bytes in
                var offset = 0
                while offset < bytes.count {
                    let count = min(chunk, bytes.count - offset)
                    blackHole(write(descriptor, bytes.baseAddress! + offset, count))
                    offset += count
                }
            }
            benchmark.stopMeasurement()
        }
    }
}
