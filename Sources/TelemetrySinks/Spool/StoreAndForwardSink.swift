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
/// - ``emit(_:)`` appends the event's line to this process's segment of the spool and queues it
///   for sending from the background. It never waits. Lines are buffered as `FileSink` buffers
///   them: written with one `write(2)` per 256 KiB or 100 ms, and at the latest when the process
///   exits normally. The queue holds where each line is in the segment, not a copy of it:
///   delivery reads the lines back from the file, and a line that does not read back whole is
///   never sent.
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
        /// Events spooled for this run's segment (written with the next hand-over of lines, at
        /// the latest at exit).
        public var spooled: Int
        /// Events of earlier runs found in the spool and queued for sending.
        public var recovered: Int
        /// Events not spooled because this run's segment was full (they were still sent if the
        /// queue had room).
        public var droppedSpoolFull: Int
        /// Events of earlier runs deleted unsent: older than the age limit, or pushed out by the
        /// size limit, or unreadable (also a line of this run that did not read back whole from
        /// its segment).
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
        /// The block that holds the line in memory (a recovered line, or one that is not in
        /// this run's segment), or `nil` when the line is read back from the segment. The line
        /// is stored as its block, offset and count rather than as a `LineBlock.Line` beside
        /// them: four words instead of six, which the queue copies for every event.
        private(set) var block: LineBlock?
        /// The segment that holds the line; `-1` when it is not spooled.
        var segment: Int
        /// Where the line is: in ``block``, or in the segment when there is no block.
        var offset: Int
        /// The line's length in bytes, without its newline.
        var count: Int

        /// A line kept in memory.
        init(line: LineBlock.Line, segment: Int) {
            self.block = line.block
            self.segment = segment
            self.offset = line.offset
            self.count = line.count
        }

        /// A line to be read back from `segment` at `offset`.
        init(segment: Int, offset: Int, count: Int) {
            self.block = nil
            self.segment = segment
            self.offset = offset
            self.count = count
        }

        /// The line in memory, if it is kept there.
        var line: LineBlock.Line? { block.map { $0.line(at: offset, count: count) } }
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
                // Nothing read back (the lines are counted, and stay in the kept segment): no request.
                guard let body = Self.body(of: records, format: format, state: state) else { return .delivered }
                let (compressed, fields) = compression.encode(body)
                return await http.send(compressed, extraFields: fields).result
            }
        )
        // What waits in the block is written at exit (and sent by the next run). The handler
        // holds the state, not the sink (see FileSink).
        ProcessExitFlush.register(self) { [state, logger] in
            Self.withLock(state, reportingTo: logger) { $0.writeWaiting() }
        }
        let recovery = Task { [weak self] () -> Void in self?.recoverEarlierRuns() }
        self.recovery.withLock { $0 = recovery }
    }

    deinit {
        recovery.withLock { $0?.cancel() }
        ProcessExitFlush.unregister(self)
        Self.withLock(state, reportingTo: logger) { $0.closeOwnSegment(removingIfSettled: false) }
    }

    // MARK: - Emit

    /// Spools `event` and queues it for sending; never waits.
    ///
    /// The line is encoded once, on the stack, and copied once: into a ``LineBlock``, which the
    /// segment is written from. The block's new lines are written (one `write(2)`) and handed to
    /// the delivery queue (one lock, a record of where each line is in the segment) together:
    /// when the block is full, when the oldest of them has waited 100 ms, and on ``flush()`` and
    /// ``shutdown(deadline:)``. At normal process exit they are written only, and the next run
    /// sends them. The block is then used again: the spool's memory does not grow with what
    /// waits to be sent.
    public func emit(_ event: Event) {
        EventEncoder().withLine(event) { terminated in
            let needsTimer = Self.withLock(state, reportingTo: logger) { state in
                state.accept(terminated, directory: directory, maximumBytes: limits.maximumBytes, queue: queue)
            }
            if needsTimer { scheduleHandOver() }
        }
    }

    /// Hands over what waits in the block once 100 ms (`FileSink.bufferDelay`) have passed, for
    /// when no later event comes to do it.
    private func scheduleHandOver() {
        Task { [weak self] in
            try? await Task.sleep(for: FileSink.bufferDelay)
            guard let self else { return }
            let queue = self.queue
            Self.withLock(self.state, reportingTo: self.logger) { state in
                state.isHandOverScheduled = false
                state.handOver(to: queue)
            }
        }
    }

    // MARK: - Flush and shutdown

    /// Returns once what was queued (this run's events and those recovered so far) is
    /// delivered or has failed, or after the configuration's flush timeout.
    public func flush() async throws {
        try await flush(deadline: .now + flushTimeout)
    }

    /// Like ``flush()``, with a deadline of your own.
    public func flush(deadline: ContinuousClock.Instant) async throws {
        let queue = queue
        Self.withLock(state, reportingTo: logger) { $0.handOver(to: queue) }
        try await queue.flush(deadline: deadline)
    }

    /// Delivers what is queued until `deadline`, then stops. What was delivered leaves the
    /// spool; what was not stays there for the next run, never lost.
    public func shutdown(deadline: ContinuousClock.Instant) async throws {
        recovery.withLock { $0?.cancel() }
        ProcessExitFlush.unregister(self)
        let queue = queue
        Self.withLock(state, reportingTo: logger) { state in
            state.handOver(to: queue)
            state.isShutdown = true
        }
        defer { Self.withLock(state, reportingTo: logger) { $0.closeOwnSegment(removingIfSettled: true) } }
        try await queue.shutdown(deadline: deadline)
    }

    /// The counters right now.
    ///
    /// An event counts as spooled when ``emit(_:)`` returns; it reaches the delivery counters
    /// (`enqueued`, `droppedQueueFull`) when its block of lines is handed to the queue, within
    /// 100 ms or at the next ``flush()``.
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

    /// The request body for `records`, whose lines are in memory or read back from this run's
    /// segment; `nil` when none of them could be read back (nothing is sent).
    static func body(of records: [Record], format: HTTPBodyFormat, state: LockedValue<State>) -> [UInt8]? {
        switch format.kind {
        case .eventArray:
            var body: [UInt8] = [UInt8(ascii: "[")]
            body.reserveCapacity(records.reduce(2) { $0 + $1.count + 1 })
            forEachLine(of: records, state: state) { line in
                if body.count > 1 { body.append(UInt8(ascii: ",")) }
                body.append(contentsOf: line)
            }
            guard body.count > 1 else { return nil }
            body.append(UInt8(ascii: "]"))
            return body
        case .betterAuthEnvelope:
            var event: Event?
            forEachLine(of: records.prefix(1), state: state) { event = try? EventDecoder().decode($0) }
            guard let event else { return nil }
            return HTTPBodyFormat.envelope(of: event).jsonBytes
        }
    }

    /// Calls `body` with each record's line, in order. Lines in the segment are read back a run
    /// of adjacent lines at a time (one `pread(2)` for a whole batch, usually), and each must
    /// decode as an event, through the same strict reader as the recovery of an earlier run's
    /// segment: a line that does not (the file was cut short or changed under the spool) is
    /// skipped, never sent, counted in ``Statistics/droppedFromSpool``, and its segment is kept
    /// for the next run.
    static func forEachLine(
        of records: some Collection<Record>,
        state: LockedValue<State>,
        _ body: (UnsafeBufferPointer<UInt8>) -> Void
    ) {
        var scratch: [UInt8] = []
        var skippedSegments: [Int: Int] = [:]
        var index = records.startIndex
        while index != records.endIndex {
            let record = records[index]
            if let line = record.line {
                line.withBytes(body)
                records.formIndex(after: &index)
                continue
            }
            // A run of lines that follow each other in one segment.
            var end = records.index(after: index)
            var next = record.offset + record.count + 1
            while end != records.endIndex, records[end].block == nil, records[end].segment == record.segment,
                records[end].offset == next
            {
                next += records[end].count + 1
                records.formIndex(after: &end)
            }
            let file = state.withLock { $0.file(ofSegment: record.segment) }
            scratch.removeAll(keepingCapacity: true)
            // What a short read returned still serves the lines it holds whole.
            let read = file?.read(next - record.offset, at: record.offset, appendingTo: &scratch) ?? 0
            scratch.withUnsafeBufferPointer { bytes in
                for member in records[index..<end] {
                    let start = member.offset - record.offset
                    guard start + member.count < read else {
                        skippedSegments[member.segment, default: 0] += 1
                        continue
                    }
                    let line = UnsafeBufferPointer(rebasing: bytes[start..<start + member.count])
                    if isWholeLine(line, terminator: bytes[start + member.count]) {
                        body(line)
                    } else {
                        skippedSegments[member.segment, default: 0] += 1
                    }
                }
            }
            index = end
        }
        guard !skippedSegments.isEmpty else { return }
        state.withLock { state in
            for (segment, skipped) in skippedSegments {
                state.droppedFromSpool += skipped
                state.modifySegment(segment) { $0.mustKeep = true }
            }
        }
    }

    /// Whether `line` reads back as the spool wrote it: one line, its newline after it, that
    /// decodes as an event.
    private static func isWholeLine(_ line: UnsafeBufferPointer<UInt8>, terminator: UInt8) -> Bool {
        guard terminator == UInt8(ascii: "\n"), line.first == UInt8(ascii: "{"),
            memchr(line.baseAddress!, Int32(UInt8(ascii: "\n")), line.count) == nil
        else { return false }
        return (try? EventDecoder().decode(line)) != nil
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
        /// The open file: it holds the advisory lock that marks the segment as taken, and this
        /// run's lines are written and read back through it.
        var file: SegmentFile
        /// The bytes spooled to it: written, or waiting in the block to be written.
        var bytes = 0
        /// The bytes written to it: where the next write goes.
        var written = 0
        /// Lines queued and not yet settled.
        var pending = 0
        /// A line of it was not delivered for good (retries exhausted, abandoned, not queued):
        /// the segment must stay for a later run.
        var mustKeep = false
    }

    typealias Queue = DeliveryQueue<Record, ContinuousClock>

    /// How long spooled lines may wait in the block before they are written and queued.
    static var handOverDelayNanoseconds: UInt64 { FileSink.bufferDelayNanoseconds }

    /// What went wrong under the spool's lock, logged once the lock is released: a log handler
    /// may be slow, or may record telemetry into this very sink.
    enum Warning: Sendable {
        /// This run's segment could not be created.
        case segmentNotCreated
        /// A write of this run's segment at `path` failed with `errno`.
        case segmentNotWritten(path: String, errno: Int32)
    }

    /// Runs `body` under the spool's lock, then logs the warning it left, once the lock is
    /// released. Every change of the spool's state that can write or create a segment goes
    /// through here.
    @inline(__always)
    @discardableResult
    static func withLock<Result>(
        _ state: LockedValue<State>,
        reportingTo logger: Logger,
        _ body: (inout State) -> Result
    ) -> Result {
        let (result, warning) = state.withLock { state in
            let result = body(&state)
            return (result, state.takeWarning())
        }
        if let warning { report(warning, to: logger) }
        return result
    }

    /// Logs `warning`.
    private static func report(_ warning: Warning, to logger: Logger) {
        switch warning {
        case .segmentNotCreated:
            logger.warning("Telemetry spool segment could not be created; events are sent without a local store")
        case .segmentNotWritten(let path, let code):
            logger.warning(
                "Telemetry spool segment could not be written; this run's later events are sent from memory, without a local store",
                metadata: ["path": "\(path)", "error": "\(FileSystem.describe(errno: code))"]
            )
        }
    }

    struct State: Sendable {
        /// A warning to log once the lock is released.
        var warning: Warning?
        /// This run's own segment, while it exists; kept out of ``claimed`` so that `emit`
        /// reaches it without a dictionary lookup.
        var own: Segment?
        /// The segments of earlier runs this run has claimed, by number.
        var claimed: [Int: Segment] = [:]
        var nextSegment = 0
        /// Where the queue's records keep their lines, and what this run's segment is written
        /// from.
        var block: LineBlock?
        /// The offset in ``block`` up to which its bytes are written to the segment, or are not
        /// the segment's (a line sent unspooled).
        var blockWritten = 0
        /// The lines of ``block`` past ``blockWritten``: spooled (counted in the segment's
        /// `bytes` and `pending`), neither written nor queued yet. Their records, made as they
        /// are spooled so that the hand-over queues this array as it is: each `offset` counts
        /// in the block, and the hand-over moves it to where the line is in the segment once
        /// the lines are written (after an exit-time write, they still count in the block until
        /// then).
        var waiting: [Record] = []
        /// When the first line now in ``waiting`` was added, on ``CoarseClock``.
        var oldestWaitingAt: UInt64 = 0
        /// The offset in this run's segment where the waiting lines were written, once they
        /// were and before they are queued (the exit handler writes them only; a later `spool`
        /// or `handOver` queues them).
        var waitingWrittenAt: Int?
        /// A write of this run's segment failed: later lines are sent without spooling.
        var failedToWrite = false
        var isHandOverScheduled = false
        var isShutdown = false
        var spooled = 0
        var recovered = 0
        var droppedSpoolFull = 0
        var droppedFromSpool = 0
        var failedToCreate = false

        var ownPath: String? { own?.path }

        /// Takes the warning to log, if any, once the lock is released.
        @inline(__always)
        mutating func takeWarning() -> Warning? {
            guard warning != nil else { return nil }
            defer { warning = nil }
            return warning
        }

        /// Spools `terminated` (a line with its newline) for this run's segment, or sends it
        /// without spooling when there is no segment, it failed, or it is full. Returns whether a
        /// timer must be started to hand the waiting lines over.
        @inline(__always)  // the per-event path: one call site, and the state is large
        mutating func accept(
            _ terminated: UnsafeBufferPointer<UInt8>,
            directory: String,
            maximumBytes: Int,
            queue: Queue
        ) -> Bool {
            // `own != nil` first: the call is needed only for the first event.
            guard !isShutdown, !failedToWrite, own != nil || openOwnSegment(in: directory) else {
                sendUnspooled(terminated, to: queue)
                return false
            }
            guard own!.bytes + terminated.count <= maximumBytes else {
                // The segment is full: it is kept (it is not complete), and the event is sent if
                // the queue takes it.
                own!.mustKeep = true
                droppedSpoolFull += 1
                sendUnspooled(terminated, to: queue)
                return false
            }
            return spool(terminated, handingOverTo: queue)
        }

        /// Whether this run has a segment, creating (and locking) it on first use.
        mutating func openOwnSegment(in directory: String) -> Bool {
            if own != nil { return true }
            guard !failedToCreate, !failedToWrite else { return false }
            let milliseconds = Int64(Date().timeIntervalSince1970 * 1000)
            let path = FileSystem.join(
                directory,
                "\(milliseconds)-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).jsonl"
            )
            let lock = open(path, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
            guard lock >= 0, FileSystem.tryLock(lock) else {
                if lock >= 0 { close(lock) }
                failedToCreate = true
                warning = .segmentNotCreated
                return false
            }
            own = Segment(number: nextSegment, path: path, file: SegmentFile(descriptor: lock))
            nextSegment += 1
            return true
        }

        /// Adds `terminated` (a line with its newline) to the block for this run's segment,
        /// which has room for it; hands the waiting lines over first when the block is full, and
        /// after when the oldest has waited long enough. Returns whether a timer must be started
        /// to hand them over.
        @inline(__always)  // the per-event path: one call site
        mutating func spool(_ terminated: UnsafeBufferPointer<UInt8>, handingOverTo queue: Queue) -> Bool {
            // Lines written at exit (while other threads still run) are queued before any line
            // is added after them: a record's offset counts from where they were written.
            if waitingWrittenAt != nil { handOver(to: queue) }
            if block?.hasRoom(for: terminated.count) != true {
                handOver(to: queue)
                // That hand-over's write failed: this line, and every later one, is sent from
                // memory only (the segment is not written again).
                if failedToWrite {
                    sendUnspooled(terminated, to: queue)
                    return false
                }
                // Spooled lines are read back from the file: a block no queued line names is used
                // again, so that its pages are touched once, not once per 200 events.
                if var current = block.take(), current.hasRoom(forAtMost: terminated.count),
                    isKnownUniquelyReferenced(&current)
                {
                    current.removeAll()
                    block = current
                }
                if block == nil { block = LineBlock(capacity: max(LineBlock.defaultCapacity, terminated.count)) }
                blockWritten = 0
                if waiting.capacity == 0 { waiting.reserveCapacity(256) }
            }
            // The coarse clock: this runs for every event (see FileSink).
            let now = CoarseClock.nanoseconds
            if waiting.isEmpty { oldestWaitingAt = now }
            waiting.append(
                Record(segment: own!.number, offset: block!.appendUnchecked(terminated), count: terminated.count - 1)
            )
            own!.bytes += terminated.count
            own!.pending += 1
            spooled += 1
            // A steady stream leaves on time even when the timer task runs late.
            if now &- oldestWaitingAt >= StoreAndForwardSink.handOverDelayNanoseconds {
                handOver(to: queue)
                return false
            }
            guard !isHandOverScheduled else { return false }
            isHandOverScheduled = true
            return true
        }

        /// Writes the waiting lines to this run's segment with one `write(2)`, then queues them
        /// with one acquisition of the queue's lock: as records of where they are in the file,
        /// which delivery reads back, so that the queue holds no copy of them. (If the write
        /// failed, the records name the lines in the block instead, and what the queue refuses
        /// is lost with the incomplete segment's other lines.) What the queue refuses of written
        /// lines stays in the spool for the next run.
        mutating func handOver(to queue: Queue) {
            guard !waiting.isEmpty, let block else { return }
            writeWaiting()
            let accepted: Int
            if let base = waitingWrittenAt {
                // The lines are in the segment from `base` on, as they were in the block.
                let distance = base - waiting[0].offset
                for index in waiting.indices { waiting[index].offset &+= distance }
                accepted = queue.enqueue(contentsOf: waiting)
            } else {
                accepted = queue.enqueue(
                    contentsOf: waiting.lazy.map { record in
                        Record(line: block.line(at: record.offset, count: record.count), segment: record.segment)
                    }
                )
            }
            if accepted < waiting.count {
                own!.pending -= waiting.count - accepted
                // Refused lines that are in the segment wait there for the next run; the lines of
                // a failed write are not in it, and are lost (counted as refused by the queue).
                if waitingWrittenAt != nil { own!.mustKeep = true }
            }
            waiting.removeAll(keepingCapacity: true)
            waitingWrittenAt = nil
        }

        /// Writes the waiting lines to this run's segment, without queueing them (at exit, and
        /// before a hand-over). A failed write keeps the segment (it is incomplete) and stops
        /// spooling: later events are sent from memory.
        mutating func writeWaiting() {
            // Past `blockWritten` the block holds the waiting lines only. After a failed write
            // (at exit, say) they stay in the block, and the hand-over sends them from there.
            guard !waiting.isEmpty, waitingWrittenAt == nil, !failedToWrite, let block, own != nil else { return }
            let offset = own!.written
            let isWritten = block.withBytes(from: blockWritten) { own!.file.write($0, at: offset) }
            let code = errno
            let count = block.end - blockWritten
            blockWritten = block.end
            if isWritten {
                own!.written += count
                waitingWrittenAt = offset
            } else {
                // What a failed write left past the last whole line is cut off, so that the next
                // run reads whole lines only; these lines are sent from memory, and later ones
                // are not spooled (`emit` checks `failedToWrite`). The segment's earlier lines
                // still leave it as they are delivered: once none is pending it is deleted, as
                // any other (these lines' records count as its pending lines, but are not in it).
                _ = ftruncate(own!.file.descriptor, off_t(offset))
                failedToWrite = true
                warning = .segmentNotWritten(path: own!.path, errno: code)
            }
        }

        /// Queues `terminated` without spooling it (shut down, no segment, a write of the segment
        /// failed, or the segment full);
        /// the lines waiting before it are handed over first, so that the block's unwritten
        /// part stays the segment's alone.
        mutating func sendUnspooled(_ terminated: UnsafeBufferPointer<UInt8>, to queue: Queue) {
            handOver(to: queue)
            let stored = LineBlock.store(UnsafeBufferPointer(rebasing: terminated.dropLast()), in: &block)
            blockWritten = block!.end
            if !queue.enqueue(Record(line: stored, segment: -1)) {
                // Refused: its space in the block is given back, so that a full queue does not
                // keep a block alive per refused line.
                block?.reclaim(stored)
                blockWritten = block!.end
            }
        }

        /// The file of segment number `index`, this run's or a claimed one, if it still exists.
        func file(ofSegment index: Int) -> SegmentFile? {
            own?.number == index ? own?.file : claimed[index]?.file
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
            claimed[index] = Segment(
                number: index,
                path: path,
                file: SegmentFile(descriptor: descriptor),
                pending: lines
            )
            return index
        }

        /// Deletes the segment once nothing of it is pending and nothing must be kept. This
        /// run's own segment is deleted too (a new one is made on the next emit), so that a
        /// long-running host's spool does not grow with what was sent.
        mutating func removeIfSettled(_ index: Int) {
            let isOwn = own?.number == index
            guard let segment = isOwn ? own : claimed[index], segment.pending <= 0, !segment.mustKeep else { return }
            if isOwn, isShutdown { return }  // the shutdown removes it after the last write
            unlink(segment.path)  // the file closes with the last batch reading it
            if isOwn {
                own = nil
            } else {
                claimed[index] = nil
            }
        }

        /// At shutdown (or release): writes this run's buffered lines, then deletes its segment
        /// if everything in it was delivered, or leaves it (unlocked) for the next run.
        mutating func closeOwnSegment(removingIfSettled: Bool) {
            writeWaiting()
            waiting.removeAll()
            waitingWrittenAt = nil
            guard let segment = own else { return }
            if removingIfSettled, segment.pending <= 0, !segment.mustKeep {
                unlink(segment.path)
            }
            own = nil
        }
    }
}
