//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import Foundation
import TelemetryCore
import TelemetrySinks
import TelemetryTestSupport
import Testing

@testable import TelemetryAuthConfig

/// Issue 13, deliverable 2, and issue 14's newer upstream API: the publisher on the sink
/// family, against the real loopback collector.
@Suite("Publisher on the sink family", .serialized, .timeLimit(.minutes(2)))
struct PublisherPipelineTests {
    /// On 0.1 a program that exited right after `createTelemetry` delivered 0 of 1 `init`
    /// events (no flush, no shutdown).
    @Test("a host that shuts the publisher down right after creating it delivers init within the bound")
    func shutdownDeliversInit() async throws {
        try await withCollector { collector in
            let context = testContext(
                environment: ["SWIFT_AUTH_TELEMETRY_ENDPOINT": collector.url("/v1/envelope")],
                transport: URLSessionTransport()
            )
            let publisher = await createTelemetry(options: enabledOptions(), context: context)
            let start = ContinuousClock.now
            await publisher.shutdown(deadline: .now + .seconds(5))
            #expect(ContinuousClock.now - start < .seconds(5))
            let received = try await collector.requests()
            #expect(received.count == 1)
            let envelope = try TelemetryValue(jsonBytes: Array(received.first?.body.utf8 ?? "".utf8))
            #expect(envelope["type"] == "init")
            #expect(envelope["anonymousId"] == "anon-123")
            #expect(Set(envelope.objectValue?.keys ?? [:].keys) == ["type", "anonymousId", "payload"])
            #expect(received.first?.path == "/v1/envelope")
            // After shutdown, publishing sends nothing and returns.
            await publisher.publish(TelemetryEvent(type: "cli_generate"))
            #expect(try await collector.requests().count == 1)
        }
    }

    @Test(
        "a custom TelemetrySink receives the publisher's events; a MultiplexSink keeps a local copy of the envelope HTTPSink's"
    )
    func customSinkAndLocalCopy() async throws {
        try await withCollector { collector in
            let directory = TemporaryDirectory()
            let memory = MemorySink()
            let http = try HTTPSink(
                endpoint: collector.url("/v1/envelope"),
                configuration: .init(format: .betterAuthEnvelope)
            )
            let copy = try FileSink(path: directory.file("events.jsonl"))
            var context = testContext()
            context.sink = MultiplexSink([memory, http, copy])
            let publisher = await createTelemetry(options: enabledOptions(), context: context)
            await publisher.publish(.cliGenerate(.generated, options: enabledOptions(), context: context))
            await publisher.shutdown(deadline: .now + .seconds(5))

            let events = memory.snapshot()
            #expect(events.map(\.name) == ["init", "cli_generate"])
            #expect(events.allSatisfy { $0.projectId == "anon-123" && $0.tool == "swift-auth" && $0.id != nil })
            #expect(events.allSatisfy { $0.machineId.count == 64 }, "the per-machine id, beside the per-project one")
            let received = try await collector.requests().map { try TelemetryValue(jsonBytes: Array($0.body.utf8)) }
            #expect(received.map { $0["type"] } == ["init", "cli_generate"])
            #expect(received.map { $0["anonymousId"] } == ["anon-123", "anon-123"])
            let lines = try #require(directory.read("events.jsonl")).split(separator: "\n")
            // The same events (the file keeps timestamps to the millisecond, as every sink writes them).
            #expect(lines.map(String.init) == events.map { String(decoding: EventEncoder().encode($0), as: UTF8.self) })
        }
    }

    @Test("deferInitEvent sends no init until reportInstall, which returns once it is delivered")
    func deferredInitAndReportInstall() async throws {
        let log = EventLog()
        var context = testContext(track: { event in
            try await Task.sleep(for: .milliseconds(150))
            log.append(event)
        })
        context.deferInitEvent = true
        let publisher = await createTelemetry(options: enabledOptions(), context: context)
        try await Task.sleep(for: .milliseconds(400))
        #expect(log.count == 0, "no automatic init")
        await publisher.reportInstall()
        #expect(log.events.map(\.type) == ["init"], "reportInstall returned after the delivery")
        await publisher.reportInstall()  // a second report sends nothing more
        try await Task.sleep(for: .milliseconds(300))
        #expect(log.events.map(\.type) == ["init"])
    }

    /// Upstream issue 10315 (S-5 … S-8): abandoned, cancelled or repeated install reports give
    /// exactly one `init`.
    @Test("exactly one init, whatever the mix of automatic init, concurrent reportInstall calls and cancelled callers")
    func exactlyOneInit() async throws {
        for automatic in [true, false] {
            let log = EventLog()
            var context = testContext(track: { event in
                try await Task.sleep(for: .milliseconds(100))
                log.append(event)
            })
            context.deferInitEvent = !automatic
            let publisher = await createTelemetry(options: enabledOptions(), context: context)
            await withTaskGroup(of: Void.self) { group in
                for index in 0..<10 {
                    group.addTask { await publisher.reportInstall() }
                    if index.isMultiple(of: 3) {
                        // An attempt abandoned half-way: its caller gives up at once.
                        let abandoned = Task { await publisher.reportInstall() }
                        abandoned.cancel()
                    }
                }
            }
            try await Task.sleep(for: .milliseconds(400))
            #expect(log.events.filter { $0.type == "init" }.count == 1, "automatic: \(automatic)")
        }
    }

    @Test("cli_migrate takes upstream's unsafe_change outcome")
    func unsafeChange() {
        let event = TelemetryEvent.cliMigrate(.unsafeChange, options: AuthOptions())
        #expect(event.payload["outcome"] == "unsafe_change")
        #expect(event.payload["adapter"] == nil)
    }
}
