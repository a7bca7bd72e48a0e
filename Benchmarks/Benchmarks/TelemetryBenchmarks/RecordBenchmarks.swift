//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import Benchmark
import TelemetryCore
import TelemetrySinks

/// A sink that accepts every event and keeps none: the cost of `record` itself, without a sink.
struct DiscardingSink: TelemetrySink {
    func emit(_ event: Event) async throws {
        blackHole(event)
    }
}

/// 1. `record` with the policy disabled; 2. `record` enabled (into a discarding sink and into
/// `MemorySink`).
func registerRecordBenchmarks() {
    let attributes = Fixtures.attributes

    // 1. A disabled context must cost a branch: the attributes are never evaluated, no event is
    // built, nothing allocates.
    let disabled = TelemetryContext(
        tool: Fixtures.tool,
        toolVersion: Fixtures.toolVersion,
        sink: DiscardingSink(),
        policy: .disabled,
        salt: "benchmarks"
    )
    Benchmark("1a record, policy disabled", configuration: .init(scalingFactor: .mega)) { benchmark in
        for _ in benchmark.scaledIterations {
            try? await disabled.record(Fixtures.eventName, attributes: attributes)
        }
    }

    // 1a lets the optimiser see that the policy never changes and hoist the branch out of the
    // loop. Here the context comes through an opaque call each time, as in a host where it is
    // passed around: the branch and the load of the policy are really paid per call.
    Benchmark("1b record, policy disabled, opaque context", configuration: .init(scalingFactor: .mega)) { benchmark in
        for _ in benchmark.scaledIterations {
            try? await opaque(disabled).record(Fixtures.eventName, attributes: attributes)
        }
    }

    // 2a. The context's own cost when enabled: stamp, build the event, hand it to a sink that
    // does nothing. The machine id is derived once, before the measurement.
    let enabled = TelemetryContext(
        tool: Fixtures.tool,
        toolVersion: Fixtures.toolVersion,
        sink: DiscardingSink(),
        policy: .enabled,
        salt: "benchmarks"
    )
    _ = enabled.machineId
    Benchmark("2a record, enabled, discarding sink") { benchmark in
        for _ in benchmark.scaledIterations {
            try? await enabled.record(Fixtures.eventName, attributes: attributes)
        }
    }

    // 2b. Enabled into MemorySink (bounded, so that it reaches a steady state).
    let memory = TelemetryContext(
        tool: Fixtures.tool,
        toolVersion: Fixtures.toolVersion,
        sink: MemorySink(capacity: 1024),
        policy: .enabled,
        salt: "benchmarks"
    )
    _ = memory.machineId
    Benchmark("2b record, enabled, MemorySink") { benchmark in
        for _ in benchmark.scaledIterations {
            try? await memory.record(Fixtures.eventName, attributes: attributes)
        }
    }
}

/// Returns `value` through a call the optimiser cannot see into.
@inline(never)
func opaque<Value>(_ value: Value) -> Value {
    blackHole(value)
    return value
}
