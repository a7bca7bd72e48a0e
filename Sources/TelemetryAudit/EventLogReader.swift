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

/// Bounded-memory readers of JSONL logs for `telemetry audit` and `telemetry tail`.
///
/// Whatever the input (a 200 MB log, a line of gigabytes, a FIFO, `/dev/zero`), memory is
/// bounded by what is shown: at most one line of ``EventLogAudit/maximumLineLength`` bytes is
/// held while reading, and ``lastLines(of:count:maximumLineLength:_:)`` finds where its lines
/// start by scanning backwards, then streams them. Only regular files are opened; standard input
/// is read when the caller asks for it explicitly (`-`).
public enum EventLogReader {
    private static let chunkSize = 64 * 1024

    /// One line of a log.
    public struct Line: Sendable, Hashable {
        /// The line's bytes without its newline, or `nil` when it is longer than the limit (its
        /// bytes were skipped, never held).
        public var bytes: ArraySlice<UInt8>?
        /// The line's 1-based number in the whole (possibly rotated) log.
        public var number: Int
        /// The line's length in bytes.
        public var length: Int
        /// `false` only for a last line with no final newline.
        public var isTerminated: Bool
    }

    /// Where lines come from: `-` for standard input, any other path for a regular file.
    public static let standardInput = "-"

