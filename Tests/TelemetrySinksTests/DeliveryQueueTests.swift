//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import Foundation
import Logging
import Synchronization
import TelemetryCore
import TelemetryTestSupport
import Testing

@testable import TelemetrySinks

/// The delivery engine against a real HTTP server on 127.0.0.1 (`Tests/Support/collector.py`).
/// Each test starts its own collector; the suite is serialized so timings are not distorted by
/// its own tests competing for the CPU.
@Suite("DeliveryQueue against a real collector", .serialized, .timeLimit(.minutes(1)))
struct DeliveryQueueTests {
    typealias Support = DeliveryTestSupport

    private func eventQueue(
        _ collector: Collector,
        configuration: DeliveryConfiguration,
        logger: Logger? = nil
    ) throws -> DeliveryQueue<Event, ContinuousClock> {
        try Support.eventQueue(
            endpoint: collector.url(),
            configuration: configuration,
            logger: logger ?? Logger(label: "test")
        )
    }

    @Test("flush and shutdown return only after onSettled has booked every element they cover")
    func settledBeforeFlushReturns() async throws {
        // The bookkeeping is slow on purpose: a waiter woken before it finished would see it
        // unfinished. (The spool deletes a delivered segment in onSettled; a command-line tool
        // that exits after its shutdown must find it deleted.)
        let settled = Mutex(0)
        let queue = try DeliveryQueue<Int, ContinuousClock>(
            configuration: Support.configuration(scheduleDelay: .milliseconds(10)),
            onSettled: { elements, outcome in
                usleep(200_000)
                if outcome == .delivered { settled.withLock { $0 += elements.count } }
            },
            deliver: { _ in .delivered }
        )
        for element in 0..<3 { queue.enqueue(element) }
        try await queue.flush(deadline: .now + .seconds(5))
        #expect(settled.withLock { $0 } == 3, "flush returned before onSettled finished")
        for element in 3..<5 { queue.enqueue(element) }
        try await queue.shutdown(deadline: .now + .seconds(5))
        #expect(settled.withLock { $0 } == 5, "shutdown returned before onSettled finished")
    }

