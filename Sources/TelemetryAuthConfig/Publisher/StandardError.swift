//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import TelemetryCore

/// Writes debug output and diagnostics to the process's standard error.
enum StandardError {
    /// Writes `text` to file descriptor 2 in one `write` where possible; failures are ignored
    /// (there is nowhere left to report them).
    static func write(_ text: String) {
        try? FileSystem.writeAll(2, Array(text.utf8), path: "<stderr>")
    }
}
