//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import Benchmark
import TelemetryCore

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
    Benchmark("1 record, policy disabled", configuration: .init(scalingFactor: .mega)) { benchmark in
        for _ in benchmark.scaledIterations {
            try? await disabled.record(Fixtures.eventName, attributes: attributes)
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
}
