//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import struct Foundation.Data
import class Foundation.JSONDecoder

extension TelemetryValue {
    /// Parses one JSON value from `bytes`; `nil` when they are not valid JSON.
    ///
    /// Callers bound the depth first (``EventLogAudit/maximumDepth``): decoding recurses.
    package init?(jsonBytes bytes: [UInt8]) {
        guard let value = try? JSONDecoder().decode(TelemetryValue.self, from: Data(bytes)) else { return nil }
        self = value
    }
}
