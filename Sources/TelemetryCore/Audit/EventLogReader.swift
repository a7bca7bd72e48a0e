//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Bounded-memory readers of JSONL logs for `telemetry audit` and `telemetry tail`.
package enum EventLogReader {
    private static let chunkSize = 64 * 1024

    /// Calls `body` for each line of the file at `path`, in order, with its 1-based number.
    ///
    /// `line` is `nil` for a line longer than `maximumLineLength`: its bytes are skipped, never
    /// held, and `length` says how long it was. `terminated` is `false` only for a last line
    /// with no final newline.
    ///
    /// - Throws: ``TelemetryError/Code/io`` when the file cannot be opened or read.
    package static func forEachLine(
        atPath path: String,
        maximumLineLength: Int,
        _ body: (_ line: ArraySlice<UInt8>?, _ number: Int, _ length: Int, _ terminated: Bool) -> Void
    ) throws(TelemetryError) {
        let descriptor = try openForReading(path)
        defer { close(descriptor) }
        var pending: [UInt8] = []
        var pendingLength = 0  // the current line's length, even when its bytes were dropped
        var number = 0
        var chunk = [UInt8](repeating: 0, count: chunkSize)
        while true {
            let count = try readSome(descriptor, into: &chunk, path: path)
            if count == 0 { break }
            var start = 0
            while start < count {
                let newline = chunk[start..<count].firstIndex(of: UInt8(ascii: "\n"))
                let end = newline ?? count
                pendingLength += end - start
                if pendingLength <= maximumLineLength {
                    pending.append(contentsOf: chunk[start..<end])
                } else if !pending.isEmpty {
                    pending = []  // too long: stop holding it
                }
                guard newline != nil else { break }
                number += 1
                body(pendingLength <= maximumLineLength ? pending[...] : nil, number, pendingLength, true)
                pending.removeAll(keepingCapacity: pending.count <= chunkSize)
                pendingLength = 0
                start = end + 1
            }
        }
        if pendingLength > 0 {
            number += 1
            body(pendingLength <= maximumLineLength ? pending[...] : nil, number, pendingLength, false)
        }
    }

    /// The last `count` lines of the file at `path`, read from its end, oldest first. A final
    /// fragment with no newline is included, flagged `terminated: false`. Lines longer than
    /// `maximumLineLength` are left out.
    ///
    /// - Throws: ``TelemetryError/Code/io`` when the file cannot be opened or read.
    package static func lastLines(
        atPath path: String,
        count: Int,
        maximumLineLength: Int
    ) throws(TelemetryError) -> [(line: [UInt8], terminated: Bool)] {
        guard count > 0 else { return [] }
        let descriptor = try openForReading(path)
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            throw ioError("cannot inspect", path)
        }
        var position = Int(info.st_size)
        var chunks: [[UInt8]] = []
        var newlines = 0
        var collected = 0
        let limit = (count + 1) * (maximumLineLength + 1)
        while position > 0, newlines <= count, collected < limit {
            let size = min(chunkSize, position)
            position -= size
            var chunk = [UInt8](repeating: 0, count: size)
            var filled = 0
            while filled < size {
                let got = chunk.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress! + filled, size - filled, off_t(position + filled)) }
                if got < 0, errno == EINTR { continue }
                guard got > 0 else { throw ioError("cannot read", path) }
                filled += got
            }
            newlines += chunk.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
            collected += size
            chunks.append(chunk)
        }
        let bytes = Array(chunks.reversed().joined())
        var pieces = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        // Before the first newline is part of an earlier line, unless we reached the start.
        if position > 0, !pieces.isEmpty { pieces.removeFirst() }
        var lines: [(line: [UInt8], terminated: Bool)] = []
        for (index, piece) in pieces.enumerated() {
            let isLast = index == pieces.count - 1
            if isLast && piece.isEmpty { break }  // the file ends with a newline
            if piece.count > maximumLineLength || isBlank(piece) { continue }
            lines.append((Array(piece), !isLast))
        }
        return Array(lines.suffix(count))
    }

    /// Reads whatever is in the file at `path` beyond `offset`, up to `maximumBytes`; returns the
    /// bytes and the file's current size (smaller than `offset` if it was truncated).
    package static func appendedBytes(atPath path: String, from offset: Int, maximumBytes: Int) throws(TelemetryError) -> (bytes: [UInt8], size: Int) {
        let descriptor = try openForReading(path)
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw ioError("cannot inspect", path) }
        let size = Int(info.st_size)
        guard size > offset else { return ([], size) }
        let wanted = min(size - offset, maximumBytes)
        var bytes = [UInt8](repeating: 0, count: wanted)
        var filled = 0
        while filled < wanted {
            let got = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress! + filled, wanted - filled, off_t(offset + filled)) }
            if got < 0, errno == EINTR { continue }
            if got <= 0 { break }
            filled += got
        }
        return (Array(bytes.prefix(filled)), size)
    }

    private static func openForReading(_ path: String) throws(TelemetryError) -> Int32 {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw ioError("cannot open", path) }
        var info = stat()
        if fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            close(descriptor)
            throw TelemetryError(code: .io, message: "cannot read \(path): it is a directory. Pass a JSONL file.", errno: EISDIR)
        }
        return descriptor
    }

    private static func readSome(_ descriptor: Int32, into chunk: inout [UInt8], path: String) throws(TelemetryError) -> Int {
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count >= 0 { return count }
            if errno == EINTR { continue }
            throw ioError("cannot read", path)
        }
    }

    private static func ioError(_ action: String, _ path: String) -> TelemetryError {
        let code = errno
        return TelemetryError(code: .io, message: "\(action) \(path): \(FileSystem.describe(errno: code)).", errno: code)
    }

    /// Whether `line` holds only spaces, tabs and carriage returns: a blank line carries no
    /// event and is not an error.
    package static func isBlank(_ line: some Collection<UInt8>) -> Bool {
        line.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
    }
}
