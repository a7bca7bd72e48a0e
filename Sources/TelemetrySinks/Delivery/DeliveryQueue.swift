//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

public import Logging
import TelemetryCore

/// A bounded queue that delivers elements to an HTTP endpoint in the background: batching,
/// per-request timeout, retries with backoff, flush and shutdown with a deadline.
///
/// It is the engine under ``HTTPSink`` and ``OTLPSink``, and public so that other senders
/// (the Better Auth publisher, a custom collector format) reuse it instead of copying it.
///
/// - ``enqueue(_:)`` never waits: it takes a mutex, appends, and returns. A full queue drops the
///   new element and counts it (``DeliveryStatistics/droppedQueueFull``).
/// - Background tasks take batches of up to ``DeliveryConfiguration/maxBatchSize`` elements as
///   soon as a batch is full, or every ``DeliveryConfiguration/scheduleDelay`` for a partial
///   batch, turn each into one body with the `encodeBatch` closure and POST it.
/// - A batch answered with 2xx is delivered. 429, 502, 503, 504 and network errors are retried
///   as the ``RetryPolicy`` says, honouring `Retry-After`. Any other status drops the batch
///   (counted; the first rejection is logged as a warning, later ones at debug level).
///   Header values and URLs are never logged.
/// - ``flush()`` returns once what was queued at the call is delivered or has failed;
///   ``shutdown(deadline:)`` delivers what it can before the deadline, then stops.
///
/// One element per request, as the Better Auth envelope wants it:
///
/// ```swift
/// var configuration = DeliveryConfiguration()
/// configuration.maxBatchSize = 1
/// let queue = try DeliveryQueue<[UInt8], ContinuousClock>(
///     endpoint: "https://telemetry.example.com/v1/track",
///     configuration: configuration,
///     transport: URLSessionTransport(),
///     encodeBatch: { $0[0] }                     // the pre-encoded envelope is the body
/// )
/// queue.enqueue(envelopeBytes)
/// try await queue.flush(deadline: .now + .seconds(5))
/// ```
///
/// The queue is generic over the `Clock` that times batches, backoff and deadlines, so that
/// tests can run on a faster or manual clock.
///
/// Its background tasks start in the initializer, so that a command-line tool needs no
/// service runner; call ``shutdown(deadline:)`` when the host stops (with the
/// `ServiceLifecycleSupport` trait, run it in a `ServiceGroup` and it is called for you).
/// Releasing the queue without a shutdown stops its tasks and drops what is queued.
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
    ///   - endpoint: The absolute `https://` URL to POST to (`http://` only for loopback, or
    ///     with ``DeliveryConfiguration/allowsInsecureEndpoint``). A URL with a user name or
    ///     password is refused: pass credentials as a header.
    ///   - headers: Header fields for every request, for example `Authorization`. Never logged.
    ///     `Content-Type: application/json` and a `User-Agent` are added unless present.
    ///   - configuration: Capacity, batching, timeout, retries.
    ///   - transport: What sends the requests.
    ///   - clock: The clock for batch timing, backoff and deadlines.
    ///   - logger: Where the queue reports drops and rejections.
    ///   - encodeBatch: Turns a batch (never empty) into one request body. Runs in the
    ///     background, never on the caller of ``enqueue(_:)``. A throw drops the batch.
    ///   - onDelivered: Called with each 2xx response and the number of elements it carried,
    ///     for example to read an OTLP `partialSuccess`.
    /// - Throws: A ``TelemetryError`` with the `invalidConfiguration` code for an invalid,
    ///   insecure or credential-carrying endpoint, or an out-of-range configuration value.
    public init(
        endpoint: String,
        headers: [HTTPHeader] = [],
        configuration: DeliveryConfiguration = .default,
        transport: any HTTPTransport,
        clock: C,
        logger: Logger = Logger(label: "swift-telemetry.delivery"),
        encodeBatch: @escaping @Sendable ([Element]) throws -> [UInt8],
        onDelivered: (@Sendable (_ response: HTTPResponse, _ count: Int) -> Void)? = nil
    ) throws {
        try configuration.validate()
        let url = try Endpoint.validate(endpoint, allowsInsecure: configuration.allowsInsecureEndpoint)
        var headers = headers
        if !headers.contains(where: { $0.name.lowercased() == "content-type" }) {
            headers.append(HTTPHeader(name: "Content-Type", value: "application/json"))
        }
        if !headers.contains(where: { $0.name.lowercased() == "user-agent" }) {
            headers.append(HTTPHeader(name: "User-Agent", value: LibraryVersion.userAgent))
        }
        let core = DeliveryCore(
            configuration: configuration,
            requestTemplate: HTTPRequest(url: url, headers: headers, timeout: configuration.requestTimeout),
            transport: transport,
            clock: clock,
            logger: logger,
            encodeBatch: encodeBatch,
            onDelivered: onDelivered
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
    /// See ``init(endpoint:headers:configuration:transport:clock:logger:encodeBatch:onDelivered:)``.
    public convenience init(
        endpoint: String,
        headers: [HTTPHeader] = [],
        configuration: DeliveryConfiguration = .default,
        transport: any HTTPTransport,
        logger: Logger = Logger(label: "swift-telemetry.delivery"),
        encodeBatch: @escaping @Sendable ([Element]) throws -> [UInt8],
        onDelivered: (@Sendable (_ response: HTTPResponse, _ count: Int) -> Void)? = nil
    ) throws {
        try self.init(
            endpoint: endpoint,
            headers: headers,
            configuration: configuration,
            transport: transport,
            clock: ContinuousClock(),
            logger: logger,
            encodeBatch: encodeBatch,
            onDelivered: onDelivered
        )
    }
}
