//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

public import Logging
@_spi(TelemetryInternals) public import TelemetryCore

/// A bounded queue that delivers elements from the background: batching, a time limit per
/// attempt, retries with backoff, flush and shutdown with a deadline. It knows nothing of HTTP:
/// a deliverer closure sends one batch and says how it went (``DeliveryResult``).
///
/// It is the engine under ``HTTPSink``, ``OTLPSink``, ``AsyncSink`` and the store-and-forward
/// spool, and public so that other senders reuse it instead of copying it.
///
/// - ``enqueue(_:)`` never waits: it takes a lock, appends, and returns. A full queue drops the
///   new element and counts it (``DeliveryStatistics/droppedQueueFull``).
/// - Background tasks take batches of up to ``DeliveryConfiguration/maxBatchSize`` elements as
///   soon as a batch is full, or every ``DeliveryConfiguration/scheduleDelay`` for a partial
///   batch, and hand each to the deliverer; an attempt that takes longer than
///   ``DeliveryConfiguration/requestTimeout`` is abandoned and counts as failed.
/// - ``DeliveryResult/failed(reason:retryAfter:)`` is retried as the ``RetryPolicy`` says;
///   ``DeliveryResult/rejected(reason:)`` drops the batch (counted; the first refusal is logged
///   as a warning, later ones at debug level).
/// - ``flush()`` returns once what was queued at the call is delivered or has failed;
///   ``shutdown(deadline:)`` delivers what it can before the deadline, then stops.
///
/// ```swift
/// let queue = try DeliveryQueue<Event, ContinuousClock>(configuration: .default) { batch in
///     do {
///         try await myClient.store(batch)
///         return .delivered
///     } catch {
///         return .failed(reason: "the store is unavailable")
///     }
/// }
/// queue.enqueue(event)
/// try await queue.flush(deadline: .now + .seconds(5))
/// ```
///
/// The queue is generic over the `Clock` that times batches, backoff and deadlines, so that
/// tests can run on a faster or manual clock.
///
/// Its background tasks start in the initializer, so that a command-line tool needs no
/// service runner; call ``shutdown(deadline:)`` when the host stops. Releasing the queue
/// without a shutdown stops its tasks and drops what is queued.
public final class DeliveryQueue<Element: Sendable, C: Clock>: Sendable where C.Duration == Duration {
    private let core: DeliveryCore<Element, C>
    private let tasks: [Task<Void, Never>]

    /// The configuration the queue was created with.
    public var configuration: DeliveryConfiguration { core.configuration }

    /// The clock that times batches, backoff and deadlines.
    public var clock: C { core.clock }

    /// Creates a queue and starts its background tasks.
    ///
    /// - Parameters:
    ///   - configuration: Capacity, batching, time limit per attempt, retries.
    ///   - clock: The clock for batch timing, backoff and deadlines.
    ///   - logger: Where the queue reports drops, retries and refusals.
    ///   - onSettled: Called once for every element with how its delivery ended (delivered,
    ///     refused, given up, or abandoned at shutdown), from the background, and always before
    ///     a ``flush()`` or ``shutdown(deadline:)`` that covers the element returns.
    ///   - deliver: Sends one batch (never empty) and says how it went. Runs in the background,
    ///     never on the caller of ``enqueue(_:)``; it is cancelled when its attempt times out
    ///     or the queue stops.
    /// - Throws: A `TelemetryError` with the `invalidConfiguration` code for an out-of-range
    ///   configuration value.
    public init(
        configuration: DeliveryConfiguration = .default,
        clock: C,
        logger: Logger = Logger(label: "swift-telemetry.delivery"),
        onSettled: (@Sendable (_ elements: [Element], _ outcome: DeliveryOutcome) -> Void)? = nil,
        deliver: @escaping @Sendable (_ batch: [Element]) async -> DeliveryResult
    ) throws(TelemetryError) {
        try configuration.validate()
        let core = DeliveryCore(
            configuration: configuration,
            clock: clock,
            logger: logger,
            deliver: deliver,
            onSettled: onSettled
        )
        self.core = core
        var tasks = (0..<configuration.maxConcurrentRequests).map { _ in
            Task { await core.runWorker() }
        }
        tasks.append(Task { await core.runTimer() })
        self.tasks = tasks
    }

    deinit {
        core.stop()
        for task in tasks { task.cancel() }
    }

