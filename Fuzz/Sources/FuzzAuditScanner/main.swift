//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import FuzzEntries

/// libFuzzer's entry point: runs `FuzzEntry.auditScanner` on one input; an invariant violation traps,
/// which libFuzzer records as a crash with the input that caused it.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAuditScanner(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    FuzzEntry.auditScanner.runTrappingOnViolation(FuzzEntry.bytes(start, count))
    return 0
}
