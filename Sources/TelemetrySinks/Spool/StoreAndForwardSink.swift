//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

public import Logging
@_spi(TelemetryInternals) public import TelemetryCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Remote delivery for processes that may exit at any moment: each event is stored in a local
/// spool before it is sent, and what a run could not send is sent by the next run of the tool.
///
/// A command-line tool records an event and exits a few milliseconds later; an HTTP request
/// cannot finish in that time, and waiting for it would make the tool slow. This sink does what
/// Tuist does:
///
/// - ``emit(_:)`` appends the event's line to this process's segment of the spool (a `FileSink`
///   in buffered mode: one `write(2)` of whole lines, written at the latest when the process
///   exits normally) and queues it for sending from the background. It never waits.
/// - When the sink starts, a background task claims the segments of earlier runs that have
///   ended (each run holds an advisory lock on its own segment while it lives) and queues their
///   events for sending too. A segment is deleted once every event in it was delivered (or
///   refused by the collector for good).
/// - Delivery is **at least once**: an event sent just before its process exited, or sent by one
///   run while the next one claims it, can arrive twice. Every event carries its `event_id`, so
///   a collector drops the duplicate.
/// - The spool is bounded in bytes and in age: a segment of a run that ended longer ago than
///   ``Limits/maximumAge`` is deleted unsent, the oldest segments go when the spool is larger
///   than ``Limits/maximumBytes``, and this run stops spooling (and counts the drops) when its
///   own segment reaches the bound. `telemetry disable` deletes the spool.
///
/// The front door (`TelemetryContext.standard(tool:toolVersion:configuration:)`) uses it for
/// `<TOOL>_TELEMETRY_ENDPOINT`; servers keep it too, and call ``shutdown(deadline:)`` to deliver
/// what is pending before they stop.
public final class StoreAndForwardSink: ManagedTelemetrySink {
    /// How large and how old the spool may grow.
    public struct Limits: Sendable, Hashable {
        /// The most bytes the spool holds, every run's segments together (4 MiB by default).
        public var maximumBytes: Int
        /// The oldest an unsent event may be before it is deleted unsent (7 days by default).
        public var maximumAge: Duration

        /// Creates limits.
        public init(maximumBytes: Int = 4 << 20, maximumAge: Duration = .seconds(7 * 24 * 3600)) {
            self.maximumBytes = max(4096, maximumBytes)
            self.maximumAge = maximumAge
        }
    }

    /// What happened to the events given to the sink and found in the spool.
    public struct Statistics: Sendable, Hashable, CustomStringConvertible {
        /// The delivery counters (enqueued, delivered, dropped, retried, …).
        public var delivery: DeliveryStatistics
        /// Events written to this run's segment.
        public var spooled: Int
        /// Events of earlier runs found in the spool and queued for sending.
        public var recovered: Int
        /// Events not spooled because this run's segment was full (they were still sent if the
        /// queue had room).
        public var droppedSpoolFull: Int
        /// Events of earlier runs deleted unsent: older than the age limit, or pushed out by the
        /// size limit, or unreadable.
        public var droppedFromSpool: Int

        /// For logs.
        public var description: String {
            "\(delivery) spooled=\(spooled) recovered=\(recovered) droppedSpoolFull=\(droppedSpoolFull) droppedFromSpool=\(droppedFromSpool)"
        }
    }

    /// The spool directory.
    public let directory: String
    /// The spool's limits.
    public let limits: Limits
    let logger: Logger
    private let format: HTTPBodyFormat
    private let flushTimeout: Duration
    private let queue: DeliveryQueue<Record, ContinuousClock>
    private let state: LockedValue<State>
    private let recovery: LockedValue<Task<Void, Never>?> = LockedValue(nil)

    /// One event in the queue: its line, and the segment of the spool that holds it (`-1` when
    /// it is not spooled).
    struct Record: Sendable {
        var line: LineBlock.Line
        var segment: Int
    }

