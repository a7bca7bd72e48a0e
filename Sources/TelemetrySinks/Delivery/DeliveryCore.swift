//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import Logging
@_spi(TelemetryInternals) import TelemetryCore

/// The shared part of a ``DeliveryQueue``: its state and the work its background tasks do.
///
/// Kept apart from the public class so that the background tasks hold this object, not the
/// queue: when the host lets go of the queue without shutting it down, the queue's `deinit`
/// still runs and stops the tasks.
final class DeliveryCore<Element: Sendable, C: Clock>: Sendable where C.Duration == Duration {
    let state: LockedValue<DeliveryState<Element>>
    let configuration: DeliveryConfiguration
    let clock: C
    let logger: Logger
    let deliverBatch: @Sendable ([Element]) async -> DeliveryResult
    let onSettled: (@Sendable ([Element], DeliveryOutcome) -> Void)?

    init(
        configuration: DeliveryConfiguration,
        clock: C,
        logger: Logger,
        deliver: @escaping @Sendable ([Element]) async -> DeliveryResult,
        onSettled: (@Sendable ([Element], DeliveryOutcome) -> Void)?
    ) {
        self.state = LockedValue(DeliveryState(capacity: configuration.capacity))
        self.configuration = configuration
        self.clock = clock
        self.logger = logger
        self.deliverBatch = deliver
        self.onSettled = onSettled
    }

    // MARK: Hot path

    /// Appends `element` unless the queue is full or shut down; wakes a worker when a full
    /// batch is ready. Never waits.
    func enqueue(_ element: Element) -> Bool {
        let maxBatchSize = configuration.maxBatchSize
        let capacity = configuration.capacity
        // The common answer is a plain Bool; a worker to wake is the rare case. (Returning the
        // optional continuation in a tuple cost value-witness calls on every element.)
        var worker: CheckedContinuation<Void, Never>?
        let accepted = state.withLock { state -> Bool in
            guard state.phase == .running else {
                state.statistics.droppedAtShutdown += 1
                return false
            }
            guard state.buffer.count < capacity else {
                state.statistics.droppedQueueFull += 1
                return false
            }
            state.buffer.append(element)
            state.statistics.enqueued += 1
            if state.buffer.count >= maxBatchSize, !state.idleWorkers.isEmpty {
                worker = state.idleWorkers.removeLast()
            }
            return true
        }
        worker?.resume()
        return accepted
    }

    /// Appends the elements of `elements` in order until the queue is full or shut down, with
    /// one acquisition of the lock; returns how many were taken (the first ones). Wakes as many
    /// idle workers as there are full batches. Never waits.
    func enqueue<Elements: Collection<Element>>(contentsOf elements: Elements) -> Int {
        let maxBatchSize = configuration.maxBatchSize
        let capacity = configuration.capacity
        let offered = elements.count
        let (accepted, workers) = state.withLock { state -> (Int, [CheckedContinuation<Void, Never>]) in
            let isRunning = state.phase == .running
            let accepted = isRunning ? min(offered, max(0, capacity - state.buffer.count)) : 0
            // One bulk copy: an append per element checked the array's uniqueness and capacity
            // each time (a third of what the spool's hand-over cost per line).
            if accepted == offered {
                state.buffer.append(contentsOf: elements)
            } else if accepted > 0 {
                state.buffer.append(contentsOf: elements.prefix(accepted))
            }
            state.statistics.enqueued += accepted
            if isRunning {
                state.statistics.droppedQueueFull += offered - accepted
            } else {
                state.statistics.droppedAtShutdown += offered - accepted
            }
            let batches = min(state.buffer.count / maxBatchSize, state.idleWorkers.count)
            guard batches > 0 else { return (accepted, []) }
            let workers = Array(state.idleWorkers.suffix(batches))
            state.idleWorkers.removeLast(batches)
            return (accepted, workers)
        }
        workers.resumeAll()
        return accepted
    }

    // MARK: Background work

    /// One sender: takes batches and delivers them until the queue stops.
    func runWorker() async {
        while let batch = await nextBatch() {
            let outcome = await deliver(batch.elements)
            // Booked before the batch counts as settled: a flush or shutdown that returns has
            // seen every element it covers booked (the spool deletes a delivered segment here).
            // Booked after `finish`, a flush that began in between found the batch settled and
            // returned while the booking still ran.
            onSettled?(batch.elements, outcome)
            let waiters = state.withLock { $0.finish(batch, outcome: outcome) }
            waiters.resumeAll()
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

    /// Delivers one batch, each attempt bounded by `requestTimeout`, retrying as the policy says.
    private func deliver(_ elements: [Element]) async -> DeliveryOutcome {
        var attempt = 1
        while true {
            if Task.isCancelled { return .abandoned }
            let deliverBatch = deliverBatch
            let timeout = configuration.requestTimeout
            let attemptResult = await Deadline.run(until: clock.now.advanced(by: timeout), clock: clock) {
                await deliverBatch(elements)
            }
            if Task.isCancelled { return .abandoned }
            let result = attemptResult ?? .failed(reason: "the attempt did not finish within \(timeout)")
            let failure: String
            let retryAfter: Duration?
            switch result {
            case .delivered:
                return .delivered
            case .rejected(let reason):
                reportRejection(reason: reason, count: elements.count)
                return .rejected
            case .failed(let reason, let delay):
                failure = reason
                retryAfter = delay
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
                return .abandoned
            }
            attempt += 1
        }
    }

    /// Logs the first rejection at warning level and later ones at debug level, so that a
    /// misconfigured collector does not flood the host's logs.
    private func reportRejection(reason: String, count: Int) {
        let isFirst = state.withLock { state in
            defer { state.hasLoggedRejection = true }
            return !state.hasLoggedRejection
        }
        let metadata: Logger.Metadata = ["reason": "\(reason)", "events": "\(count)"]
        if isFirst {
            logger.warning(
                "Telemetry batch refused; it was dropped (later refusals are logged at debug level)",
                metadata: metadata
            )
        } else {
            logger.debug("Telemetry batch refused; it was dropped", metadata: metadata)
        }
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
        _ = await Deadline.run(until: deadline, clock: clock) { await self.waitUntilSettled(mark) }
        return state.withLock { $0.lowestOutstanding >= mark }
    }

    /// Stops the workers; what is still queued is dropped and counted.
    func stop() {
        let (dropped, continuations) = state.withLock { $0.stop() }
        if !dropped.isEmpty { onSettled?(dropped, .abandoned) }
        continuations.resumeAll()
    }
}
