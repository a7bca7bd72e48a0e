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

/// A sink that appends events to a JSON Lines file: one `EventEncoder` line per event.
///
/// ```swift
/// let sink = try FileSink(path: "/var/log/my-cli/telemetry.jsonl",
///                         rotation: .init(maximumFileSize: 1 << 20, maximumFiles: 3))
/// ```
///
/// ## Guarantees
///
/// - **Whole lines, whatever the writers.** Each line (or, in ``Durability/buffered`` mode, each
///   batch of whole lines) is handed to the kernel with a single `write(2)` on a descriptor
///   opened with `O_APPEND`. Appends of one `write` to a local file are atomic, so any number of
///   threads, tasks **and processes** sharing the file never interleave or tear each other's
///   lines, whatever the size of an event.
/// - **A cut line stays one bad line.** If the disk fills in the middle of a line, the sink
///   terminates the partial line with a newline (or, if even that byte does not fit, starts its
///   next write with one), so a reader sees one unparseable line and then well-formed ones. One
///   case is beyond any writer's reach: a process killed (`SIGKILL`) while the kernel copies a
///   line larger than a page may leave that line incomplete. Readers of JSONL skip lines that do
///   not parse.
/// - **Never thrown at the host.** ``emit(_:)`` is synchronous and never throws: a write that
///   fails drops the event, counts it in ``statistics``, logs the first failure of a streak as a
///   warning, and is thrown, once, by the next ``flush()`` or ``shutdown(deadline:)``.
/// - **Bounded on disk, with rotation.** With a ``Rotation``, the file is renamed to `path.1`
///   (and `path.1` to `path.2`, …) when it reaches ``Rotation/maximumFileSize`` or
///   ``Rotation/maximumAge``; at most ``Rotation/maximumFiles`` rotated files are kept.
///   Processes sharing the file rotate under an advisory lock, and each one notices that the
///   path names a new file and reopens it, so no line is lost: a line written just before a
///   writer noticed lands in `path.1`. A file moved away by an external tool (logrotate's `mv`)
///   is noticed the same way; with logrotate's `copytruncate`, `O_APPEND` writes go to the new
///   end of the file, never leaving a hole (lines written between logrotate's copy and its
///   truncation are lost to the copy: that window is logrotate's, prefer `create`).
///
/// The file is created with mode `0600` (read and write for its owner only): it is the user's
/// audit trail of what the tool records, and no other local user needs to read it. Missing
/// parent directories are created with mode `0755`. Neither mode calls `fsync`: a line survives
/// a crash of the process, not necessarily of the machine. In ``Durability/buffered`` mode what
/// is buffered is also written when the process exits normally (`exit`, or returning from
/// `main`).
public final class FileSink: ManagedTelemetrySink {
    /// When lines reach the file.
    public enum Durability: Sendable, Hashable {
        /// Every event is written with its own `write(2)` before ``FileSink/emit(_:)`` returns.
        /// The default: an event survives a crash of the host as soon as it is emitted.
        case everyEvent
        /// Lines are collected in memory and written together, at least every 100 ms, on
        /// ``FileSink/flush()``, on ``FileSink/shutdown(deadline:)``, at 256 KiB, and when the
        /// process exits normally. Fewer system calls, higher throughput; a crash loses the events
        /// of the last 100 ms. Batches are still whole lines in one `write(2)`, so lines never tear;
        /// a line longer than 256 KiB is written on its own, at once.
        case buffered
    }

    /// When the file is rotated, and how many rotated files are kept.
    public struct Rotation: Sendable, Hashable {
        /// Rotate once the file holds this many bytes; `nil` for no size limit. The check comes
        /// after a write, so a file can pass the limit by one write: a line, or in
        /// ``Durability/buffered`` mode up to 256 KiB of lines.
        public var maximumFileSize: Int?
        /// Rotate once the file's first line is this old; `nil` for no age limit.
        public var maximumAge: Duration?
        /// How many rotated files (`path.1` … `path.N`) are kept; older ones are deleted.
        public var maximumFiles: Int

        /// Creates a rotation policy.
        ///
        /// - Parameters:
        ///   - maximumFileSize: Rotate at this many bytes (1 MiB by default).
        ///   - maximumAge: Rotate when the file's first line is this old (none by default).
        ///   - maximumFiles: Rotated files kept (3 by default, at least 1).
        public init(maximumFileSize: Int? = 1 << 20, maximumAge: Duration? = nil, maximumFiles: Int = 3) {
            self.maximumFileSize = maximumFileSize.map { max(1, $0) }
            self.maximumAge = maximumAge
            self.maximumFiles = max(1, maximumFiles)
        }