    /// Creates the sink and starts its background work: delivery, and the recovery of what
    /// earlier runs left in `directory`.
    ///
    /// - Parameters:
    ///   - directory: The spool directory (created with mode 0700); the front door uses the
    ///     tool's `spool/` directory, which `telemetry disable` deletes.
    ///   - endpoint: The collector URL (the rules of ``HTTPSink``).
    ///   - configuration: Headers, body format, compression, batching, retries.
    ///   - limits: How large and old the spool may grow.
    ///   - transport: What sends the requests.
    ///   - logger: Where drops and failures are reported.
    /// - Throws: A `TelemetryError`: `invalidConfiguration` for the endpoint or a setting, `io`
    ///   when the spool directory cannot be created.
    public init(
        directory: String,
        endpoint: String,
        configuration: HTTPSink.Configuration = .default,
        limits: Limits = Limits(),
        transport: any HTTPTransport = StandardHTTPTransport(),
        logger: Logger = Logger(label: "swift-telemetry.store-and-forward")
    ) throws(TelemetryError) {
        try FileSystem.createDirectories(atPath: directory, mode: 0o700)
        let format = configuration.format
        var delivery = configuration.delivery
        if format.sendsOneRecordPerRequest { delivery.maxBatchSize = 1 }
        let http = try HTTPDelivery(
            endpoint: endpoint,
            headers: configuration.headers,
            allowsInsecureEndpoint: configuration.allowsInsecureEndpoint,
            contentType: format.contentType,
            headerSource: "the store-and-forward headers",
            transport: transport,
            timeout: delivery.requestTimeout
        )
        let compression = configuration.compression
        try compression.checkAvailable()
        let state = LockedValue(State())
        self.state = state
        self.directory = directory
        self.limits = limits
        self.logger = logger
        self.format = format
        self.flushTimeout = configuration.flushTimeout
        self.queue = try DeliveryQueue(
            configuration: delivery,
            logger: logger,
            onSettled: { records, outcome in
                Self.settle(records, outcome: outcome, state: state)
            },
            deliver: { records in
                let (body, fields) = compression.encode(Self.body(of: records, format: format))
                return await http.send(body, extraFields: fields).result
            }
        )
        let recovery = Task { [weak self] () -> Void in self?.recoverEarlierRuns() }
        self.recovery.withLock { $0 = recovery }
    }

    deinit {
        recovery.withLock { $0?.cancel() }
        state.withLock { $0.closeOwnSegment(removingIfSettled: false) }
    }

    // MARK: - Emit

    /// Spools `event` and queues it for sending; never waits.
    ///
    /// The line is encoded once, on the stack: the spool's file writer copies it from there, and
    /// so does the queue's record, into a ``LineBlock`` it shares with the lines around it (no
    /// allocation per event).
    public func emit(_ event: Event) {
        EventEncoder().withLine(event) { terminated in
            let line = UnsafeBufferPointer(rebasing: terminated.dropLast())
            let directory = directory
            let maximumBytes = limits.maximumBytes
            let logger = logger
            let record = state.withLock { state -> Record in
                let stored = LineBlock.store(line, in: &state.block)
                guard !state.isShutdown, state.openOwnSegment(in: directory, logger: logger) else {
                    return Record(line: stored, segment: -1)
                }
                let spooled = State.spool(terminated, into: &state.own!, maximumBytes: maximumBytes)
                if spooled { state.spooled += 1 } else { state.droppedSpoolFull += 1 }
                return Record(line: stored, segment: spooled ? state.own!.number : -1)
            }
            // Without a spool (shut down, full, or no segment) it is sent if the queue takes it.
            if !queue.enqueue(record) {
                state.withLock { state in
                    // Refused: its copy is dropped, and its space in the block given back, so that
                    // a full queue does not keep a block alive per accepted line.
                    state.block?.reclaim(record.line)
                    // It stays in the spool for the next run.
                    guard record.segment >= 0 else { return }
                    state.modifySegment(record.segment) { segment in
                        segment.pending -= 1
                        segment.mustKeep = true
                    }
                }
            }
        }
    }

    // MARK: - Flush and shutdown

    /// Returns once what was queued (this run's events and those recovered so far) is
    /// delivered or has failed, or after the configuration's flush timeout.
    public func flush() async throws {
        try await queue.flush(deadline: .now + flushTimeout)
    }

    /// Like ``flush()``, with a deadline of your own.
    public func flush(deadline: ContinuousClock.Instant) async throws {
        try await queue.flush(deadline: deadline)
    }

    /// Delivers what is queued until `deadline`, then stops. What was delivered leaves the
    /// spool; what was not stays there for the next run, never lost.
    public func shutdown(deadline: ContinuousClock.Instant) async throws {
        recovery.withLock { $0?.cancel() }
        state.withLock { $0.isShutdown = true }
        defer { state.withLock { $0.closeOwnSegment(removingIfSettled: true) } }
        try await queue.shutdown(deadline: deadline)
    }

    /// The counters right now.
    public var statistics: Statistics {
        let delivery = queue.statistics
        return state.withLock { state in
            Statistics(
                delivery: delivery,
                spooled: state.spooled,
                recovered: state.recovered,
                droppedSpoolFull: state.droppedSpoolFull,
                droppedFromSpool: state.droppedFromSpool
            )
        }
    }

    /// Waits until the recovery of earlier runs' segments has queued what it found (tests and
    /// tools that want to send the backlog before exiting).
    public func waitForRecovery() async {
        await recovery.withLock { $0 }?.value
    }

    // MARK: - Delivery

