//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import Benchmark
import BenchmarkSupport
import TelemetryCore
import TelemetrySinks

/// 7. `HTTPSink.emit` while the collector hangs (per-call latency, p50/p99 in the table), and
/// events delivered per second to a real HTTP collector on loopback. The host-like loop (record
/// from top-level code with pauses) is the `HostLoop` executable beside this one.
func registerHTTPBenchmarks() {
    let event = Fixtures.event

    // 7a. The collector accepts the connection (the kernel completes it into the listen
    // backlog) and never reads or answers: every POST hangs until its timeout. emit must not
    // notice. One emit per iteration, so that the percentiles are per call; the queue (2048)
    // fills within the first iterations, after which emit drops and counts, as designed.
    let listener = HangingListener()
    let hangingSink = listener.flatMap { try? HTTPSink(endpoint: "http://127.0.0.1:\($0.port)/events") }
    Benchmark(
        "7a HTTPSink.emit, collector hangs (per call)",
        configuration: .init(scalingFactor: .one, maxDuration: .seconds(2), maxIterations: 200_000),
        closure: { benchmark in
            guard let hangingSink else {
                benchmark.error("cannot listen on 127.0.0.1")
                return
            }
            hangingSink.emit(event)
        },
        teardown: { try? await hangingSink?.shutdown(deadline: .now + .milliseconds(100)) }
    )

    // 7b. Delivery to a real HTTP/1.1 collector on 127.0.0.1 (the delivery tests' own
    // Tests/Support/collector.py, answering 200): 1000 events per iteration, then flush, so
    // that what is measured is events actually delivered.
    let collector = SharedValue<LoopbackCollector>()
    let delivering = SharedValue<HTTPSink>()
    Benchmark(
        "7b HTTPSink delivered to a loopback collector (emit + flush)",
        configuration: .init(scalingFactor: .kilo, maxDuration: .seconds(3), maxIterations: 200),
        closure: { benchmark in
            guard let sink = delivering.value else {
                benchmark.error("the loopback collector did not start (python3 Tests/Support/collector.py)")
                return
            }
            for _ in benchmark.scaledIterations {
                sink.emit(event)
            }
            do {
                try await sink.flush()
            } catch {
                benchmark.error("flush: \(error)")
            }
        },
        setup: {
            collector.value = LoopbackCollector()
            delivering.value = collector.value.flatMap { try? HTTPSink(endpoint: "http://127.0.0.1:\($0.port)/events") }
        },
        teardown: {
            try? await delivering.value?.shutdown(deadline: .now + .seconds(2))
            collector.value?.stop()
        }
    )
}
