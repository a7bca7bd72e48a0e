//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

#if ServiceLifecycleSupport
import Logging
import ServiceLifecycle
import TelemetryTestSupport
import Testing
import TelemetryCore
@testable import TelemetrySinks

/// The sinks as swift-service-lifecycle services in a real `ServiceGroup`.
@Suite("HTTPSink and OTLPSink as services", .serialized, .timeLimit(.minutes(1)))
struct DeliveryServiceTests {
    typealias Support = DeliveryTestSupport

    @Test("Graceful shutdown of the ServiceGroup delivers the queued events")
    func gracefulShutdownDelivers() async throws {
        try await withCollector { collector in
            // A long batch timer: only the shutdown drain can send these.
            let sink = try HTTPSink(
                endpoint: collector.url(),
                configuration: .init(
                    delivery: Support.configuration(scheduleDelay: .seconds(60)),
                    shutdownTimeout: .seconds(5)
                )
            )
            let group = ServiceGroup(
                configuration: .init(services: [.init(service: sink)], logger: Logger(label: "test"))
            )
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                for n in 0..<20 { sink.emit(Support.event(n)) }
                try await Task.sleep(for: .milliseconds(100))
                #expect(try await collector.requests().isEmpty, "nothing sent before shutdown")
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
            }
            #expect(try Support.deliveredNumbers(try await collector.requests()) == Array(0..<20))
            #expect(sink.statistics.delivered == 20)
            sink.emit(Support.event(99))
            #expect(sink.statistics.droppedAtShutdown == 1, "stopped after the drain")
        }
    }

    @Test("An OTLP sink drains on graceful shutdown too, and an unreachable collector does not fail the group")
    func otlpDrainsAndNeverThrows() async throws {
        try await withCollector { collector in
            try await collector.script([], default: .hang(seconds: 10))
            let sink = try OTLPSink(
                configuration: .init(
                    delivery: Support.configuration(scheduleDelay: .seconds(60)),
                    shutdownTimeout: .milliseconds(300)
                ),
                environment: ["OTEL_EXPORTER_OTLP_ENDPOINT": collector.baseURL]
            )
            let group = ServiceGroup(
                configuration: .init(services: [.init(service: sink)], logger: Logger(label: "test"))
            )
            let start = ContinuousClock.now
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                sink.emit(Support.event(1))
                try await Task.sleep(for: .milliseconds(50))
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()  // must not throw
            }
            #expect(ContinuousClock.now - start < .seconds(3), "the drain honoured shutdownTimeout")
            #expect(try await collector.requests().count == 1, "the drain tried to send")
        }
    }
}
#endif
