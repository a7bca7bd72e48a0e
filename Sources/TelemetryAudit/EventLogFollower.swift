//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

package import TelemetryCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Follows a growing log the way `tail -F` does, by the file's identity rather than its size.
///
/// Each ``poll(_:)`` reads what was appended to the file it has open, then checks three things:
///
/// - **Replacement** (logrotate's `mv` and create, or `FileSink`'s own rotation): the path now
///   names another file (device and inode differ). The old file is read to its end first, so no
///   line written to it before the switch is lost; then the new file is read from its start.
/// - **Truncation** (`copytruncate`): the open file is shorter than what was read.
/// - **Truncation and regrowth** past the old offset between two polls, which no size
///   comparison can see: the file's first bytes and the bytes just before the offset are
///   remembered, and when either changed, the file was rewritten and is read again from its
///   start. (Event lines share their last bytes, `…"attrs":{}}`, so the tail alone would miss
///   it; their first line differs, by its timestamp and event id.)
///
/// Memory stays bounded: a line longer than the limit is dropped (and reported) instead of held.
package struct EventLogFollower {
    /// What a poll found, besides lines.
    package enum Notice: Equatable {
        /// The file was truncated (or rewritten); it is read again from its start.
        case truncated
        /// The path now names a new file; the old one was read to its end.
        case replaced
        /// A line longer than the limit was dropped.
        case skippedOverlongLine(length: Int)
    }

    private let path: String
    private var descriptor: Int32
    private var identity: (device: UInt64, inode: UInt64)
    private var offset: Int
    private var lines: LineAssembler
    /// The file's first bytes and the last bytes read before ``offset``: if they change, the
    /// file was rewritten.
    private var fingerprint: [UInt8] = []
    private static let headLength = 512
    private static let tailLength = 64

    /// Starts following `path` at byte `offset` (its current end, for `tail -f`).
    ///
    /// - Throws: ``TelemetryError/Code/io`` when the file cannot be opened.
    package init(path: String, offset: Int, maximumLineLength: Int) throws(TelemetryError) {
        self.path = path
        self.lines = LineAssembler(maximumLineLength: maximumLineLength)
        self.descriptor = try EventLogReader.open(path)
        guard let identity = FileSystem.identity(ofDescriptor: descriptor) else {
            close(descriptor)
            throw EventLogReader.ioError("cannot inspect", path)
        }
        self.identity = (identity.device, identity.inode)
        self.offset = min(offset, identity.size)
        self.fingerprint = readFingerprint(endingAt: self.offset)
    }

    /// Closes the open file.
    package mutating func stop() {
        if descriptor >= 0 { close(descriptor) }
        descriptor = -1
    }

    /// Reads what is new; calls `line` for each complete line and `notice` for what happened.
    package mutating func poll(line: (ArraySlice<UInt8>) -> Void, notice: (Notice) -> Void) {
        guard descriptor >= 0 else { return }
        // The open file: rewritten in place?
        if let current = FileSystem.identity(ofDescriptor: descriptor) {
            if current.size < offset || readFingerprint(endingAt: offset) != fingerprint {
                notice(.truncated)
                restart(atOffset: 0)
            }
        }
        readAppended(line: line, notice: notice)
        // The path: does it still name the file we have open?
        guard let named = FileSystem.identity(atPath: path), (named.device, named.inode) != identity else { return }
        // Finish the old file (a writer may have appended between the read above and the move).
        readAppended(line: line, notice: notice)
        if let bytes = lines.takeHeldLine() {
            line(bytes)  // the old file's unterminated last line is complete now
        }
        guard let next = try? EventLogReader.open(path) else { return }  // gone again: retry later
        close(descriptor)
        descriptor = next
        let opened = FileSystem.identity(ofDescriptor: next)
        identity = (opened?.device ?? 0, opened?.inode ?? 0)
        notice(.replaced)
        restart(atOffset: 0)
        readAppended(line: line, notice: notice)
    }

    private mutating func restart(atOffset newOffset: Int) {
        offset = newOffset
        lines.reset()
        fingerprint = []
    }

    private mutating func readAppended(line: (ArraySlice<UInt8>) -> Void, notice: (Notice) -> Void) {
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, off_t(offset)) }
            guard count > 0 else { break }
            offset += count
            lines.feed(chunk[0..<count]) { bytes, length in
                if let bytes { line(bytes) } else { notice(.skippedOverlongLine(length: length)) }
            }
        }
        fingerprint = readFingerprint(endingAt: offset)
    }

    private func readFingerprint(endingAt end: Int) -> [UInt8] {
        read(count: min(Self.headLength, end), at: 0)
            + read(count: min(Self.tailLength, end), at: end - min(Self.tailLength, end))
    }

    private func read(count: Int, at offset: Int) -> [UInt8] {
        guard count > 0 else { return [] }
        var bytes = [UInt8](repeating: 0, count: count)
        let got = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, count, off_t(offset)) }
        return got == count ? bytes : []
    }
}
