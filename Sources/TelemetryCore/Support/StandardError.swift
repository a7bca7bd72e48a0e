//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

/// The library's one writer to the process's standard error: notices, debug output and
/// diagnostics all go through it.
package enum StandardError {
    /// Writes `text` to file descriptor 2, unbuffered (so that it interleaves in order with
    /// the host's own output and nothing is lost at exit). Failures are ignored: there is nowhere
    /// left to report them.
    package static func write(_ text: String) {
        try? FileSystem.writeAll(2, Array(text.utf8), path: "standard error")
    }
}
