//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import Logging
import TelemetryCore

/// The shared part of a ``DeliveryQueue``: its state and the work its background tasks do.
///
/// Kept apart from the public class so that the background tasks hold this object, not the
/// queue: when the host lets go of the queue without shutting it down, the queue's `deinit`
/// still runs and stops the tasks.
final class DeliveryCore<Element: Sendable, C: Clock>: Sendable where C.Duration == Duration {
    let state: LockedValue<DeliveryState<Element>>
    let configuration: DeliveryConfiguration
    let requestTemplate: HTTPRequest
    let transport: any HTTPTransport
    let clock: C
    let logger: Logger
    let encodeBatch: @Sendable ([Element]) throws -> [UInt8]
    let onDelivered: (@Sendable (HTTPResponse, Int) -> Void)?

    init(
        configuration: DeliveryConfiguration,
        requestTemplate: HTTPRequest,
        transport: any HTTPTransport,
        clock: C,
        logger: Logger,
        encodeBatch: @escaping @Sendable ([Element]) throws -> [UInt8],
        onDelivered: (@Sendable (HTTPResponse, Int) -> Void)?
    ) {
        self.state = LockedValue(DeliveryState(capacity: configuration.capacity))
        self.configuration = configuration
        self.requestTemplate = requestTemplate
        self.transport = transport
        self.clock = clock
        self.logger = logger
        self.encodeBatch = encodeBatch
        self.onDelivered = onDelivered
    }

    // MARK: Hot path

    /// Appends `element` unless the queue is full or shut down; wakes a worker when a full
    /// batch is ready. Never waits.
    func enqueue(_ element: Element) -> Bool {
        let maxBatchSize = configuration.maxBatchSize
        let capacity = configuration.capacity
        let (accepted, worker) = state.withLock { state -> (Bool, CheckedContinuation<Void, Never>?) in
            guard state.phase == .running else {
                state.statistics.droppedAtShutdown += 1
                return (false, nil)
            }
            guard state.buffer.count < capacity else {
                state.statistics.droppedQueueFull += 1
                return (false, nil)
            }
            state.buffer.append(element)
            state.statistics.enqueued += 1
            if state.buffer.count >= maxBatchSize, !state.idleWorkers.isEmpty {
                return (true, state.idleWorkers.removeLast())
            }
            return (true, nil)
        }
        worker?.resume()
        return accepted
    }

    // MARK: Background work

    /// One sender: takes batches and delivers them until the queue stops.
    func runWorker() async {
        while let batch = await nextBatch() {
            let outcome = await deliver(batch.elements)
            state.withLock { $0.finish(batch, outcome: outcome) }.resumeAll()
        }
    }

    /// The batch timer: lets partial batches leave every `scheduleDelay`, and reports drops
    /// caused by a full queue once per period.
    func runTimer() async {
        while true {
            do {
                try await clock.sleep(for: configuration.scheduleDelay)
            } catch {
                return
            }
            let (workers, newDrops, isStopped) = state.withLock { state in
                let drops = state.statistics.droppedQueueFull - state.reportedQueueFullDrops
                state.reportedQueueFullDrops = state.statistics.droppedQueueFull
                let workers = state.buffer.isEmpty ? [] : state.expedite()
                return (workers, drops, state.phase == .stopped)
            }
            workers.resumeAll()
            if newDrops > 0 {
                logger.warning(
                    "Telemetry delivery queue full: dropped events",
                    metadata: ["dropped": "\(newDrops)", "capacity": "\(configuration.capacity)"]
                )
            }
            if isStopped { return }
        }
    }