        /// Never rotate: the file grows without bound (the default for a path the host manages).
        public static var none: Rotation { Rotation(maximumFileSize: nil, maximumAge: nil, maximumFiles: 1) }

        var isEnabled: Bool { maximumFileSize != nil || maximumAge != nil }
    }

    /// What happened to the events given to the sink.
    public struct Statistics: Sendable, Hashable {
        /// Events written (or, in buffered mode, buffered for writing).
        public var written = 0
        /// Events dropped because a write failed (disk full, permission denied, …).
        public var droppedWriteFailures = 0
        /// Events dropped because they were emitted after ``FileSink/shutdown(deadline:)``.
        public var droppedAfterShutdown = 0
        /// Times the file was rotated by this sink.
        public var rotations = 0
        /// Times this sink reopened the path because another process or an external tool had
        /// moved the file away.
        public var reopened = 0
    }

    /// The path the sink appends to, as given.
    public let path: String
    /// When lines reach the file.
    public let durability: Durability
    /// When the file is rotated.
    public let rotation: Rotation
    let logger: Logger

    /// The buffered size that triggers a write in ``Durability/buffered`` mode. Each `write(2)`
    /// costs about 7 µs on top of its bytes on ext4 here (probably the inode's time stamps), so
    /// 256 KiB writes cost 67 ns a line against 77 for 64 KiB (`Benchmarks/RESULTS.md`, 6c/6d);
    /// the 100 ms delay, not this size, bounds what a crash can lose.
    static let bufferLimit = 256 * 1024
    /// The longest a line waits in the buffer in ``Durability/buffered`` mode, in nanoseconds.
    /// A literal, so that the per-event check reads a constant: a `static let` computed from a
    /// `Duration` is initialised lazily, and every read of it went through `swift_once`.
    static let bufferDelayNanoseconds: UInt64 = 100_000_000
    /// The longest a line waits in the buffer in ``Durability/buffered`` mode.
    static var bufferDelay: Duration { .nanoseconds(bufferDelayNanoseconds) }

    private let state: LockedValue<State>
    /// How often an age limit is measured on `ContinuousClock`: an eighth of the limit, at most
    /// once a second.
    private let ageCheckInterval: UInt64

    /// Opens (creating if needed) the file at `path` for appending.
    ///
    /// - Parameters:
    ///   - path: The file to append to. Missing parent directories are created.
    ///   - durability: When lines reach the file; ``Durability/everyEvent`` by default.
    ///   - rotation: When the file is rotated; never by default.
    ///   - logger: Where write failures are reported.
    /// - Throws: A `TelemetryError` with the `TelemetryError.Code.io` code when a directory
    ///   cannot be created or the file cannot be opened for writing.
    public init(
        path: String,
        durability: Durability = .everyEvent,
        rotation: Rotation = .none,
        logger: Logger = Logger(label: "swift-telemetry.file-sink")
    ) throws(TelemetryError) {
        guard !path.isEmpty else {
            throw TelemetryError(
                code: .invalidConfiguration,
                message: "FileSink needs a file path; it was given an empty string."
            )
        }
        try FileSystem.createDirectories(atPath: FileSystem.parentDirectory(of: path), mode: 0o755)
        let opened = try Self.open(path)
        self.path = path
        self.durability = durability
        self.rotation = rotation
        self.logger = logger
        self.ageCheckInterval = CoarseClock.nanoseconds(of: min(.seconds(1), (rotation.maximumAge ?? .zero) / 8))
        self.state = LockedValue(State(file: opened, startedAt: Self.startOfFile(path, size: opened.size)))
        if durability == .buffered {
            // The handler holds the state, not the sink: no weak reference to the sink, whose
            // side table LeakSanitizer would report as leaked once the handler is gone and the
            // sink lives on (its only pointer is encoded in the sink's reference count).
            ProcessExitFlush.register(self) { [state, path] in Self.writeBufferAtExit(state, path: path) }
        }
    }

    deinit {
        ProcessExitFlush.unregister(self)
        // No buffer timer is pending (a pending timer holds the sink strongly), so this is the
        // last chance to write what is buffered.
        state.withLock { state in
            if !state.isShutdown {
                try? state.writeBuffer(path: path)
                systemClose(state.file.descriptor)
                state.isShutdown = true
            }
        }
    }

