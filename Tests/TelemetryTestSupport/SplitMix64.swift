//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

/// SplitMix64: a small seeded generator, so that the tests' random inputs can be replayed from
/// their seed.
///
/// Tests use it rather than `SystemRandomNumberGenerator` for a second reason: that one is an
/// empty struct, and under ThreadSanitizer (Swift 6.3.1, Linux) an `inout` access to an empty
/// value that lives in an async frame is instrumented at a garbage address, which crashes TSan's
/// runtime (SEGV in `__tsan::ExternalAccess`). This generator has state, so it has an address.
package struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator whose sequence is fixed by `seed`.
    package init(seed: UInt64) {
        state = seed
    }

    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