    @Test("a batch enqueue takes what fits, in order, counts the rest, and delivers full batches at once")
    func enqueueContentsOf() async throws {
        let delivered = Mutex<[Int]>([])
        let queue = try DeliveryQueue<Int, ContinuousClock>(
            // A batch timer that never fires during the test: only full batches leave by themselves.
            configuration: Support.configuration(capacity: 10, maxBatchSize: 4, scheduleDelay: .seconds(60)),
            deliver: { batch in
                delivered.withLock { $0 += batch }
                return .delivered
            }
        )
        // Let the worker park first, so that the batch enqueue has to wake it.
        try await Task.sleep(for: .milliseconds(100))
        // One lock: the first 10 fit, the other 10 are refused and counted.
        #expect(queue.enqueue(contentsOf: 0..<20) == 10)
        #expect(queue.statistics.droppedQueueFull == 10)
        // The two full batches leave without a timer or a flush; the last two wait.
        let deadline = ContinuousClock.now + .seconds(10)
        while delivered.withLock({ $0.count }) < 8, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(5))
        }
        #expect(delivered.withLock { $0 } == Array(0..<8))
        try await queue.shutdown(deadline: .now + .seconds(5))
        #expect(delivered.withLock { $0 } == Array(0..<10), "every accepted element, in order, once")
        #expect(queue.enqueue(contentsOf: [1, 2]) == 0, "nothing after shutdown")
        #expect(queue.statistics.droppedAtShutdown == 2)
    }

    @Test("Every event arrives exactly once across 503, 429, closed connection, 502, 504 and a timeout")
    func exactlyOnceAcrossRetries() async throws {
        try await withCollector { collector in
            try await collector.script([
                .status(503), .status(429, headers: ["Retry-After": "0"]), .close, .status(502), .status(504),
                .hang(seconds: 3),
            ])
            let queue = try eventQueue(
                collector,
                configuration: Support.configuration(maxBatchSize: 10, requestTimeout: .seconds(1))
            )
            for n in 0..<100 { #expect(queue.enqueue(Support.event(n))) }
            try await queue.flush(deadline: .now + .seconds(20))

            let received = try await collector.requests()
            let numbers = try Support.deliveredNumbers(received)
            #expect(numbers.sorted() == Array(0..<100), "each event exactly once")
            // All six scripted failures were consumed. (libcurl itself may resend a request whose
            // reused connection was closed without an answer, so the queue can count one retry less.)
            #expect(received.filter { !$0.wasAccepted }.count == 6)
            #expect(received.filter(\.wasAccepted).count == 10, "10 batches of 10")
            let statistics = queue.statistics
            #expect(statistics.enqueued == 100)
            #expect(statistics.delivered == 100)
            #expect(statistics.retried >= 5 && statistics.retried <= 6)
            #expect(statistics.dropped == 0)
            #expect(statistics.inFlight == 0 && statistics.queued == 0)
            try await queue.shutdown(deadline: .now + .seconds(1))
        }
    }

    @Test("Collector down for 3 s, then up: everything that fit the queue arrives, the rest is counted")
    func collectorDownThenUp() async throws {
        try await withCollector { collector in
            try await collector.goDown(for: 3)
            var configuration = Support.configuration(capacity: 100, maxBatchSize: 20, maxAttempts: 1000)
            configuration.retryPolicy.maxDelay = .milliseconds(250)
            let queue = try eventQueue(collector, configuration: configuration)
            let started = ContinuousClock.now
            var accepted: [Int] = []
            for n in 0..<300 where queue.enqueue(Support.event(n)) {
                accepted.append(n)
            }
            try await queue.flush(deadline: .now + .seconds(20))
            let elapsed = ContinuousClock.now - started

            let numbers = try Support.deliveredNumbers(try await collector.requests())
            #expect(numbers.sorted() == accepted, "nothing lost that fit the queue, nothing twice")
            let statistics = queue.statistics
            #expect(accepted.count >= 100 && accepted.count < 300)
            #expect(statistics.droppedQueueFull == 300 - accepted.count)
            #expect(statistics.delivered == accepted.count)
            #expect(statistics.retried > 0)
            #expect(elapsed >= .milliseconds(2500), "delivery waited for the collector to come back")
            try await queue.shutdown(deadline: .now + .seconds(1))
        }
    }

    @Test("A hanging collector: emit stays in microseconds, flush and shutdown honour their deadlines")
    func hangingCollector() async throws {
        try await withCollector { collector in
            try await collector.script([], default: .hang(seconds: 30))
            let sink = try HTTPSink(
                endpoint: collector.url(),
                configuration: HTTPSink.Configuration(delivery: Support.configuration(requestTimeout: .seconds(10)))
            )
            let clock = ContinuousClock()
            let count = 20_000
            var durations: [Duration] = []
            durations.reserveCapacity(count)
            for n in 0..<count {
                let event = Support.event(n)
                let start = clock.now
                sink.emit(event)
                durations.append(clock.now - start)
            }
            durations.sort()
            let p50 = durations[count / 2]
            let p99 = durations[count * 99 / 100]
            let worst = durations[count - 1]
            print("HTTPSink.emit with a hanging collector over \(count) events: p50 \(p50), p99 \(p99), max \(worst)")
            #expect(p99 < .milliseconds(1), "p99 of emit must stay in microseconds, was \(p99)")

            let statistics = sink.statistics
            #expect(statistics.enqueued + statistics.droppedQueueFull == count)
            #expect(statistics.droppedQueueFull > 0, "a full queue drops instead of growing")
            #expect(statistics.queued <= 2048)

            let flushStart = clock.now
            await #expect(throws: TelemetryError.self) {
                try await sink.flush(deadline: .now + .milliseconds(300))
            }
            let flushElapsed = clock.now - flushStart
            #expect(
                flushElapsed >= .milliseconds(290) && flushElapsed < .milliseconds(1500),
                "flush took \(flushElapsed)"
            )

            let shutdownStart = clock.now
            do {
                try await sink.shutdown(deadline: .now + .milliseconds(300))
                Issue.record("shutdown must report undelivered events")
            } catch let error as TelemetryError {
                #expect(error.code == .shutdown)
            }
            let shutdownElapsed = clock.now - shutdownStart
            #expect(shutdownElapsed < .milliseconds(1500), "shutdown took \(shutdownElapsed)")
            let settled = try await Support.eventually(within: .seconds(5)) {
                let final = sink.statistics
                return final.inFlight == 0 && final.droppedAtShutdown == final.enqueued
            }
            #expect(settled, "everything undelivered is counted as dropped at shutdown: \(sink.statistics)")
        }
    }

    @Test(
        "A non-retryable status drops the batch after one attempt, and is logged once",
        arguments: [400, 401, 413, 500]
    )
    func rejectedBatchIsDropped(status: Int) async throws {
        try await withCollector { collector in
            try await collector.script([], default: .status(status))
            let (logger, logs) = RecordingLogHandler.logger()
            let queue = try eventQueue(collector, configuration: Support.configuration(), logger: logger)
            for n in 0..<10 { queue.enqueue(Support.event(n)) }
            try await queue.flush(deadline: .now + .seconds(5))
            for n in 10..<15 { queue.enqueue(Support.event(n)) }
            try await queue.flush(deadline: .now + .seconds(5))
            try await Task.sleep(for: .milliseconds(300))  // room for a wrong retry to show up

            #expect(try await collector.requests().count == 2, "one request per batch, never retried")
            let statistics = queue.statistics
            #expect(statistics.droppedRejected == 15)
            #expect(statistics.retried == 0)
            #expect(statistics.delivered == 0)
            let warnings = logs.all.filter { $0.level == .warning && $0.text.contains("refused") }
            #expect(warnings.count == 1, "logged once: \(logs.all)")
            #expect(warnings.first?.text.contains("reason=HTTP \(status)") == true)
            try await queue.shutdown(deadline: .now + .seconds(1))
        }
    }

    @Test("503 with Retry-After: 1 waits a second before retrying, whatever the backoff says")
    func retryAfterHonoured() async throws {
        try await withCollector { collector in
            try await collector.script([.status(503, headers: ["Retry-After": "1"])])
            var configuration = Support.configuration()  // backoff alone would retry after ~20 ms
            configuration.retryPolicy.maxDelay = .seconds(5)  // the cap also bounds Retry-After
            let queue = try eventQueue(collector, configuration: configuration)
            queue.enqueue(Support.event(1))
            try await queue.flush(deadline: .now + .seconds(10))

            let received = try await collector.requests()
            try #require(received.count == 2)
            let gap = received[1].receivedAt - received[0].receivedAt
            #expect(gap >= 0.95 && gap < 3, "retried after \(gap) s")
            #expect(try Support.deliveredNumbers(received) == [1])
            #expect(queue.statistics.retried == 1)
            try await queue.shutdown(deadline: .now + .seconds(1))
        }
    }

    @Test("A batch that keeps failing is dropped after maxAttempts and counted")
    func retriesExhausted() async throws {
        try await withCollector { collector in
            try await collector.script([], default: .status(503))
            let queue = try eventQueue(collector, configuration: Support.configuration(maxAttempts: 3))
            for n in 0..<4 { queue.enqueue(Support.event(n)) }
            try await queue.flush(deadline: .now + .seconds(10))

            #expect(try await collector.requests().count == 3)
            let statistics = queue.statistics
            #expect(statistics.droppedAfterRetries == 4)
            #expect(statistics.retried == 2)
            try await queue.shutdown(deadline: .now + .seconds(1))
        }
    }

    @Test("Full batches leave at once, a partial batch waits for flush")
    func batchesBySize() async throws {
        try await withCollector { collector in
            let queue = try eventQueue(
                collector,
                configuration: Support.configuration(maxBatchSize: 10, scheduleDelay: .seconds(30))
            )
            for n in 0..<25 { queue.enqueue(Support.event(n)) }
            let full = try await collector.requests(waitingUpTo: .seconds(5)) { $0.count >= 2 }
            #expect(try full.map { try $0.events().count } == [10, 10])
            try await Task.sleep(for: .milliseconds(200))
            #expect(try await collector.requests().count == 2, "the partial batch waits")

            try await queue.flush(deadline: .now + .seconds(5))
            let all = try await collector.requests()
            #expect(try all.map { try $0.events().count } == [10, 10, 5])
            #expect(try Support.deliveredNumbers(all) == Array(0..<25), "in order")
            try await queue.shutdown(deadline: .now + .seconds(1))
        }
    }

    @Test("A partial batch leaves on the batch timer without a flush")
    func batchTimer() async throws {
        try await withCollector { collector in
            let queue = try eventQueue(
                collector,
                configuration: Support.configuration(scheduleDelay: .milliseconds(200))
            )
            for n in 0..<3 { queue.enqueue(Support.event(n)) }
            let received = try await collector.requests(waitingUpTo: .seconds(3)) { !$0.isEmpty }
            #expect(try Support.deliveredNumbers(received) == [0, 1, 2])
            try await queue.shutdown(deadline: .now + .seconds(1))
        }
    }

    @Test("With maxBatchSize 1, each element is its own POST whose body is the element (the Better Auth envelope)")
    func onePostPerElement() async throws {
        try await withCollector { collector in
            let queue: DeliveryQueue<[UInt8], ContinuousClock> = try Support.httpQueue(
                endpoint: collector.url("/v1/track"),
                configuration: Support.configuration(maxBatchSize: 1),
                clock: ContinuousClock()
            ) { $0[0] }
            let envelopes = (0..<3).map { #"{"type":"init","anonymousId":"abc","payload":{"n":\#($0)}}"# }
            for envelope in envelopes { queue.enqueue(Array(envelope.utf8)) }
            try await queue.flush(deadline: .now + .seconds(5))

            let received = try await collector.requests()
            #expect(received.map(\.body) == envelopes)
            #expect(received.allSatisfy { $0.path == "/v1/track" && $0.method == "POST" })
            #expect(received.allSatisfy { $0.headers["content-type"] == "application/json" })
            try await queue.shutdown(deadline: .now + .seconds(1))
        }
    }

    @Test("With two requests in flight, a hung request does not hold up the next element")
    func hungRequestDoesNotBlockTheNext() async throws {
        try await withCollector { collector in
            try await collector.script([.hang(seconds: 10)])
            let queue: DeliveryQueue<[UInt8], ContinuousClock> = try Support.httpQueue(
                endpoint: collector.url(),
                configuration: Support.configuration(
                    maxBatchSize: 1,
                    requestTimeout: .seconds(8),
                    maxConcurrentRequests: 2
                ),
                clock: ContinuousClock()
            ) { $0[0] }
            queue.enqueue(Array("first".utf8))
            _ = try await collector.requests(waitingUpTo: .seconds(5)) { !$0.isEmpty }
            queue.enqueue(Array("second".utf8))
            let received = try await collector.requests(waitingUpTo: .seconds(3)) { $0.contains { $0.wasAccepted } }
            #expect(received.filter(\.wasAccepted).map(\.body) == ["second"])
            // The collector records the answer before the client has read it: give the second
            // request a moment to settle, so that only the hung one is still in flight.
            let settled = ContinuousClock.now + .seconds(3)
            while queue.statistics.inFlight > 1, ContinuousClock.now < settled {
                try await Task.sleep(for: .milliseconds(10))
            }
            #expect(queue.statistics.inFlight == 1)
            await #expect(throws: TelemetryError.self) { try await queue.shutdown(deadline: .now + .milliseconds(200)) }
        }
    }

    @Test("Shutdown delivers what is queued, then refuses new elements; a second shutdown returns at once")
    func shutdownDrainsThenRefuses() async throws {
        try await withCollector { collector in
            let queue = try eventQueue(collector, configuration: Support.configuration(scheduleDelay: .seconds(30)))
            for n in 0..<5 { queue.enqueue(Support.event(n)) }
            try await queue.shutdown(deadline: .now + .seconds(5))
            #expect(try Support.deliveredNumbers(try await collector.requests()) == Array(0..<5))

            #expect(queue.enqueue(Support.event(99)) == false)
            let statistics = queue.statistics
            #expect(statistics.delivered == 5)
            #expect(statistics.droppedAtShutdown == 1)
            let start = ContinuousClock.now
            try await queue.shutdown(deadline: .now + .seconds(5))
            #expect(ContinuousClock.now - start < .milliseconds(100))
            try await Task.sleep(for: .milliseconds(100))
            #expect(try await collector.requests().count == 1)
        }
    }
}

