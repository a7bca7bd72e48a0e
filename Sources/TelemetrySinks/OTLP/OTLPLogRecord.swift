//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import TelemetryCore

#if canImport(FoundationEssentials)
import struct FoundationEssentials.Date
#else
import struct Foundation.Date
#endif

/// An event queued by an ``OTLPSink``, with the instant the sink saw it
/// (`observedTimeUnixNano`).
struct OTLPLogRecord: Sendable {
    var event: Event
    var observedAt: Date
}
