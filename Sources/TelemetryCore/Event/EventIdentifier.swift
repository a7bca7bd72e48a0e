//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import Synchronization

/// An event's id (`event_id`) as ``Event`` stores it.
///
/// Ids a context makes are two 64-bit words, written as 32 hex digits only when the event is
/// encoded: recording allocates no string for them. An id from elsewhere (decoded from a line,
/// set by hand) is kept as its text.
///
/// A fresh id is SplitMix64's output function of a per-process random key plus a counter,
/// twice: unique within the process (the function is a bijection of the counter), unrelated
/// between processes (each draws its own key from the system's random source once), and no
/// system call per event. An id needs to be unique, not secret: it names one event so that a
/// collector can drop a second delivery of it.
@usableFromInline
enum EventIdentifier: Sendable, Hashable {
    /// No id.
    case none
    /// A fresh id: 32 hex digits, `high` first.
    case generated(high: UInt64, low: UInt64)
    /// An id given as text.
    case text(String)

    @usableFromInline
    init(_ text: String?) {
        self = text.map { .text($0) } ?? .none
    }

    private static let key: (UInt64, UInt64) = {
        var generator = SystemRandomNumberGenerator()
        return (generator.next(), generator.next())
    }()

    private static let counter = Atomic<UInt64>(0)

    /// A fresh id, different from every other of this process.
    package static func next() -> EventIdentifier {
        let number = counter.add(1, ordering: .relaxed).newValue
        let key = key
        return .generated(
            high: mix(key.0 &+ number &* 0x9E37_79B9_7F4A_7C15),
            low: mix(key.1 &+ number &* 0xD1B5_4A32_D192_ED03)
        )
    }

    /// SplitMix64's output function (a bijection of 64-bit words).
    @inline(__always)
    private static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The id's text, or `nil` for none.
    package var text: String? {
        switch self {
        case .none: return nil
        case .text(let text): return text
        case .generated(let high, let low):
            return String(unsafeUninitializedCapacity: 32) { buffer in
                Self.writeDigits(high: high, low: low, to: buffer.baseAddress!)
                return 32
            }
        }
    }

    /// Writes the 32 hex digits of a generated id at `destination`.
    @inline(__always)
    static func writeDigits(high: UInt64, low: UInt64, to destination: UnsafeMutablePointer<UInt8>) {
        for index in 0..<16 {
            destination[index] = hexDigit(UInt8(truncatingIfNeeded: high >> (60 - 4 * UInt64(index))) & 0x0F)
            destination[16 + index] = hexDigit(UInt8(truncatingIfNeeded: low >> (60 - 4 * UInt64(index))) & 0x0F)
        }
    }

    @inline(__always)
    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? 48 + nibble : 87 + nibble
    }

    /// Equal when their texts are: a fresh id and the same id read back from its line are one id.
    @usableFromInline
    package static func == (lhs: EventIdentifier, rhs: EventIdentifier) -> Bool {
        switch (lhs, rhs) {
        case (.none, .none): return true
        case (.generated(let a, let b), .generated(let c, let d)): return a == c && b == d
        case (.text(let a), .text(let b)): return a == b
        case (.none, _), (_, .none): return false
        default: return lhs.text == rhs.text
        }
    }

    @usableFromInline
    package func hash(into hasher: inout Hasher) {
        hasher.combine(text)
    }
}