/// A clock whose sleeps are 100 times shorter than asked: the production timings (1 s batch
/// timer, 1 s base backoff) run in milliseconds, proving that all queue timing goes through
/// the injected clock.
struct HundredfoldClock: Clock {
    typealias Duration = Swift.Duration
    typealias Instant = ContinuousClock.Instant

    var now: Instant { .now }
    var minimumResolution: Duration { .nanoseconds(1) }

    func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        let remaining = ContinuousClock.now.duration(to: deadline)
        if remaining > .zero { try await Task.sleep(for: remaining / 100) }
    }
}

@Suite("DeliveryQueue on an injected clock", .timeLimit(.minutes(1)))
struct DeliveryQueueClockTests {
    @Test("The default batch timer and backoff run on the injected clock")
    func injectedClock() async throws {
        try await withCollector { collector in
            try await collector.script([.status(503), .status(503), .status(503)])
            let queue: DeliveryQueue<Event, HundredfoldClock> = try DeliveryTestSupport.httpQueue(
                endpoint: collector.url(),
                configuration: .default,  // 1 s timer; 1 s, 2 s, 4 s backoff
                clock: HundredfoldClock()
            ) { HTTPBodyFormat.eventArray.body(for: $0) }
            let start = ContinuousClock.now
            queue.enqueue(DeliveryTestSupport.event(1))
            // No flush: the batch timer sends it, then three backoffs (1 + 2 + 4 s unscaled).
            let received = try await collector.requests(waitingUpTo: .seconds(5)) { $0.contains(where: \.wasAccepted) }
            let elapsed = ContinuousClock.now - start
            #expect(try DeliveryTestSupport.deliveredNumbers(received) == [1])
            #expect(received.count == 4)
            #expect(elapsed < .seconds(4), "7 s of timer and backoff took \(elapsed) on the hundredfold clock")
            #expect(queue.statistics.retried == 3)
            // One real second: the hundredfold clock sleeps a hundredth of what it is asked to,
            // and a one-second deadline on it gave the last response 10 ms.
            try await queue.shutdown(deadline: HundredfoldClock().now.advanced(by: .seconds(100)))
        }
    }
}

