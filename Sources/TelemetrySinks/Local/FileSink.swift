//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

public import TelemetryCore

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
/// let sink = try FileSink(path: "/var/log/my-cli/telemetry.jsonl")
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
///   next write with one), so a reader sees one unparseable line and then well-formed ones, and
///   ``emit(_:)`` throws. One case is beyond any writer's reach: a process killed (`SIGKILL`)
///   while the kernel copies a line larger than a page may leave that line incomplete, and the
///   next line appended by another process then follows it on the same line. Readers of JSONL
///   should skip lines that do not parse.
/// - **Errors, never crashes.** Opening, creating directories and writing fail with a
///   `TelemetryError` whose code is `TelemetryError.Code.io` and whose message names the
///   path and what to do. The host keeps running.
///
/// The file is created with mode `0600` (read and write for its owner only): it is the user's
/// audit trail of what the tool records, and no other local user needs to read it. An existing
/// file keeps its mode. Missing parent directories are created with mode `0755`. Neither mode
/// calls `fsync`: a line survives a crash of the process, not necessarily of the machine.
public final class FileSink: ManagedTelemetrySink {
    /// When lines reach the file.
    public enum Durability: Sendable, Hashable {
        /// Every event is written with its own `write(2)` before ``FileSink/emit(_:)`` returns.
        /// The default: an event survives a crash of the host as soon as it is emitted.
        case everyEvent
        /// Lines are collected in memory and written together, at least every 100 ms, on
        /// ``FileSink/flush()``, on ``FileSink/shutdown(deadline:)``, and whenever 64 KiB have
        /// accumulated. Fewer system calls, higher throughput; a crash loses the events of the
        /// last 100 ms. Batches are still whole lines in one `write(2)`, so lines never tear.
        case buffered
    }

    /// The path the sink appends to, as given.
    public let path: String
    /// When lines reach the file.
    public let durability: Durability

    /// The buffered size that triggers a write in ``Durability/buffered`` mode.
    static let bufferLimit = 64 * 1024
    /// The longest a line waits in the buffer in ``Durability/buffered`` mode.
    static let bufferDelay = Duration.milliseconds(100)

    private let state: LockedValue<State>