    /// Appends `event` as one JSON line; never throws, never blocks on anything but the disk.
    ///
    /// Encoding happens outside the sink's lock, so concurrent callers encode in parallel; only
    /// the `write(2)` itself is serialised. A failure drops the event (see ``statistics``).
    public func emit(_ event: Event) {
        EventEncoder().withLine(event) { append(line: $0) }
    }

    /// Appends `line`, an encoded event with its newline.
    func append(line: UnsafeBufferPointer<UInt8>) {
        let (needsTimer, failure) = state.withLock { state -> (Bool, TelemetryError?) in
            guard !state.isShutdown else {
                state.statistics.droppedAfterShutdown += 1
                return (false, nil)
            }
            switch durability {
            case .everyEvent:
                return (false, writeLine(line, &state))
            case .buffered:
                // The coarse clock: this check runs for every event, and ContinuousClock.now
                // alone would cost a tenth of the event.
                let now = CoarseClock.nanoseconds
                var failure: TelemetryError?
                // A line that would take the buffer past its limit waits for a write of what
                // is buffered: the buffer is one fixed block.
                if state.bufferedCount > 0, state.bufferedCount + line.count > Self.bufferLimit {
                    failure = writeBuffered(&state)
                }
                guard line.count <= Self.bufferLimit else {
                    // Longer than the whole buffer: written on its own, at once (and counted
                    // whatever the write before it did).
                    let second = writeLine(line, &state)
                    return (false, failure ?? second)
                }
                // Made at the first line: an allocation this size is usually a fresh mapping,
                // whose pages cost memory only once written.
                if state.buffer == nil { state.buffer = LineBlock(capacity: Self.bufferLimit) }
                if state.bufferedCount == 0 { state.oldestBufferedAt = now }
                _ = state.buffer!.appendUnchecked(line)
                state.statistics.written += 1
                // The timer task may run late on a busy cooperative pool; a steady stream of
                // events still goes out on time because each emit checks the buffer's age.
                if state.bufferedCount >= Self.bufferLimit
                    || now &- state.oldestBufferedAt >= Self.bufferDelayNanoseconds
                {
                    let second = writeBuffered(&state)
                    return (false, failure ?? second)
                }
                guard !state.timerScheduled else { return (false, failure) }
                state.timerScheduled = true
                return (true, failure)
            }
        }
        if let failure { report(failure) }
        if needsTimer { scheduleTimer() }
    }

    /// Writes what is buffered, and throws the first write error since the last flush, if any.
    ///
    /// In ``Durability/everyEvent`` mode every event is already written when its ``emit(_:)``
    /// returns, so there is nothing to write. After shutdown it returns at once.
    ///
    /// - Throws: A `TelemetryError` with the `TelemetryError.Code.io` code when a write failed.
    public func flush() async throws(TelemetryError) {
        // Written as the timer writes, rotation included; a failure is logged (the first of a
        // streak) and thrown below with any earlier one.
        let failure = state.withLock { state -> TelemetryError? in
            guard !state.isShutdown else { return nil }
            return writeBuffered(&state)
        }
        if let failure { report(failure) }
        try state.withLock { state throws(TelemetryError) in
            guard !state.isShutdown else { return }
            try state.reportDeferredError()
        }
    }

    /// Writes what is buffered and closes the file. Idempotent; afterwards ``emit(_:)`` drops
    /// events and counts them.
    ///
    /// Writing to a local file does not wait on anything else, so the deadline is not needed to
    /// bound it; it is accepted for `ManagedTelemetrySink` conformance.
    ///
    /// - Throws: A `TelemetryError` with the `TelemetryError.Code.io` code when the final write
    ///   (or an earlier one since the last flush) failed; the file is closed all the same.
    public func shutdown(deadline: ContinuousClock.Instant) async throws(TelemetryError) {
        try close()
    }

    /// ``shutdown(deadline:)``, synchronously: writes what is buffered and closes the file.
    func close() throws(TelemetryError) {
        ProcessExitFlush.unregister(self)
        try state.withLock { state throws(TelemetryError) in
            guard !state.isShutdown else { return }
            state.isShutdown = true
            defer { systemClose(state.file.descriptor) }
            try state.writeBuffer(path: path)
            try state.reportDeferredError()
        }
    }