    /// Offers `element` for delivery; never waits.
    ///
    /// - Returns: `false` when the element was dropped: the queue is full
    ///   (``DeliveryStatistics/droppedQueueFull``) or shutting down
    ///   (``DeliveryStatistics/droppedAtShutdown``).
    @discardableResult
    public func enqueue(_ element: Element) -> Bool {
        core.enqueue(element)
    }

    /// Offers the elements of `elements`, in order, with one acquisition of the queue's lock
    /// (the spool hands over a block of lines at a time); never waits.
    ///
    /// - Returns: How many were taken: the first ones, until the queue was full or shutting down.
    ///   The rest are dropped and counted as ``enqueue(_:)`` counts them.
    @discardableResult
    func enqueue<Elements: Collection<Element>>(contentsOf elements: Elements) -> Int {
        core.enqueue(contentsOf: elements)
    }

    /// Lets what is queued leave now, without waiting for a full batch or the batch timer.
    func expedite() {
        _ = core.beginFlush()
    }

    /// The counters right now.
    public var statistics: DeliveryStatistics {
        core.state.withLock { $0.currentStatistics }
    }

    /// Sends what is queued now without waiting for a full batch, and returns once all of it
    /// is delivered or has definitively failed (rejected, or retries exhausted).
    ///
    /// Retries are bounded by the ``RetryPolicy``, so this returns, but a hung collector can
    /// make it take `maxAttempts × (requestTimeout + maxDelay)`; prefer ``flush(deadline:)``.
    public func flush() async {
        await core.waitUntilSettled(core.beginFlush())
    }

    /// Like ``flush()``, but returns by `deadline`.
    ///
    /// - Throws: A ``TelemetryError`` with the `delivery` code when the deadline passed first;
    ///   the elements stay queued and delivery goes on in the background.
    public func flush(deadline: C.Instant) async throws {
        let mark = core.beginFlush()
        guard await core.waitUntilSettled(mark, deadline: deadline) else {
            let pending = statistics
            throw TelemetryError(
                code: .delivery,
                message: "The flush deadline passed with \(pending.queued + pending.inFlight) events still "
                    + "queued or in flight; delivery continues in the background. Check that the collector "
                    + "is reachable, or flush with a later deadline."
            )
        }
    }

    /// Stops accepting elements, delivers what is queued until `deadline`, then stops the
    /// background tasks. What is still queued or in flight at the deadline is dropped and
    /// counted in ``DeliveryStatistics/droppedAtShutdown``.
    ///
    /// Idempotent: a later call returns at once.
    ///
    /// - Throws: A ``TelemetryError`` with the `shutdown` code when the deadline passed with
    ///   elements undelivered.
    public func shutdown(deadline: C.Instant) async throws {
        let (isFirst, mark, workers) = core.state.withLock { state in
            guard state.phase == .running else {
                return (false, UInt64(0), [CheckedContinuation<Void, Never>]())
            }
            state.phase = .draining
            state.urgentBefore = .max
            return (true, state.nextSequence, state.takeIdleWorkers())
        }
        workers.resumeAll()
        guard isFirst else { return }
        let isSettled = await core.waitUntilSettled(mark, deadline: deadline)
        let pending = statistics
        core.stop()
        for task in tasks { task.cancel() }
        guard isSettled else {
            throw TelemetryError(
                code: .shutdown,
                message: "The shutdown deadline passed with \(pending.queued + pending.inFlight) events still "
                    + "queued or in flight; they were dropped. Give shutdown a later deadline, or check "
                    + "that the collector is reachable."
            )
        }
    }
}

extension DeliveryQueue where C == ContinuousClock {
    /// Creates a queue timed by the continuous clock.
    ///
    /// See ``init(configuration:clock:logger:onSettled:deliver:)``.
    public convenience init(
        configuration: DeliveryConfiguration = .default,
        logger: Logger = Logger(label: "swift-telemetry.delivery"),
        onSettled: (@Sendable (_ elements: [Element], _ outcome: DeliveryOutcome) -> Void)? = nil,
        deliver: @escaping @Sendable (_ batch: [Element]) async -> DeliveryResult
    ) throws(TelemetryError) {
        try self.init(
            configuration: configuration,
            clock: ContinuousClock(),
            logger: logger,
            onSettled: onSettled,
            deliver: deliver
        )
    }
}
