//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

/// A fixed block of memory for encoded lines: the spool's buffer, which its segment is written
/// from, and the store of the lines its delivery queue keeps in memory (recovered lines, and
/// lines not in this run's segment), so that such a line costs a copy into the block instead of
/// an array of its own. It is also `FileSink`'s write buffer.
///
/// A block is filled front to back and never reallocated; a ``Line`` (or a spool record made
/// from one, which keeps its block, offset and count) names a region of it and keeps it alive,
/// so a block is freed when the last line in it has been sent. The spool empties and refills its
/// block only when nothing names it.
final class LineBlock: @unchecked Sendable {
    // Why unchecked is safe: `bytes` never moves, and each byte is written by the appender
    // before any `Line` naming it exists. A block has one appender at a time: the spool's
    // current block is appended to only under the spool's lock, and a block of recovered lines
    // only by the recovery that made it, before it queues any of them. A `Line` reaches another
    // thread only through the delivery queue's lock, so the write happens before every read of
    // its bytes; later appends write only bytes past `used`, which no `Line` names yet. (A spool
    // `Record` made from a `Line` holds the same block, offset and count, and reaches delivery
    // the same way.) The spool rewrites bytes before `used` (`removeAll`) only while it holds
    // the block's only reference (`isKnownUniquelyReferenced`, under its lock), so no `Line` or
    // `Record` can read them.
    // `used` is touched only by the appender. A `FileSink`'s block never leaves the sink's
    // state: it is appended to, written and emptied only under the sink's lock, and no `Line`
    // names it.
    private let bytes: UnsafeMutablePointer<UInt8>
    private let capacity: Int
    private var used = 0

    /// The usual block size, `FileSink`'s buffer limit: about 800 lines of a few hundred bytes.
    /// The spool writes its segment a block at a time, so this is also the most it writes with
    /// one `write(2)`. (64 KiB blocks cost the spool 5 % more per event, in system calls; the
    /// spool reuses its block, so the size costs memory once, and only the pages it fills.)
    static let defaultCapacity = 256 * 1024

    /// A block of `capacity` bytes.
    init(capacity: Int) {
        self.capacity = capacity
        self.bytes = UnsafeMutablePointer.allocate(capacity: capacity)
    }

    deinit {
        bytes.deallocate()
    }

    /// One line in a block.
    struct Line: Sendable {
        /// The block that holds the line.
        let block: LineBlock
        /// Where the line starts in ``block``.
        let offset: Int
        /// The line's length in bytes (without a newline).
        let count: Int

        /// Only the block makes a line, of bytes its appender wrote.
        fileprivate init(block: LineBlock, offset: Int, count: Int) {
            self.block = block
            self.offset = offset
            self.count = count
        }

        /// Calls `body` with the line's bytes.
        func withBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
            try withExtendedLifetime(block) {
                try body(UnsafeBufferPointer(start: block.bytes + offset, count: count))
            }
        }
    }

    /// Gives back the space of `line` when it is the last line appended (its record was refused
    /// and is dropped), so that refused lines do not use up blocks. Only the block's appender
    /// calls it, and nothing may read `line` afterwards.
    func reclaim(_ line: Line) {
        guard line.block === self, line.offset + line.count == used else { return }
        used = line.offset
    }

    /// The offset of the first byte not yet appended.
    var end: Int { used }

    /// Empties the block for reuse. Only its appender calls it, and only when no ``Line`` names
    /// it any more (it is uniquely referenced).
    func removeAll() {
        used = 0
    }

    /// Whether `count` bytes fit in the block once it is empty.
    func hasRoom(forAtMost count: Int) -> Bool { count <= capacity }

    /// Whether `count` more bytes fit.
    func hasRoom(for count: Int) -> Bool { count <= capacity - used }

    /// Copies `bytes` into the block, which must have room for them (``hasRoom(for:)``), and
    /// returns their offset. Only the block's one appender calls it.
    func appendUnchecked(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        assert(hasRoom(for: bytes.count), "LineBlock.appendUnchecked past the block's end")
        let offset = used
        if let source = bytes.baseAddress { (self.bytes + offset).initialize(from: source, count: bytes.count) }
        used = offset + bytes.count
        return offset
    }

    /// The line of `count` bytes at `offset`, which the appender wrote earlier.
    func line(at offset: Int, count: Int) -> Line {
        Line(block: self, offset: offset, count: count)
    }

    /// Calls `body` with the bytes from `start` to the end of what was appended. Only the
    /// appender calls it (it reads `used`).
    func withBytes<Result, Failure: Error>(
        from start: Int,
        _ body: (UnsafeBufferPointer<UInt8>) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        try body(UnsafeBufferPointer(start: bytes + start, count: used - start))
    }

    /// Copies `line` into the block, or returns `nil` when it does not fit. Only the block's
    /// one appender calls it (see the type's safety note).
    func append(_ line: UnsafeBufferPointer<UInt8>) -> Line? {
        guard hasRoom(for: line.count) else { return nil }
        return Line(block: self, offset: appendUnchecked(line), count: line.count)
    }
}

extension LineBlock {
    /// Copies `line` into `block`, starting a new block when the current one is full (a line
    /// longer than a block gets a block of its own size).
    static func store(_ line: UnsafeBufferPointer<UInt8>, in block: inout LineBlock?) -> Line {
        if let current = block, let stored = current.append(line) { return stored }
        let fresh = LineBlock(capacity: max(defaultCapacity, line.count))
        block = fresh
        return fresh.append(line)!
    }
}
