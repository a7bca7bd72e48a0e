//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import Foundation
import Logging
import TelemetryCore
import TelemetryTestSupport

@testable import TelemetrySinks

/// Events and configurations shared by the delivery tests.
enum DeliveryTestSupport {
    /// A queue that POSTs each batch to `endpoint` through the package's HTTP delivery (the
    /// remote sinks' own), with `body` turning a batch into the request body.
    static func httpQueue<Element: Sendable, C: Clock>(
        endpoint: String,
        configuration: DeliveryConfiguration,
        clock: C,
        logger: Logger = Logger(label: "test"),
        transport: any HTTPTransport = URLSessionTransport(),
        body: @escaping @Sendable ([Element]) -> [UInt8]
    ) throws -> DeliveryQueue<Element, C> where C.Duration == Duration {
        let http = try HTTPDelivery(
            endpoint: endpoint,
            headers: [],
            allowsInsecureEndpoint: false,
            contentType: "application/json",
            headerSource: "test",
            transport: transport,
            timeout: configuration.requestTimeout
        )
        return try DeliveryQueue(configuration: configuration, clock: clock, logger: logger) { batch in
            await http.send(body(batch)).result
        }
    }

    /// ``httpQueue(endpoint:configuration:clock:logger:transport:body:)`` of events, as `HTTPSink` sends them.
    static func eventQueue(
        endpoint: String,
        configuration: DeliveryConfiguration,
        logger: Logger = Logger(label: "test")
    ) throws -> DeliveryQueue<Event, ContinuousClock> {
        try httpQueue(endpoint: endpoint, configuration: configuration, clock: ContinuousClock(), logger: logger) {
            events in
            HTTPBodyFormat.eventArray.body(for: events)
        }
    }

    /// An event carrying the unique attribute `n`.
    static func event(_ n: Int, name: String = "test_event") -> Event {
        Event(
            name: name,
            tool: "delivery-tests",
            toolVersion: "1.0.0",
            machineId: String(repeating: "a", count: 64),
            timestamp: Date(timeIntervalSince1970: 1_795_000_000.125),
            attributes: ["n": .int(n)]
        )
    }

    /// Fast timings for tests: 50 ms batch timer, 20–200 ms backoff.
    static func configuration(
        capacity: Int = 2048,
        maxBatchSize: Int = 512,
        scheduleDelay: Duration = .milliseconds(50),
        requestTimeout: Duration = .seconds(2),
        maxAttempts: Int = 10,
        maxConcurrentRequests: Int = 1
    ) -> DeliveryConfiguration {
        DeliveryConfiguration(
            capacity: capacity,
            maxBatchSize: maxBatchSize,
            scheduleDelay: scheduleDelay,
            requestTimeout: requestTimeout,
            retryPolicy: RetryPolicy(
                maxAttempts: maxAttempts,
                baseDelay: .milliseconds(20),
                maxDelay: .milliseconds(200)
            ),
            maxConcurrentRequests: maxConcurrentRequests
        )
    }

    /// The `n` of every event in the requests the collector accepted, in arrival order.
    static func deliveredNumbers(_ requests: [Collector.ReceivedRequest]) throws -> [Int] {
        try requests.filter(\.wasAccepted).flatMap { try $0.events() }.compactMap { $0.attributes["n"]?.intValue }
    }

    /// Waits until `condition` holds or `timeout` passes; returns whether it held.
    static func eventually(within timeout: Duration, _ condition: () -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while !condition() {
            if ContinuousClock.now >= deadline { return false }
            try await Task.sleep(for: .milliseconds(10))
        }
        return true
    }
}
