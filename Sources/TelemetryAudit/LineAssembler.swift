//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

/// Splits bytes read in chunks into lines, never holding more than one line of at most
/// `maximumLineLength` bytes: a longer line is measured, not kept.
///
/// The one line splitter of ``EventLogReader`` (`audit`, `tail`) and `EventLogFollower`
/// (`tail --follow`), so that both treat a torn, huge or unterminated line alike.
struct LineAssembler {
    /// The longest line whose bytes are kept.
    let maximumLineLength: Int
    /// The bytes of the current line so far (dropped once it grows past the limit).
    private var pending: [UInt8] = []
    /// The current line's length so far, even when its bytes were dropped.
    private var pendingLength = 0

    init(maximumLineLength: Int) {
        self.maximumLineLength = maximumLineLength
    }

    /// Adds `bytes` and calls `line` with each line they complete: its bytes without the
    /// newline (`nil` when it is longer than the limit) and its length.
    mutating func feed(_ bytes: ArraySlice<UInt8>, _ line: (_ bytes: ArraySlice<UInt8>?, _ length: Int) -> Void) {
        var start = bytes.startIndex
        while start < bytes.endIndex {
            let newline = bytes[start...].firstIndex(of: UInt8(ascii: "\n"))
            let end = newline ?? bytes.endIndex
            pendingLength += end - start
            if pendingLength <= maximumLineLength {
                pending.append(contentsOf: bytes[start..<end])
            } else if !pending.isEmpty {
                pending = []  // too long: stop holding it
            }
            guard newline != nil else { return }
            line(pendingLength <= maximumLineLength ? pending[...] : nil, pendingLength)
            // A buffer grown for one huge line is not kept for the rest.
            pending.removeAll(keepingCapacity: pending.count <= 64 * 1024)
            pendingLength = 0
            start = end + 1
        }
    }

    /// The unterminated line fed so far, if any (its bytes `nil` when it is too long), and
    /// forgets it.
    mutating func finish() -> (bytes: ArraySlice<UInt8>?, length: Int)? {
        defer { reset() }
        guard pendingLength > 0 else { return nil }
        return (pendingLength <= maximumLineLength ? pending[...] : nil, pendingLength)
    }

    /// The unterminated line fed so far when its bytes are held (not empty, not too long), and
    /// forgets it; otherwise `nil`, and a line too long to hold goes on being measured.
    mutating func takeHeldLine() -> ArraySlice<UInt8>? {
        guard !pending.isEmpty else { return nil }
        defer { reset() }
        return pending[...]
    }

    /// Forgets the line fed so far.
    mutating func reset() {
        pending = []
        pendingLength = 0
    }
}