    static func body(of records: [Record], format: HTTPBodyFormat) -> [UInt8] {
        switch format.kind {
        case .eventArray:
            var body: [UInt8] = [UInt8(ascii: "[")]
            body.reserveCapacity(records.reduce(2) { $0 + $1.line.count + 1 })
            for (index, record) in records.enumerated() {
                if index > 0 { body.append(UInt8(ascii: ",")) }
                record.line.withBytes { body.append(contentsOf: $0) }
            }
            body.append(UInt8(ascii: "]"))
            return body
        case .betterAuthEnvelope:
            guard let event = records[0].line.withBytes({ try? EventDecoder().decode($0) }) else {
                return Array("{}".utf8)
            }
            return HTTPBodyFormat.envelope(of: event).jsonBytes
        }
    }

    /// Books how `records` ended; deletes a segment once every line of it is settled.
    private static func settle(_ records: [Record], outcome: DeliveryOutcome, state: LockedValue<State>) {
        let isFinal = outcome == .delivered || outcome == .rejected
        state.withLock { state in
            for record in records where record.segment >= 0 {
                state.modifySegment(record.segment) { segment in
                    segment.pending -= 1
                    if !isFinal { segment.mustKeep = true }
                }
                state.removeIfSettled(record.segment)
            }
        }
    }

    // MARK: - Recovery

    /// Claims the segments of runs that ended, deletes what is too old or too much, and queues
    /// the rest.
    private func recoverEarlierRuns() {
        let own = state.withLock { $0.ownPath }
        let now = Date()
        var candidates: [(path: String, modified: Date, size: Int)] = []
        for name in FileSystem.directoryEntries(atPath: directory) where name.hasSuffix(".jsonl") {
            let path = FileSystem.join(directory, name)
            guard path != own, let info = Self.modification(of: path) else { continue }
            candidates.append((path, info.modified, info.size))
        }
        // Oldest first: the size limit deletes the oldest, and delivery keeps their order.
        candidates.sort { $0.modified < $1.modified }
        var total = candidates.reduce(0) { $0 + $1.size }
        for candidate in candidates {
            if Task.isCancelled { return }
            let descriptor = open(candidate.path, O_RDWR | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
            guard descriptor >= 0 else { continue }
            guard FileSystem.tryLock(descriptor) else {
                close(descriptor)  // its run is alive: it sends its own
                continue
            }
            let age = now.timeIntervalSince(candidate.modified)
            let isTooOld = age > Double(limits.maximumAge.components.seconds)
            if isTooOld || total > limits.maximumBytes {
                let lines = Self.lineCount(candidate.path)
                unlink(candidate.path)
                close(descriptor)
                total -= candidate.size
                state.withLock { $0.droppedFromSpool += lines }
                logger.debug(
                    "Telemetry spool segment deleted unsent",
                    metadata: ["events": "\(lines)", "reason": "\(isTooOld ? "too old" : "spool too large")"]
                )
                continue
            }
            recover(candidate.path, descriptor: descriptor)
        }
    }

    /// Queues the lines of the claimed segment at `path` (locked through `descriptor`).
    private func recover(_ path: String, descriptor: Int32) {
        guard
            let bytes = FileSystem.contentsOfFile(
                atPath: path,
                maxBytes: limits.maximumBytes,
                followsSymbolicLinks: false
            )
        else {
            unlink(path)
            close(descriptor)
            return
        }
        let oldest = Date().addingTimeInterval(-Double(limits.maximumAge.components.seconds))
        // The recovered lines get blocks of their own, filled here before any is queued.
        var block: LineBlock?
        var records: [LineBlock.Line] = []
        var dropped = 0
        for line in bytes.split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
            // The one strict reader: a torn or foreign line is dropped, never sent.
            guard let event = try? EventDecoder().decode(line), event.timestamp >= oldest else {
                dropped += 1
                continue
            }
            records.append(line.withUnsafeBufferPointer { LineBlock.store($0, in: &block) })
        }
        let segment = state.withLock { state -> Int in
            state.droppedFromSpool += dropped
            return state.adopt(path: path, descriptor: descriptor, lines: records.count)
        }
        var queued = 0
        for line in records {
            guard queue.enqueue(Record(line: line, segment: segment)) else { break }
            queued += 1
        }
        queue.expedite()  // what waited for a run to send it leaves at once
        state.withLock { state in
            state.recovered += queued
            if queued < records.count {
                // The queue is full: what did not fit stays in the spool for a later run.
                state.modifySegment(segment) { segment in
                    segment.pending -= records.count - queued
                    segment.mustKeep = true
                }
            }
            state.removeIfSettled(segment)
        }
    }

    private static func modification(of path: String) -> (modified: Date, size: Int)? {
        var info = stat()
        guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        #if canImport(Darwin)
        let seconds = Double(info.st_mtimespec.tv_sec) + Double(info.st_mtimespec.tv_nsec) / 1e9
        #else
        let seconds = Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9
        #endif
        return (Date(timeIntervalSince1970: seconds), Int(info.st_size))
    }

