//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

/// The output of ``JSONWriter``: a byte buffer that starts on the stack and moves to the heap
/// only when a line outgrows it.
///
/// Every write checks the room left with one comparison (``reserve(_:)``) instead of the writer
/// computing the line's length in a first pass, so a line is read once. A typical event line
/// (a few hundred bytes) never touches the heap until it is appended to its destination.
struct JSONBuffer: ~Copyable {
    /// The first byte.
    private var start: UnsafeMutablePointer<UInt8>
    /// Where the next byte goes.
    package private(set) var position: UnsafeMutablePointer<UInt8>
    /// One past the last byte of the storage.
    private var end: UnsafeMutablePointer<UInt8>
    /// Whether `start` was allocated here (and must be freed), rather than lent by the caller.
    private var ownsStorage: Bool

    /// The bytes of the stack buffer ``withBuffer(_:)`` lends: one event line in nearly all cases,
    /// and no more than the standard library always places on the stack (1 KiB).
    static let stackCapacity = 1024

    private init(lending storage: UnsafeMutableBufferPointer<UInt8>) {
        start = storage.baseAddress!
        position = start
        end = start + storage.count
        ownsStorage = false
    }

    deinit {
        if ownsStorage { start.deallocate() }
    }

    /// Calls `body` with an empty buffer, on the stack until it outgrows it.
    @inline(__always)
    static func withBuffer<Result>(_ body: (inout JSONBuffer) -> Result) -> Result {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: stackCapacity) { storage in
            var buffer = JSONBuffer(lending: storage)
            return body(&buffer)
        }
    }

    /// Appends what `body` writes to `bytes`.
    @inline(__always)
    package static func append(to bytes: inout [UInt8], _ body: (inout JSONBuffer) -> Void) {
        withBuffer { buffer in
            body(&buffer)
            buffer.withBytes { bytes.append(contentsOf: $0) }
        }
    }

    /// The bytes written so far.
    package var count: Int { position - start }

    /// Calls `body` with the bytes written so far.
    @inline(__always)
    func withBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        body(UnsafeBufferPointer(start: start, count: position - start))
    }

    /// Makes room for `count` more bytes.
    @inline(__always)
    mutating func reserve(_ count: Int) {
        if end - position < count { grow(count) }
    }

    @inline(never)
    private mutating func grow(_ count: Int) {
        let used = position - start
        let capacity = Swift.max(2 * (end - start), used + count)
        let storage = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        storage.initialize(from: start, count: used)
        if ownsStorage { start.deallocate() }
        start = storage
        position = storage + used
        end = storage + capacity
        ownsStorage = true
    }

    /// Moves the write position back to `count` bytes from the start, forgetting what follows.
    mutating func truncate(to count: Int) {
        position = start + count
    }

    /// A pointer to the byte at `offset` (for rearranging what was written).
    func pointer(at offset: Int) -> UnsafeMutablePointer<UInt8> {
        start + offset
    }

    // MARK: Writes

    @inline(__always)
    package mutating func write(_ byte: UInt8) {
        reserve(1)
        position.initialize(to: byte)
        position += 1
    }

    @inline(__always)
    package mutating func write(_ text: StaticString) {
        reserve(text.utf8CodeUnitCount)
        position.initialize(from: text.utf8Start, count: text.utf8CodeUnitCount)
        position += text.utf8CodeUnitCount
    }

    @inline(__always)
    package mutating func write(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let base = bytes.baseAddress else { return }
        reserve(bytes.count)
        position.initialize(from: base, count: bytes.count)
        position += bytes.count
    }

    /// Writes `byteCount` bytes of `word` (little-endian, so its first bytes first) without a
    /// capacity check: the caller reserved at least 8 bytes.
    @inline(__always)
    mutating func writeUnchecked(_ word: UInt64, byteCount: Int) {
        UnsafeMutableRawPointer(position).storeBytes(of: word.littleEndian, as: UInt64.self)
        position += byteCount
    }

    /// Writes one byte without a capacity check: the caller reserved it.
    @inline(__always)
    mutating func writeUnchecked(_ byte: UInt8) {
        position.initialize(to: byte)
        position += 1
    }

    /// Advances past `count` bytes the caller wrote through ``position``.
    @inline(__always)
    mutating func advance(by count: Int) {
        position += count
    }
}
