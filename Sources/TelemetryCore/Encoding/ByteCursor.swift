//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

/// A write position in memory reserved in advance, for the encoder's hot path.
///
/// Appending to an `[UInt8]` one byte at a time pays a uniqueness and a capacity check per
/// byte; the JSON writer instead computes an upper bound of the output (see
/// ``JSONWriter/maximumLength(of:)``), reserves it once — on the stack when it is small — and
/// writes through this cursor with no check at all, then copies the result out with one
/// `memcpy`. Every writer that uses a cursor must stay within the bound it reserved.
package struct ByteCursor {
    /// Where the next byte goes.
    package private(set) var position: UnsafeMutablePointer<UInt8>

    /// A cursor at the start of `buffer`.
    @inline(__always)
    package init(_ buffer: UnsafeMutableBufferPointer<UInt8>) {
        position = buffer.baseAddress!
    }

    /// Writes one byte.
    @inline(__always)
    package mutating func write(_ byte: UInt8) {
        position.initialize(to: byte)
        position += 1
    }

    /// Writes `bytes`.
    @inline(__always)
    package mutating func write(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let base = bytes.baseAddress else { return }
        position.initialize(from: base, count: bytes.count)
        position += bytes.count
    }

    /// Writes the raw bytes of `bytes`.
    @inline(__always)
    package mutating func write(raw bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress else { return }
        UnsafeMutableRawPointer(position).copyMemory(from: base, byteCount: bytes.count)
        position += bytes.count
    }

    /// Writes the UTF-8 of `text`.
    @inline(__always)
    package mutating func write(_ text: StaticString) {
        position.initialize(from: text.utf8Start, count: text.utf8CodeUnitCount)
        position += text.utf8CodeUnitCount
    }

    /// Reserves `count` bytes, on the stack when small (the standard library decides), for `body`.
    @inline(__always)
    package static func withReserved<Result>(
        _ count: Int,
        _ body: (UnsafeMutableBufferPointer<UInt8>) -> Result
    ) -> Result {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Swift.max(count, 1), body)
    }

    /// Reserves `maximumCount` bytes (on the stack when small), lets `body` write at most that
    /// many through a cursor, and appends what it wrote to `bytes` with one copy.
    @inline(__always)
    package static func append(
        to bytes: inout [UInt8],
        maximumCount: Int,
        _ body: (inout ByteCursor) -> Void
    ) {
        withReserved(maximumCount) { buffer in
            var cursor = ByteCursor(buffer)
            body(&cursor)
            let count = cursor.position - buffer.baseAddress!
            precondition(count <= buffer.count, "ByteCursor: a writer exceeded the bound it reserved")
            bytes.append(contentsOf: UnsafeBufferPointer(start: buffer.baseAddress!, count: count))
        }
    }
}
