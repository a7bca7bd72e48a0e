//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import FuzzEntries

/// libFuzzer's entry point: runs `FuzzEntry.tailReader` on one input; an invariant violation traps,
/// which libFuzzer records as a crash with the input that caused it.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTailReader(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    FuzzEntry.tailReader.runTrappingOnViolation(FuzzEntry.bytes(start, count))
    return 0
}