    /// The files of the log at `path`, oldest first: its rotated siblings `path.N` … `path.1`
    /// (the names `FileSink` gives rotated files), then `path` itself. Standard input is a set of
    /// one.
    public static func rotatedSet(of path: String) -> [String] {
        guard path != standardInput else { return [path] }
        let directory = FileSystem.parentDirectory(of: path)
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let prefix = name + "."
        let generations = FileSystem.directoryEntries(atPath: directory).compactMap { entry -> Int? in
            guard entry.hasPrefix(prefix) else { return nil }
            let suffix = entry.dropFirst(prefix.count)
            guard !suffix.isEmpty, suffix.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), suffix.count <= 6 else {
                return nil
            }
            return Int(suffix)
        }
        let rotated = generations.sorted(by: >).map { "\(path).\($0)" }
        return rotated + [path]
    }

    /// Opens `path` for reading: a regular file (never a FIFO, device or directory: an error
    /// names what it is), or standard input for `-`.
    ///
    /// - Throws: ``TelemetryError/Code/io``.
    package static func open(_ path: String) throws(TelemetryError) -> Int32 {
        if path == standardInput {
            let descriptor = dup(0)
            guard descriptor >= 0 else {
                let code = errno
                throw TelemetryError(
                    code: .io,
                    message: "cannot read standard input: \(FileSystem.describe(errno: code)).",
                    errno: code
                )
            }
            return descriptor
        }
        return try FileSystem.openRegularFileForReading(atPath: path)
    }

    /// Calls `body` for each line of the files in `paths`, in order, numbering lines across them.
    ///
    /// - Throws: ``TelemetryError/Code/io`` when a file cannot be opened or read.
    static func forEachLine(
        in paths: [String],
        maximumLineLength: Int,
        _ body: (Line) -> Void
    ) throws(TelemetryError) {
        var number = 0
        for path in paths {
            let descriptor = try open(path)
            defer { close(descriptor) }
            try forEachLine(
                descriptor: descriptor,
                path: path,
                from: 0,
                firstNumber: number + 1,
                maximumLineLength: maximumLineLength
            ) { line in
                number = line.number
                body(line)
            }
        }
    }

    /// Calls `body` for each line read from `descriptor` from byte `offset` to its end.
    private static func forEachLine(
        descriptor: Int32,
        path: String,
        from offset: Int,
        firstNumber: Int,
        maximumLineLength: Int,
        _ body: (Line) -> Void
    ) throws(TelemetryError) {
        if offset > 0, lseek(descriptor, off_t(offset), SEEK_SET) < 0 {
            throw ioError("cannot seek in", path)
        }
        var lines = LineAssembler(maximumLineLength: maximumLineLength)
        var number = firstNumber - 1
        var chunk = [UInt8](repeating: 0, count: chunkSize)
        while true {
            let count = try readSome(descriptor, into: &chunk, path: path)
            if count == 0 { break }
            lines.feed(chunk[0..<count]) { bytes, length in
                number += 1
                body(Line(bytes: bytes, number: number, length: length, isTerminated: true))
            }
        }
        if let (bytes, length) = lines.finish() {
            number += 1
            body(Line(bytes: bytes, number: number, length: length, isTerminated: false))
        }
    }

    /// Calls `body` with the last `count` lines of the log in `paths` (oldest file first) that
    /// are neither blank nor longer than `maximumLineLength`, oldest first. Lines that are too
    /// long are passed with `bytes == nil` when they fall in the range, so that the caller can
    /// say so; they do not count towards `count`.
    ///
    /// Memory is bounded by one line however large `count` or the files are: the start of the
    /// range is found by scanning each regular file backwards; standard input, which cannot be
    /// scanned backwards, keeps a ring of at most `count` lines.
    ///
    /// - Throws: ``TelemetryError/Code/io``.
    public static func lastLines(
        of paths: [String],
        count: Int,
        maximumLineLength: Int,
        _ body: (Line) -> Void
    ) throws(TelemetryError) {
        guard count > 0 else { return }
        if paths == [standardInput] {
            return try lastLinesOfStream(count: count, maximumLineLength: maximumLineLength, body)
        }
        // Newest file first: how many lines each contributes, and from which offset.
        var remaining = count
        var starts: [(path: String, offset: Int)] = []
        for path in paths.reversed() where remaining > 0 {
            let descriptor = try open(path)
            defer { close(descriptor) }
            let (offset, found) = try startOfLastLines(
                descriptor: descriptor,
                path: path,
                count: remaining,
                maximumLineLength: maximumLineLength
            )
            starts.append((path, offset))
            remaining -= found
        }
        var number = 0
        for (path, offset) in starts.reversed() {
            let descriptor = try open(path)
            defer { close(descriptor) }
            try forEachLine(
                descriptor: descriptor,
                path: path,
                from: offset,
                firstNumber: number + 1,
                maximumLineLength: maximumLineLength
            ) { line in
                number = line.number
                if let bytes = line.bytes, isBlank(bytes) { return }
                body(line)
            }
        }
    }

    /// The offset where the last `count` counted lines of the file start, and how many counted
    /// lines it holds from there (fewer than `count` when the file is shorter). A line counts
    /// when it is not blank and not longer than `maximumLineLength`.
    private static func startOfLastLines(
        descriptor: Int32,
        path: String,
        count: Int,
        maximumLineLength: Int
    ) throws(TelemetryError) -> (offset: Int, found: Int) {
        guard let size = FileSystem.identity(ofDescriptor: descriptor)?.size else {
            throw ioError("cannot inspect", path)
        }
        var position = size
        var found = 0
        var length = 0  // of the line being scanned (backwards), since the last newline seen
        var isBlankSoFar = true
        var chunk = [UInt8](repeating: 0, count: chunkSize)
        var isFirstByte = true
        while position > 0 {
            let size = min(chunkSize, position)
            position -= size
            try readFully(descriptor, into: &chunk, count: size, at: position, path: path)
            var index = size - 1
            while index >= 0 {
                let byte = chunk[index]
                if byte == UInt8(ascii: "\n") {
                    // A final newline ends the file's last line; it does not start one.
                    if !isFirstByte {
                        if !isBlankSoFar && length <= maximumLineLength { found += 1 }
                        if found == count { return (position + index + 1, found) }
                    }
                    length = 0
                    isBlankSoFar = true
                } else {
                    length += 1
                    if byte != 0x20 && byte != 0x09 && byte != 0x0D { isBlankSoFar = false }
                }
                isFirstByte = false
                index -= 1
            }
        }
        if length > 0, !isBlankSoFar, length <= maximumLineLength { found += 1 }
        return (0, found)
    }

    /// The last lines of standard input, kept in a ring of at most `count` lines.
    private static func lastLinesOfStream(
        count: Int,
        maximumLineLength: Int,
        _ body: (Line) -> Void
    ) throws(TelemetryError) {
        var ring: [Line] = []
        var head = 0
        try forEachLine(in: [standardInput], maximumLineLength: maximumLineLength) { line in
            if let bytes = line.bytes, isBlank(bytes) { return }
            var kept = line
            if let bytes = line.bytes { kept.bytes = ArraySlice(Array(bytes)) }  // its own storage
            if ring.count < count {
                ring.append(kept)
            } else {
                ring[head] = kept
                head = (head + 1) % ring.count
            }
        }
        for offset in 0..<ring.count { body(ring[(head + offset) % ring.count]) }
    }

    static func readSome(_ descriptor: Int32, into chunk: inout [UInt8], path: String) throws(TelemetryError) -> Int {
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count >= 0 { return count }
            if errno == EINTR { continue }
            // A non-blocking descriptor with nothing to read yet (a pipe): wait a little.
            if errno == EAGAIN {
                usleep(10_000)
                continue
            }
            throw ioError("cannot read", path)
        }
    }

    static func readFully(
        _ descriptor: Int32,
        into chunk: inout [UInt8],
        count: Int,
        at offset: Int,
        path: String
    ) throws(TelemetryError) {
        var filled = 0
        while filled < count {
            let got = chunk.withUnsafeMutableBytes {
                pread(descriptor, $0.baseAddress! + filled, count - filled, off_t(offset + filled))
            }
            if got < 0, errno == EINTR { continue }
            guard got > 0 else { throw ioError("cannot read", path) }
            filled += got
        }
    }

    static func ioError(_ action: String, _ path: String) -> TelemetryError {
        let code = errno
        return TelemetryError(
            code: .io,
            message: "\(action) \(path): \(FileSystem.describe(errno: code)).",
            errno: code
        )
    }

    /// Whether `line` holds only spaces, tabs and carriage returns: a blank line carries no
    /// event and is not an error.
    static func isBlank(_ line: some Collection<UInt8>) -> Bool {
        line.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
    }
}
