//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import Synchronization

/// Makes event ids without a system call per event.
///
/// An id is SipHash (the standard library's `Hasher`, randomly keyed per process) of a
/// per-process random key and a counter, twice, as 32 hex digits. Outside the process the ids
/// look random and cannot be ordered; the random key keeps them unique across processes even
/// when `SWIFT_DETERMINISTIC_HASHING` fixes `Hasher`'s own key.
enum EventIdentifier {
    private static let key: (UInt64, UInt64) = {
        var generator = SystemRandomNumberGenerator()
        return (generator.next(), generator.next())
    }()

    private static let counter = Atomic<UInt64>(0)

    static func next() -> String {
        let number = counter.add(1, ordering: .relaxed).newValue
        let key = key
        var first = Hasher()
        first.combine(key.0)
        first.combine(number)
        var second = Hasher()
        second.combine(key.1)
        second.combine(number)
        let high = UInt64(bitPattern: Int64(first.finalize()))
        let low = UInt64(bitPattern: Int64(second.finalize()))
        return String(unsafeUninitializedCapacity: 32) { buffer in
            for index in 0..<16 {
                buffer[index] = hexDigit(UInt8(truncatingIfNeeded: high >> (60 - 4 * UInt64(index))) & 0x0F)
                buffer[16 + index] = hexDigit(UInt8(truncatingIfNeeded: low >> (60 - 4 * UInt64(index))) & 0x0F)
            }
            return 32
        }
    }

    @inline(__always)
    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? 48 + nibble : 87 + nibble
    }
}
