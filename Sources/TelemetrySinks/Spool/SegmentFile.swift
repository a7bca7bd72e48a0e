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

/// The open descriptor of one spool segment: it holds the advisory lock that marks the segment
/// as taken, and this run's lines are written and read back through it.
///
/// A class, so that a batch being read keeps the descriptor open after the spool has let go of
/// the segment (a descriptor closed under a read could be reused by another `open`, and the
/// read would then see another file). It closes when the last holder releases it.
final class SegmentFile: Sendable {
    /// The descriptor, opened read-write.
    let descriptor: Int32

    /// Takes over `descriptor`, which this object closes.
    init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    deinit {
        close(descriptor)
    }

    /// Writes all of `bytes` at `offset` (`pwrite(2)`, retried after a short write or an
    /// interruption); `false` when the system refused (a full disk, an I/O error), with `errno`
    /// saying why.
    func write(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> Bool {
        guard var address = bytes.baseAddress else { return true }
        var remaining = bytes.count
        var position = offset
        while remaining > 0 {
            let written = pwrite(descriptor, address, remaining, off_t(position))
            if written < 0 {
                if errno == EINTR { continue }
                return false
            }
            if written == 0 {
                errno = EIO  // no progress and no error: say so, rather than leave a stale errno
                return false
            }
            address += written
            remaining -= written
            position += written
        }
        return true
    }

    /// Reads up to `count` bytes at `offset` onto the end of `bytes`, and returns how many it
    /// read: fewer when the file is shorter or a read fails.
    func read(_ count: Int, at offset: Int, appendingTo bytes: inout [UInt8]) -> Int {
        let start = bytes.count
        bytes.append(contentsOf: repeatElement(0, count: count))
        var done = 0
        bytes.withUnsafeMutableBufferPointer { buffer in
            while done < count {
                let read = pread(descriptor, buffer.baseAddress! + start + done, count - done, off_t(offset + done))
                if read < 0, errno == EINTR { continue }
                guard read > 0 else { return }
                done += read
            }
        }
        bytes.removeLast(count - done)
        return done
    }
}
