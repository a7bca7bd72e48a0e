//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

// One hot path, N times, for valgrind's callgrind, which counts instructions: repeatable on a
// noisy machine where wall-clock times are not. Benchmarks/profile.sh runs each operation with
// two values of N and reports the instructions of one operation (the difference, divided), so
// that start-up and set-up cancel out. No `await` here: callgrind 3.19 crashes in the
// dispatch main queue that asynchronous top-level code runs on (what a buffered FileSink still
// holds is written at exit).
//
//     Profile encode|encode-recorded|decode|emit-file-buffered|record-discard|record-memory|record-file-buffered|record-file-every|record-spool|disabled|disabled-stored N

import BenchmarkSupport
import TelemetryCore
import TelemetrySinks

#if canImport(Glibc)
import Glibc
#endif

struct DiscardingSink: TelemetrySink {
    func emit(_ event: Event) { withExtendedLifetime(event) {} }
}

let arguments = Array(CommandLine.arguments.dropFirst())
guard arguments.count == 2, let count = Int(arguments[1]) else {
    print(
        "usage: Profile encode|encode-recorded|decode|emit-file-buffered|record-discard|record-memory|record-file-buffered|record-file-every|record-spool|disabled|disabled-stored N"
    )
    exit(64)
}
let directory = Fixtures.temporaryDirectory("profile")
defer { Fixtures.remove(directory) }

switch arguments[0] {
case "encode":
    let encoder = EventEncoder()
    var buffer: [UInt8] = []
    buffer.reserveCapacity(1024)
    for _ in 0..<count {
        buffer.removeAll(keepingCapacity: true)
        encoder.encode(Fixtures.event, into: &buffer)
        withExtendedLifetime(buffer) {}
    }
case "decode":
    // What delivery does with each spooled line it reads back (and the recovery with each line
    // of an earlier run's segment): the strict reader.
    let line = Fixtures.encodedLine.dropLast()  // without its newline
    // A line that did not decode would time the error path instead.
    precondition((try? EventDecoder().decode(line)) != nil, "the fixture line must decode")
    for _ in 0..<count { withExtendedLifetime(try? EventDecoder().decode(line)) {} }
case "encode-recorded":
    let encoder = EventEncoder()
    var buffer: [UInt8] = []
    buffer.reserveCapacity(1024)
    for _ in 0..<count {
        buffer.removeAll(keepingCapacity: true)
        encoder.encode(Fixtures.recordedEvent, into: &buffer)
        withExtendedLifetime(buffer) {}
    }
case "emit-file-buffered":
    let sink = try FileSink(path: directory + "/events.jsonl", durability: .buffered)
    let event = Fixtures.recordedEvent
    for _ in 0..<count { sink.emit(event) }
case "record-discard":
    let telemetry = Fixtures.context(DiscardingSink())
    for _ in 0..<count { telemetry.record(Fixtures.eventName, attributes: Fixtures.attributes) }
case "record-literal":
    // The attributes a literal at the call, as hosts write them (2c).
    let telemetry = Fixtures.context(DiscardingSink())
    for index in 0..<count {
        telemetry.record(
            Fixtures.eventName,
            attributes: [
                "command": "build", "duration_ms": .int(index), "cached": true,
                "targets": ["TelemetryCore", "TelemetrySinks"], "exit_code": 0,
            ]
        )
    }
case "dictionary-literal":
    // The same literal as a dictionary (2d), for comparison.
    for index in 0..<count {
        let dictionary: [String: TelemetryValue] = [
            "command": "build", "duration_ms": .int(index), "cached": true,
            "targets": ["TelemetryCore", "TelemetrySinks"], "exit_code": 0,
        ]
        withExtendedLifetime(dictionary) {}
    }
case "record-memory":
    let telemetry = Fixtures.context(MemorySink(capacity: 1024))
    for _ in 0..<count { telemetry.record(Fixtures.eventName, attributes: Fixtures.attributes) }
case "record-file-buffered":
    let sink = try FileSink(path: directory + "/events.jsonl", durability: .buffered)
    let telemetry = Fixtures.context(sink)
    for _ in 0..<count { telemetry.record(Fixtures.eventName, attributes: Fixtures.attributes) }
case "record-file-every":
    let sink = try FileSink(path: directory + "/events.jsonl", durability: .everyEvent)
    let telemetry = Fixtures.context(sink)
    for _ in 0..<count { telemetry.record(Fixtures.eventName, attributes: Fixtures.attributes) }
case "record-spool":
    let listener = HangingListener()!
    var configuration = HTTPSink.Configuration()
    configuration.delivery.capacity = 1 << 20
    let sink = try StoreAndForwardSink(
        directory: directory + "/spool",
        endpoint: "http://127.0.0.1:\(listener.port)/v1/events",
        configuration: configuration,
        limits: .init(maximumBytes: 1 << 30)
    )
    let telemetry = Fixtures.context(sink)
    for _ in 0..<count { telemetry.record(Fixtures.eventName, attributes: Fixtures.attributes) }
    withExtendedLifetime(sink) {}
case "disabled":
    let telemetry = Fixtures.context(DiscardingSink(), .disabled)
    for _ in 0..<count { opaque(telemetry).record(Fixtures.eventName, attributes: Fixtures.attributes) }
case "disabled-stored":
    final class Host {
        let telemetry: TelemetryContext
        init(_ telemetry: TelemetryContext) { self.telemetry = telemetry }
        @inline(never) func handle() { telemetry.record(Fixtures.eventName, attributes: Fixtures.attributes) }
    }
    let host = Host(Fixtures.context(DiscardingSink(), .disabled))
    for _ in 0..<count { host.handle() }
default:
    print("unknown operation \(arguments[0])")
    exit(64)
}