    private func nextBatch() async -> DeliveryState<Element>.Batch? {
        let maxBatchSize = configuration.maxBatchSize
        while true {
            switch state.withLock({ $0.nextStep(maxBatchSize: maxBatchSize) }) {
            case .send(let batch):
                return batch
            case .exit:
                return nil
            case .wait:
                await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                    let parked = state.withLock { state -> Bool in
                        // Work may have arrived between `nextStep` and here.
                        guard !state.hasWork(maxBatchSize: maxBatchSize) else { return false }
                        state.idleWorkers.append(continuation)
                        return true
                    }
                    if !parked { continuation.resume() }
                }
            }
        }
    }

    /// Sends one batch, retrying as the policy says; returns how it ended.
    private func deliver(_ elements: [Element]) async -> DeliveryState<Element>.Outcome {
        var request = requestTemplate
        do {
            request.body = try encodeBatch(elements)
        } catch {
            logger.error(
                "Telemetry batch could not be encoded and was dropped",
                metadata: ["events": "\(elements.count)", "error": "\(Self.describe(error))"]
            )
            return .rejected
        }
        var attempt = 1
        while true {
            if Task.isCancelled { return .cancelled }
            var retryAfter: Duration?
            let failure: String
            do {
                let response = try await transport.send(request)
                if (200..<300).contains(response.status) {
                    onDelivered?(response, elements.count)
                    return .delivered
                }
                guard RetryPolicy.isRetryable(status: response.status) else {
                    reportRejection(status: response.status, count: elements.count)
                    return .rejected
                }
                failure = "HTTP \(response.status)"
                retryAfter = response.header("Retry-After").flatMap { RetryPolicy.parseRetryAfter($0) }
            } catch {
                if Task.isCancelled { return .cancelled }
                failure = Self.describe(error)
            }
            guard let delay = configuration.retryPolicy.delay(afterAttempt: attempt, retryAfter: retryAfter) else {
                logger.warning(
                    "Telemetry batch dropped after the last attempt",
                    metadata: ["events": "\(elements.count)", "attempts": "\(attempt)", "failure": "\(failure)"]
                )
                return .retriesExhausted
            }
            state.withLock { $0.statistics.retried += 1 }
            logger.debug(
                "Telemetry batch will be retried",
                metadata: ["attempt": "\(attempt)", "failure": "\(failure)", "delay": "\(delay)"]
            )
            do {
                try await clock.sleep(for: delay)
            } catch {
                return .cancelled
            }
            attempt += 1
        }
    }

    /// Logs the first rejection at warning level and later ones at debug level, so that a
    /// misconfigured collector does not flood the host's logs.
    private func reportRejection(status: Int, count: Int) {
        let isFirst = state.withLock { state in
            defer { state.hasLoggedRejection = true }
            return !state.hasLoggedRejection
        }
        let metadata: Logger.Metadata = ["status": "\(status)", "events": "\(count)"]
        if isFirst {
            logger.warning(
                "Telemetry collector rejected a batch; it was dropped (later rejections are logged at debug level)",
                metadata: metadata
            )
        } else {
            logger.debug("Telemetry collector rejected a batch; it was dropped", metadata: metadata)
        }
    }

    /// A description of a transport error that cannot hold a header value or URL credential:
    /// the message of a ``TelemetryError`` (the shipped transports throw those), otherwise
    /// only the error's type.
    static func describe(_ error: any Error) -> String {
        if let error = error as? TelemetryError { return error.message }
        return String(describing: type(of: error))
    }

    // MARK: Flush and shutdown

    /// Lets partial batches leave now, and returns the mark a flush waits for.
    func beginFlush() -> UInt64 {
        let (mark, workers) = state.withLock { state in (state.nextSequence, state.expedite()) }
        workers.resumeAll()
        return mark
    }

    /// Returns once nothing below `mark` is queued or in flight, or the task is cancelled.
    func waitUntilSettled(_ mark: UInt64) async {
        let id = state.withLock { state in
            defer { state.nextWaiterID += 1 }
            return state.nextWaiterID
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let isDone = state.withLock { state -> Bool in
                    // Checked under the lock, so a cancellation cannot slip between the check
                    // and the registration.
                    if Task.isCancelled || state.lowestOutstanding >= mark { return true }
                    state.waiters[id] = DeliveryState.Waiter(mark: mark, continuation: continuation)
                    return false
                }
                if isDone { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.waiters.removeValue(forKey: id) }?.continuation.resume()
        }
    }

    /// Waits until `mark` is settled or `deadline` passes; returns whether it was settled.
    func waitUntilSettled(_ mark: UInt64, deadline: C.Instant) async -> Bool {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.waitUntilSettled(mark) }
            group.addTask { try? await self.clock.sleep(until: deadline, tolerance: nil) }
            await group.next()
            group.cancelAll()
        }
        return state.withLock { $0.lowestOutstanding >= mark }
    }

    /// Stops the workers; what is still queued is dropped and counted.
    func stop() {
        state.withLock { $0.stop() }.resumeAll()
    }
}
