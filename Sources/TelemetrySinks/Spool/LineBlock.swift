//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

/// A fixed block of memory that holds many encoded lines of the spool's delivery queue, so that
/// queueing a line costs a copy into the block instead of an array of its own (an allocation,
/// and a free when it is sent, for every event).
///
/// A block is filled front to back and never reallocated; a ``Line`` names a region of it and
/// keeps it alive, so a block is freed when the last line in it has been sent.
final class LineBlock: @unchecked Sendable {
    // Why unchecked is safe: `bytes` never moves, and each byte is written exactly once, by
    // `append`, before the `Line` naming it exists. A block has one appender at a time: the
    // spool's current block is appended to only under the spool's lock, and a block of
    // recovered lines only by the recovery that made it, before it queues any of them. A `Line`
    // reaches another thread only through the delivery queue's lock, so the write happens
    // before every read of its bytes; later appends write only bytes past `used`, which no
    // `Line` names yet. `used` is touched only by the appender.
    private let bytes: UnsafeMutablePointer<UInt8>
    private let capacity: Int
    private var used = 0

    /// The usual block size: about 50 lines of a few hundred bytes.
    static let defaultCapacity = 16 * 1024

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
        fileprivate let block: LineBlock
        fileprivate let offset: Int
        /// The line's length in bytes (without a newline).
        let count: Int

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

    /// Copies `line` into the block, or returns `nil` when it does not fit. Only the block's
    /// one appender calls it (see the type's safety note).
    func append(_ line: UnsafeBufferPointer<UInt8>) -> Line? {
        guard line.count <= capacity - used else { return nil }
        if let source = line.baseAddress { (bytes + used).initialize(from: source, count: line.count) }
        defer { used += line.count }
        return Line(block: self, offset: used, count: line.count)
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