@Suite("DeliveryQueue configuration")
struct DeliveryQueueConfigurationTests {
    @Test(
        "Out-of-range settings are refused with invalidConfiguration",
        arguments: [
            DeliveryConfiguration(capacity: 0),
            DeliveryConfiguration(maxBatchSize: 0),
            DeliveryConfiguration(scheduleDelay: .zero),
            DeliveryConfiguration(requestTimeout: .seconds(-1)),
            DeliveryConfiguration(maxConcurrentRequests: 0),
        ]
    )
    func invalidConfiguration(configuration: DeliveryConfiguration) {
        #expect {
            _ = try DeliveryQueue<Int, ContinuousClock>(configuration: configuration) { _ in .delivered }
        } throws: { error in
            (error as? TelemetryError)?.code == .invalidConfiguration
        }
    }

    @Test("The defaults are the OpenTelemetry batch processor's")
    func defaults() {
        let configuration = DeliveryConfiguration.default
        #expect(configuration.capacity == 2048)
        #expect(configuration.maxBatchSize == 512)
        #expect(configuration.scheduleDelay == .seconds(1))
        #expect(configuration.requestTimeout == .seconds(10))
        #expect(configuration.retryPolicy == .default)
        #expect(HTTPSink.Configuration().allowsInsecureEndpoint == false)
        #expect(OTLPSink.Configuration().allowsInsecureEndpoint == false)
    }
}
