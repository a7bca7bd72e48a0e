//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

/// Reading `key : value` lines of `/proc` files.
import TelemetryCore

enum ProcFile {
    /// The trimmed value of the first line whose key (before the first `:`, trimmed) is `key`.
    static func firstValue(of key: String, in text: String) -> String? {
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            guard let colon = line.firstIndex(of: ":") else { continue }
            if line[..<colon].trimmingWhitespace() == key {
                return line[line.index(after: colon)...].trimmingWhitespace()
            }
        }
        return nil
    }
}