    /// What happened to the events so far.
    public var statistics: Statistics {
        state.withLock { $0.statistics }
    }

    /// Writes the buffer once ``bufferDelay`` has passed. The task holds the sink until then, so
    /// a sink dropped with buffered lines still writes them (from `deinit`, after the timer).
    private func scheduleTimer() {
        Task {
            try? await Task.sleep(for: Self.bufferDelay)
            let failure = self.state.withLock { state -> TelemetryError? in
                state.timerScheduled = false
                guard !state.isShutdown else { return nil }
                return self.writeBuffered(&state)
            }
            if let failure { self.report(failure) }
        }
    }

    /// Writes `line` with a `write(2)` of its own and maintains the file; returns the failure to
    /// report, if it starts a streak. A failed write drops the event; a failed rotation after
    /// it does not (the event is in the file).
    private func writeLine(_ line: UnsafeBufferPointer<UInt8>, _ state: inout State) -> TelemetryError? {
        do throws(TelemetryError) {
            try state.write(line, path: path)
        } catch {
            return state.recordFailure(error, events: 1)
        }
        state.statistics.written += 1
        do throws(TelemetryError) {
            try maintain(&state, adding: line.count)
            return nil
        } catch {
            return state.recordFailure(error, events: nil)
        }
    }

    /// Writes what is buffered and maintains the file; returns the failure to report, if this
    /// write starts a streak of them (the lines it held are counted as dropped either way).
    private func writeBuffered(_ state: inout State) -> TelemetryError? {
        do throws(TelemetryError) {
            let count = state.bufferedCount
            try state.writeBuffer(path: path)
            try maintain(&state, adding: count)
            return nil
        } catch {
            return state.recordFailure(error, events: nil)
        }
    }

    /// Called at process exit: writes what is buffered, without waiting for the timer.
    private static func writeBufferAtExit(_ state: LockedValue<State>, path: String) {
        state.withLock { state in
            guard !state.isShutdown else { return }
            try? state.writeBuffer(path: path)
        }
    }

    /// Logs the first failure of a streak (the later ones are only counted until a write
    /// succeeds again), so that a full disk does not flood the host's logs.
    private func report(_ failure: TelemetryError) {
        logger.warning(
            "Telemetry could not be written to a file; events are dropped until a write succeeds",
            metadata: ["error": "\(failure.message)"]
        )
    }

    // MARK: - Rotation

    /// After `count` more bytes: notices a file moved away by another writer, and rotates when
    /// the file is too large or too old. Cheap on most calls: the file is examined only every
    /// so many bytes (or, with an age limit, when the clock says so).
    private func maintain(_ state: inout State, adding count: Int) throws(TelemetryError) {
        state.bytesSinceCheck += count
        let checkEvery = min(64 * 1024, max(1, (rotation.maximumFileSize ?? Int.max) / 8))
        var isTooOld = false
        if let maximumAge = rotation.maximumAge {
            // The age counts the machine's sleep, so it is measured on ContinuousClock; the
            // coarse clock says when to measure it: an eighth of the limit (at most a second)
            // apart, not at every event.
            let now = CoarseClock.nanoseconds
            if now >= state.nextAgeCheck {
                state.nextAgeCheck = now &+ ageCheckInterval
                isTooOld = ContinuousClock.now - state.startedAt >= maximumAge
            }
        }
        guard state.bytesSinceCheck >= checkEvery || isTooOld else { return }
        state.bytesSinceCheck = 0
        let named = FileSystem.identity(atPath: path)
        let open = FileSystem.identity(ofDescriptor: state.file.descriptor)
        // Moved away (logrotate's mv, with or without a new file in its place) or rotated by
        // another process: follow the path.
        if let open, named.map({ $0.device != open.device || $0.inode != open.inode }) ?? true {
            try reopen(&state)
            state.statistics.reopened += 1
            return
        }
        guard rotation.isEnabled else { return }
        let isTooLarge = rotation.maximumFileSize.map { (open?.size ?? 0) >= $0 } ?? false
        guard isTooLarge || isTooOld else { return }
        try rotate(&state)
    }