    /// Opens (creating if needed) the file at `path` for appending.
    ///
    /// - Parameters:
    ///   - path: The file to append to. Missing parent directories are created.
    ///   - durability: When lines reach the file; ``Durability/everyEvent`` by default.
    /// - Throws: A `TelemetryError` with the `TelemetryError.Code.io` code when a directory
    ///   cannot be created or the file cannot be opened for writing.
    public init(path: String, durability: Durability = .everyEvent) throws(TelemetryError) {
        guard !path.isEmpty else {
            throw TelemetryError(
                code: .invalidConfiguration,
                message: "FileSink needs a file path; it was given an empty string."
            )
        }
        try FileSystem.createDirectories(atPath: FileSystem.parentDirectory(of: path), mode: 0o755)
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, mode_t(0o600))
        guard descriptor >= 0 else {
            let code = errno
            throw TelemetryError(
                code: .io,
                message: "cannot open \(path) to append telemetry: \(FileSystem.describe(errno: code)). "
                    + "Check that the path is a file in a directory this user can write, or choose another path.",
                errno: code
            )
        }
        self.path = path
        self.durability = durability
        self.state = LockedValue(State(descriptor: descriptor))
    }

    deinit {
        // No buffer timer is pending (a pending timer holds the sink strongly), so this is the
        // last chance to write what is buffered.
        state.withLock { state in
            if !state.isShutdown {
                try? state.writeBuffer(path: path)
                close(state.descriptor)
                state.isShutdown = true
            }
        }
    }

    /// Appends `event` as one JSON line.
    ///
    /// Encoding happens outside the sink's lock, so concurrent callers encode in parallel; only
    /// the `write(2)` itself is serialised.
    ///
    /// - Throws: A `TelemetryError`: `TelemetryError.Code.io` when the write fails (the event
    ///   is dropped and, if the disk filled mid-line, the partial line is terminated);
    ///   `TelemetryError.Code.shutdown` after ``shutdown(deadline:)``.
    public func emit(_ event: Event) async throws(TelemetryError) {
        var line = EventEncoder().encode(event)
        line.append(UInt8(ascii: "\n"))
        switch durability {
        case .everyEvent:
            try state.withLock { state throws(TelemetryError) in
                try state.ensureOpen(path: path)
                try state.write(line, path: path)
            }
        case .buffered:
            let needsTimer = try state.withLock { state throws(TelemetryError) -> Bool in
                try state.ensureOpen(path: path)
                let now = ContinuousClock.now
                if state.buffer.isEmpty { state.oldestBufferedAt = now }
                state.buffer.append(contentsOf: line)
                // The timer task may run late on a busy cooperative pool; a steady stream of
                // events still goes out on time because each emit checks the buffer's age.
                if state.buffer.count >= Self.bufferLimit || now - state.oldestBufferedAt >= Self.bufferDelay {
                    try state.writeBuffer(path: path)
                    return false
                }
                guard !state.timerScheduled else { return false }
                state.timerScheduled = true
                return true
            }
            if needsTimer { scheduleTimer() }
        }
    }

    /// Writes what is buffered, and reports a write error of the background timer, if any.
    ///
    /// In ``Durability/everyEvent`` mode every event is already written when its ``emit(_:)``
    /// returns, so there is nothing to write. After shutdown it returns at once.
    ///
    /// - Throws: A `TelemetryError` with the `TelemetryError.Code.io` code when a write failed.
    public func flush() async throws(TelemetryError) {
        try state.withLock { state throws(TelemetryError) in
            guard !state.isShutdown else { return }
            try state.writeBuffer(path: path)
            try state.reportDeferredError()
        }
    }

    /// Writes what is buffered and closes the file. Idempotent; afterwards ``emit(_:)`` throws
    /// `TelemetryError.Code.shutdown`.
    ///
    /// Writing to a local file does not wait on anything else, so the deadline is not needed to
    /// bound it; it is accepted for `ManagedTelemetrySink` conformance.
    ///
    /// - Throws: A `TelemetryError` with the `TelemetryError.Code.io` code when the final
    ///   write failed (the file is closed all the same).
    public func shutdown(deadline: ContinuousClock.Instant) async throws(TelemetryError) {
        try state.withLock { state throws(TelemetryError) in
            guard !state.isShutdown else { return }
            state.isShutdown = true
            defer { close(state.descriptor) }
            try state.writeBuffer(path: path)
            try state.reportDeferredError()
        }
    }

    /// Writes the buffer once ``bufferDelay`` has passed. The task holds the sink until then, so
    /// a sink dropped with buffered lines still writes them (from `deinit`, after the timer).
    private func scheduleTimer() {
        Task {
            try? await Task.sleep(for: Self.bufferDelay)
            self.state.withLock { state in
                state.timerScheduled = false
                guard !state.isShutdown else { return }
                do throws(TelemetryError) {
                    try state.writeBuffer(path: self.path)
                } catch {
                    // No caller to throw to: keep the error for the next flush() or shutdown.
                    state.deferredError = state.deferredError ?? error
                }
            }
        }
    }

    /// Writes `bytes` with one `write(2)`. A short write (disk full) gets a terminating newline,
    /// so that the next line starts on a line of its own, and fails. `lineLeftOpen` becomes
    /// `false` after a complete write, `true` when even the newline could not be written, and is
    /// unchanged when nothing was written.
    fileprivate static func write(
        _ bytes: [UInt8],
        to descriptor: Int32,
        path: String,
        lineLeftOpen: inout Bool
    ) throws(TelemetryError) {
        while true {
            let written = bytes.withUnsafeBytes { buffer in
                systemWrite(descriptor, buffer.baseAddress, buffer.count)
            }
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
                message: "wrote only \(written) of \(bytes.count) bytes of telemetry to \(path); the disk is probably full. "
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

extension FileSink {
    private struct State: Sendable {
        let descriptor: Int32
        var isShutdown = false
        var buffer: [UInt8] = []
        /// When the first line now in ``buffer`` was added.
        var oldestBufferedAt = ContinuousClock.now
        var timerScheduled = false
        var deferredError: TelemetryError?
        /// A short write left a partial line that its terminating newline could not close
        /// either: the next write starts with a newline, so that its line stands on its own.
        var lineLeftOpen = false

        init(descriptor: Int32) {
            self.descriptor = descriptor
        }

        func ensureOpen(path: String) throws(TelemetryError) {
            guard !isShutdown else {
                throw TelemetryError(
                    code: .shutdown,
                    message: "the FileSink for \(path) was shut down; the event was dropped. Create a new sink to write again."
                )
            }
        }

        /// Writes `bytes` (whole lines) with one `write(2)`, first closing a line a failed write
        /// left open.
        mutating func write(_ bytes: [UInt8], path: String) throws(TelemetryError) {
            guard lineLeftOpen else {
                return try FileSink.write(bytes, to: descriptor, path: path, lineLeftOpen: &lineLeftOpen)
            }
            var joined: [UInt8] = [UInt8(ascii: "\n")]
            joined.reserveCapacity(bytes.count + 1)
            joined.append(contentsOf: bytes)
            try FileSink.write(joined, to: descriptor, path: path, lineLeftOpen: &lineLeftOpen)
        }

        /// Writes and empties the buffer (dropping it on failure: memory stays bounded).
        mutating func writeBuffer(path: String) throws(TelemetryError) {
            guard !buffer.isEmpty else { return }
            let bytes = buffer
            buffer.removeAll(keepingCapacity: true)
            try write(bytes, path: path)
        }

        /// Throws, once, the error of a write the buffer timer made with no caller to tell.
        mutating func reportDeferredError() throws(TelemetryError) {
            guard let error = deferredError else { return }
            deferredError = nil
            throw error
        }
    }
}

// `write` inside FileSink resolves to the static method; name the system call explicitly.
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
