//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import TelemetryCore

/// The `partialSuccess` of an `ExportLogsServiceResponse`: the collector accepted the request
/// but refused some records. Per the OTLP specification it is logged, not retried.
struct OTLPPartialSuccess: Sendable, Equatable {
    var rejectedLogRecords: Int64
    var errorMessage: String

    /// Reads `partialSuccess` from a response body; `nil` when there is none, or it is empty
    /// (a full success may carry `"partialSuccess":{}`).
    static func parse(_ body: [UInt8]) -> OTLPPartialSuccess? {
        guard !body.isEmpty,
            let response = try? TelemetryValue(jsonBytes: body),
            let partial = response["partialSuccess"]
        else { return nil }
        // int64 fields arrive as decimal strings in protobuf JSON, but numbers are valid too.
        let rejected: Int64 =
            switch partial["rejectedLogRecords"] {
            case .int(let number)?: Int64(number)
            case .string(let text)?: Int64(text) ?? 0
            case .double(let number)?: number.isFinite ? Int64(number) : 0
            default: 0
            }
        let message = partial["errorMessage"]?.stringValue ?? ""
        guard rejected != 0 || !message.isEmpty else { return nil }
        return OTLPPartialSuccess(rejectedLogRecords: rejected, errorMessage: message)
    }
}