    private static func lineCount(_ path: String) -> Int {
        guard let bytes = FileSystem.contentsOfFile(atPath: path, maxBytes: 64 << 20, followsSymbolicLinks: false)
        else { return 0 }
        return bytes.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
    }
}

#if canImport(FoundationEssentials)
import struct FoundationEssentials.Date
#else
import struct Foundation.Date
#endif

extension StoreAndForwardSink {
    /// One segment file of the spool: this run's own, or one claimed from an earlier run.
    struct Segment: Sendable {
        /// The number that records name it by.
        var number: Int
        var path: String
        /// The descriptor holding the advisory lock that marks the segment as taken.
        var lock: Int32
        /// This run's writer, for its own segment; `nil` for a claimed one.
        var sink: FileSink?
        var bytes = 0
        /// Lines queued and not yet settled.
        var pending = 0
        /// A line of it was not delivered for good (retries exhausted, abandoned, not queued):
        /// the segment must stay for a later run.
        var mustKeep = false
    }

    struct State: Sendable {
        /// This run's own segment, while it exists; kept out of ``claimed`` so that `emit`
        /// reaches it without a dictionary lookup.
        var own: Segment?
        /// The segments of earlier runs this run has claimed, by number.
        var claimed: [Int: Segment] = [:]
        var nextSegment = 0
        /// Where the queue's records keep their lines.
        var block: LineBlock?
        var isShutdown = false
        var spooled = 0
        var recovered = 0
        var droppedSpoolFull = 0
        var droppedFromSpool = 0
        var failedToCreate = false

        var ownPath: String? { own?.path }

        /// Whether this run has a segment, creating (and locking) it on first use.
        mutating func openOwnSegment(in directory: String, logger: Logger) -> Bool {
            if own != nil { return true }
            guard !failedToCreate else { return false }
            let milliseconds = Int64(Date().timeIntervalSince1970 * 1000)
            let path = FileSystem.join(
                directory,
                "\(milliseconds)-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).jsonl"
            )
            let lock = open(path, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
            guard lock >= 0, FileSystem.tryLock(lock), let sink = try? FileSink(path: path, durability: .buffered)
            else {
                if lock >= 0 { close(lock) }
                failedToCreate = true
                logger.warning("Telemetry spool segment could not be created; events are sent without a local store")
                return false
            }
            own = Segment(number: nextSegment, path: path, lock: lock, sink: sink)
            nextSegment += 1
            return true
        }

        /// Appends `line` (with its newline) to `segment`; `false` when the segment is full (it
        /// is then kept: it is not complete).
        static func spool(_ line: UnsafeBufferPointer<UInt8>, into segment: inout Segment, maximumBytes: Int) -> Bool {
            guard segment.bytes + line.count <= maximumBytes else {
                segment.mustKeep = true
                return false
            }
            segment.sink?.append(line: line)
            segment.bytes += line.count
            segment.pending += 1
            return true
        }

        /// Changes segment number `index`, this run's or a claimed one, if it still exists.
        mutating func modifySegment(_ index: Int, _ body: (inout Segment) -> Void) {
            if own?.number == index {
                body(&own!)
            } else if claimed[index] != nil {
                body(&claimed[index]!)
            }
        }

        /// Takes over a claimed segment of an earlier run.
        mutating func adopt(path: String, descriptor: Int32, lines: Int) -> Int {
            let index = nextSegment
            nextSegment += 1
            claimed[index] = Segment(number: index, path: path, lock: descriptor, sink: nil, bytes: 0, pending: lines)
            return index
        }

        /// Deletes the segment once nothing of it is pending and nothing must be kept. This
        /// run's own segment is deleted too (a new one is made on the next emit), so that a
        /// long-running host's spool does not grow with what was sent.
        mutating func removeIfSettled(_ index: Int) {
            let isOwn = own?.number == index
            guard let segment = isOwn ? own : claimed[index], segment.pending <= 0, !segment.mustKeep else { return }
            if isOwn, isShutdown { return }  // the shutdown removes it after the last write
            unlink(segment.path)
            close(segment.lock)
            if isOwn {
                own = nil
            } else {
                claimed[index] = nil
            }
        }

        /// At shutdown (or release): writes this run's buffered lines, then deletes its segment
        /// if everything in it was delivered, or leaves it (unlocked) for the next run.
        mutating func closeOwnSegment(removingIfSettled: Bool) {
            guard let segment = own else { return }
            if removingIfSettled, segment.pending <= 0, !segment.mustKeep {
                unlink(segment.path)
            } else {
                try? segment.sink?.close()
            }
            close(segment.lock)
            own = nil
        }
    }
}