    /// Renames `path` to `path.1` (shifting older files up and deleting the oldest) under the
    /// shared lock, then opens a new `path`. Another process may have rotated first: then the
    /// path already names a new file, and this sink only reopens it.
    private func rotate(_ state: inout State) throws(TelemetryError) {
        let descriptor = state.file.descriptor
        let rotation = rotation
        let path = path
        try FileSystem.withExclusiveLock(atPath: path + ".lock", timeout: .seconds(2)) { () throws(TelemetryError) in
            guard let named = FileSystem.identity(atPath: path),
                let open = FileSystem.identity(ofDescriptor: descriptor),
                named.device == open.device, named.inode == open.inode
            else { return }  // rotated by someone else already
            unlink("\(path).\(rotation.maximumFiles)")
            for generation in stride(from: rotation.maximumFiles - 1, through: 1, by: -1) {
                rename("\(path).\(generation)", "\(path).\(generation + 1)")
            }
            guard rename(path, "\(path).1") == 0 else {
                let code = errno
                throw TelemetryError(
                    code: .io,
                    message: "cannot rotate \(path): \(FileSystem.describe(errno: code)).",
                    errno: code
                )
            }
        }
        try reopen(&state)
        state.statistics.rotations += 1
    }

    /// Opens the path anew (a new, empty file after a rotation) in place of the open file.
    private func reopen(_ state: inout State) throws(TelemetryError) {
        let opened = try Self.open(path)
        systemClose(state.file.descriptor)
        state.file = opened
        state.startedAt = Self.startOfFile(path, size: opened.size)
    }

    private static func open(_ path: String) throws(TelemetryError) -> OpenFile {
        let descriptor = systemOpen(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else {
            let code = errno
            throw TelemetryError(
                code: .io,
                message: "cannot open \(path) to append telemetry: \(FileSystem.describe(errno: code)). "
                    + "Check that the path is a file in a directory this user can write, or choose another path.",
                errno: code
            )
        }
        return OpenFile(descriptor: descriptor, size: FileSystem.identity(ofDescriptor: descriptor)?.size ?? 0)
    }

    /// When the file's content began, on the continuous clock: now for an empty file, else the
    /// time of its first line (so a restarted host does not reset the age of an old file).
    private static func startOfFile(_ path: String, size: Int) -> ContinuousClock.Instant {
        let now = ContinuousClock.now
        guard size > 0, let bytes = FileSystem.prefixOfFile(atPath: path, count: 64 * 1024),
            let newline = bytes.firstIndex(of: UInt8(ascii: "\n")),
            let first = try? EventDecoder().decode(bytes[..<newline])
        else { return now }
        let age = Timestamp.milliseconds(Date()) - Timestamp.milliseconds(first.timestamp)
        return now - .milliseconds(max(0, age))
    }

    /// Writes `bytes` with one `write(2)`. A short write (disk full) gets a terminating newline,
    /// so that the next line starts on a line of its own, and fails. `lineLeftOpen` becomes
    /// `false` after a complete write, `true` when even the newline could not be written, and is
    /// unchanged when nothing was written.
    fileprivate static func write(
        _ bytes: UnsafeBufferPointer<UInt8>,
        to descriptor: Int32,
        path: String,
        lineLeftOpen: inout Bool
    ) throws(TelemetryError) {
        while true {
            let written = systemWrite(descriptor, bytes.baseAddress, bytes.count)
            if written == bytes.count {
                lineLeftOpen = false
                return
            }
            if written < 0 {
                let code = errno
                if code == EINTR { continue }  // Nothing was written: retrying cannot tear a line.
                throw TelemetryError(
                    code: .io,
                    message: "cannot append telemetry to \(path): \(FileSystem.describe(errno: code)). "
                        + advice(for: code) + " The event was not written.",
                    errno: code
                )
            }
            var newline = UInt8(ascii: "\n")
            lineLeftOpen = systemWrite(descriptor, &newline, 1) != 1
            throw TelemetryError(
                code: .io,
                message:
                    "wrote only \(written) of \(bytes.count) bytes of telemetry to \(path); the disk is probably full. "
                    + "The partial line was terminated so that readers can skip it. Free space on that disk or choose another path.",
                errno: ENOSPC
            )
        }
    }

    private static func advice(for code: Int32) -> String {
        switch code {
        case ENOSPC, EDQUOT: "Free space on that disk (or raise the quota), or choose another path."
        case EACCES, EPERM, EROFS: "Make the file writable by this user, or choose another path."
        case EFBIG: "The file has reached its size limit: rotate it or choose another path."
        default: "Check the file and its disk, or choose another path."
        }
    }
}

#if canImport(FoundationEssentials)
import struct FoundationEssentials.Date
#else
import struct Foundation.Date
#endif

extension FileSink {
    fileprivate struct OpenFile: Sendable {
        var descriptor: Int32
        var size: Int
    }

