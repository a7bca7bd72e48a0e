//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

// `record` as a host calls it: from top-level code (the main actor), 100 events at a time with
// a 1 ms pause between bursts, so that the delivery task really wakes, sends and competes for
// the two cores while the host records. Prints the per-call latency percentiles.
//
//     swift run -c release --package-path Benchmarks HostLoop [http|spool] [answering|hanging] [rounds]

import BenchmarkSupport
import Foundation
import TelemetryCore
import TelemetrySinks

let arguments = CommandLine.arguments.dropFirst()
let sinkKind = arguments.first ?? "http"
let collectorKind = arguments.dropFirst().first ?? "answering"
let rounds = arguments.dropFirst(2).first.flatMap { Int($0) } ?? 200

let answering = collectorKind == "answering" ? LoopbackCollector() : nil
let hanging = collectorKind == "hanging" ? HangingListener() : nil
guard let port = answering?.port ?? hanging?.port else {
    print("HostLoop: the collector did not start (python3 Tests/Support/collector.py)")
    exit(1)
}
let endpoint = "http://127.0.0.1:\(port)/v1/events"
let directory = Fixtures.temporaryDirectory("host-loop")
defer { Fixtures.remove(directory) }

let sink: any ManagedTelemetrySink
switch sinkKind {
case "spool":
    sink = try StoreAndForwardSink(directory: directory + "/spool", endpoint: endpoint)
default:
    sink = try HTTPSink(endpoint: endpoint)
}
let telemetry = Fixtures.context(sink)

var samples: [Int64] = []
samples.reserveCapacity(rounds * 100)
let clock = ContinuousClock()
for round in 0..<(rounds + 10) {
    for _ in 0..<100 {
        let start = clock.now
        telemetry.record(Fixtures.eventName, attributes: Fixtures.attributes)
        let elapsed = start.duration(to: clock.now)
        // The first 10 rounds warm up (caches, the delivery task's first connection).
        if round >= 10 { samples.append(elapsed.components.attoseconds / 1_000_000_000) }
    }
    try await Task.sleep(for: .milliseconds(1))
}
try? await sink.shutdown(deadline: .now + .seconds(2))
answering?.stop()

samples.sort()
let report = [("p50", 0.5), ("p90", 0.9), ("p99", 0.99), ("p99.9", 0.999)]
    .map { "\($0.0) \(Double(percentile(samples, $0.1)) / 1000) µs" }
    .joined(separator: ", ")
print(
    "HostLoop \(sinkKind) → \(collectorKind) collector, \(samples.count) records: \(report), max \(Double(samples.last ?? 0) / 1000) µs"
)
