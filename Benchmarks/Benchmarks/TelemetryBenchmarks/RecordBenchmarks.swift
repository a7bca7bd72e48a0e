//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import Benchmark
import BenchmarkSupport
import TelemetryCore
import TelemetrySinks

/// A sink that accepts every event and keeps none: the cost of `record` itself, without a sink.
struct DiscardingSink: TelemetrySink {
    func emit(_ event: Event) {
        blackHole(event)
    }
}

/// A host object that keeps its context in a stored property, as a server's request handler or
/// a command does, and records from a method the optimiser does not inline into the loop.
final class Host: Sendable {
    let telemetry: TelemetryContext

    init(telemetry: TelemetryContext) {
        self.telemetry = telemetry
    }

    @inline(never)
    func handleRequest() {
        telemetry.record(Fixtures.eventName, attributes: Fixtures.attributes)
    }
}

/// Records through a context passed in, in a function the optimiser does not inline.
@inline(never)
func recordThrough(_ telemetry: TelemetryContext) {
    telemetry.record(Fixtures.eventName, attributes: Fixtures.attributes)
}

/// 1. `record` with the policy disabled; 2. `record` enabled (into a discarding sink and into
/// `MemorySink`).
func registerRecordBenchmarks() {
    let attributes = Fixtures.attributes

    // 1. A disabled context must cost a branch: the attributes are never evaluated, no event is
    // built, nothing allocates.
    let disabled = Fixtures.context(DiscardingSink(), .disabled)
    Benchmark("1a record, disabled, local context", configuration: .init(scalingFactor: .mega)) { benchmark in
        for _ in benchmark.scaledIterations {
            disabled.record(Fixtures.eventName, attributes: attributes)
        }
    }

    // 1a lets the optimiser see that the policy never changes and hoist the branch out of the
    // loop. In 1b-1d the context comes through a call it cannot see into, as in a host: the
    // call, the load of the flag and the branch are really paid per record.
    Benchmark("1b record, disabled, opaque context", configuration: .init(scalingFactor: .mega)) { benchmark in
        for _ in benchmark.scaledIterations {
            opaque(disabled).record(Fixtures.eventName, attributes: attributes)
        }
    }
    let host = Host(telemetry: disabled)
    Benchmark("1c record, disabled, stored property (non-inlined method)", configuration: .init(scalingFactor: .mega)) {
        benchmark in
        for _ in benchmark.scaledIterations {
            host.handleRequest()
        }
    }
    Benchmark("1d record, disabled, passed into a function", configuration: .init(scalingFactor: .mega)) { benchmark in
        for _ in benchmark.scaledIterations {
            recordThrough(disabled)
        }
    }

    // 2a. The context's own cost when enabled: stamp, build the event, hand it to a sink that
    // does nothing. The machine id is derived once, before the measurement.
    let enabled = Fixtures.context(DiscardingSink())
    Benchmark("2a record, enabled, discarding sink") { benchmark in
        for _ in benchmark.scaledIterations {
            enabled.record(Fixtures.eventName, attributes: attributes)
        }
    }

    // 2b. Enabled into MemorySink (bounded, so that it reaches a steady state).
    let memory = Fixtures.context(MemorySink(capacity: 1024))
    Benchmark("2b record, enabled, MemorySink") { benchmark in
        for _ in benchmark.scaledIterations {
            memory.record(Fixtures.eventName, attributes: attributes)
        }
    }

    // 2c. As a host writes it: the attributes a literal at the call, built on every call (the
    // benchmark's five keys, not in key order, so they are sorted each time).
    Benchmark("2c record, enabled, discarding sink, attributes literal at the call") { benchmark in
        for index in benchmark.scaledIterations {
            enabled.record(
                Fixtures.eventName,
                attributes: [
                    "command": "build", "duration_ms": .int(index), "cached": true,
                    "targets": ["TelemetryCore", "TelemetrySinks"], "exit_code": 0,
                ]
            )
        }
    }

    // 2d. What the same literal costs as the `[String: TelemetryValue]` that attributes were
    // until round 3 (built and dropped; 2c minus 2a is what TelemetryAttributes costs).
    Benchmark("2d the same literal as a [String: TelemetryValue] (reference)") { benchmark in
        for index in benchmark.scaledIterations {
            let dictionary: [String: TelemetryValue] = [
                "command": "build", "duration_ms": .int(index), "cached": true,
                "targets": ["TelemetryCore", "TelemetrySinks"], "exit_code": 0,
            ]
            blackHole(dictionary)
        }
    }
}