    private struct State: Sendable {
        var file: OpenFile
        var startedAt: ContinuousClock.Instant
        var isShutdown = false
        /// The lines waiting for the next write (`.buffered`); made at the first one.
        var buffer: LineBlock?
        /// When the first line now in ``buffer`` was added, on ``CoarseClock``.
        var oldestBufferedAt: UInt64 = 0
        /// When ``FileSink/maintain(_:adding:)`` next measures the file's age, on ``CoarseClock``.
        var nextAgeCheck: UInt64 = 0
        var timerScheduled = false
        var deferredError: TelemetryError?
        /// Whether the last write failed: only the first failure of a streak is logged.
        var isFailing = false
        /// A short write left a partial line that its terminating newline could not close
        /// either: the next write starts with a newline, so that its line stands on its own.
        var lineLeftOpen = false
        var bytesSinceCheck = 0
        var statistics = Statistics()

        /// How many bytes are buffered.
        var bufferedCount: Int { buffer?.end ?? 0 }

        init(file: OpenFile, startedAt: ContinuousClock.Instant) {
            self.file = file
            self.startedAt = startedAt
        }

        /// Writes `bytes` (whole lines) with one `write(2)`, first closing a line a failed write
        /// left open.
        mutating func write(_ bytes: UnsafeBufferPointer<UInt8>, path: String) throws(TelemetryError) {
            if lineLeftOpen {
                var joined: [UInt8] = [UInt8(ascii: "\n")]
                joined.reserveCapacity(bytes.count + 1)
                joined.append(contentsOf: bytes)
                try joined.withUnsafeBufferPointer { joined throws(TelemetryError) in
                    try FileSink.write(joined, to: file.descriptor, path: path, lineLeftOpen: &lineLeftOpen)
                }
            } else {
                try FileSink.write(bytes, to: file.descriptor, path: path, lineLeftOpen: &lineLeftOpen)
            }
            isFailing = false
        }

        /// Writes and empties the buffer (dropping it on failure: memory stays bounded).
        mutating func writeBuffer(path: String) throws(TelemetryError) {
            guard let buffer, buffer.end > 0 else { return }
            // Written from the buffer itself, then emptied in place: no copy, no new storage.
            defer { buffer.removeAll() }
            do throws(TelemetryError) {
                try buffer.withBytes(from: 0) { bytes throws(TelemetryError) in try write(bytes, path: path) }
            } catch {
                // The buffered events were counted as written when buffered; they were not.
                let lost = buffer.withBytes(from: 0) { bytes in
                    bytes.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
                }
                statistics.written -= lost
                statistics.droppedWriteFailures += lost
                throw error
            }
        }

        /// Keeps `error` for the next flush; returns it when it starts a streak (to be logged).
        /// `events` is the number of events it dropped when not already counted.
        mutating func recordFailure(_ error: TelemetryError, events: Int?) -> TelemetryError? {
            if let events { statistics.droppedWriteFailures += events }
            deferredError = deferredError ?? error
            defer { isFailing = true }
            return isFailing ? nil : error
        }

        /// Throws, once, the first error since the last flush.
        mutating func reportDeferredError() throws(TelemetryError) {
            guard let error = deferredError else { return }
            deferredError = nil
            throw error
        }
    }
}

// `write` and `open` inside FileSink resolve to its own methods; name the system calls explicitly.
@inline(__always)
private func systemWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
    #if canImport(Glibc)
    Glibc.write(descriptor, buffer, count)
    #elseif canImport(Musl)
    Musl.write(descriptor, buffer, count)
    #else
    Darwin.write(descriptor, buffer, count)
    #endif
}

@inline(__always)
private func systemClose(_ descriptor: Int32) {
    #if canImport(Glibc)
    _ = Glibc.close(descriptor)
    #elseif canImport(Musl)
    _ = Musl.close(descriptor)
    #else
    _ = Darwin.close(descriptor)
    #endif
}

@inline(__always)
private func systemOpen(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32 {
    #if canImport(Glibc)
    Glibc.open(path, flags, mode)
    #elseif canImport(Musl)
    Musl.open(path, flags, mode)
    #else
    Darwin.open(path, flags, mode)
    #endif
}
