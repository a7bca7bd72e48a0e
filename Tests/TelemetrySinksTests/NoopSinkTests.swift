//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import TelemetryCore
import TelemetrySinks
import Testing

@Suite("NoopSink", .timeLimit(.minutes(2)))
struct NoopSinkTests {
    @Test("T2: NoopSink accepts events and flushes without error, keeping nothing")
    func noop() async throws {
        let sink = NoopSink()
        for index in 0..<1_000 {
            sink.emit(TestSupport.event(attributes: ["n": .int(index)]))
        }
        try await sink.flush()
        // A context over it records and flushes as usual.
        let context = TelemetryContext(tool: "t", toolVersion: "1", sink: sink, policy: .enabled, salt: "t2")
        context.record("ignored", attributes: ["k": "v"])
        try await context.flush()
        #expect(MemoryLayout<NoopSink>.size == 0)  // stateless: nothing to keep anything in
    }
}
