//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import TelemetryAudit
import TelemetryCore

/// The default `preview`: what every event of a tool carries, and its latest sent events.
enum StandardPreview {
    /// - Parameter isEnabled: Whether the tool records: the machine id is derived only then (a
    ///   disabled tool derives nothing and writes nothing, not even an install id).
    static func text(consent: TelemetryConsent, defaultEndpoint: String?, isEnabled: Bool, json: Bool) -> String {
        let machineId = isEnabled ? consent.machineId() : nil
        let endpoint = consent.endpointOverride ?? defaultEndpoint
        let localCopy = consent.store.localCopyPath
        var recent: [[UInt8]] = []
        if let localCopy, FileSystem.exists(atPath: localCopy) {
            try? EventLogReader.lastLines(
                of: EventLogReader.rotatedSet(of: localCopy),
                count: 5,
                maximumLineLength: EventDecoder.maximumLineLength
            ) { line in
                if let bytes = line.bytes { recent.append(Array(bytes)) }
            }
        }
        if json {
            var members: [(String, TelemetryValue)] = [
                ("tool", .string(consent.tool)),
                ("machineId", machineId.map { .string($0) } ?? .null),
                ("destination", endpoint.map { .string(EndpointDisplay.redacted($0)) } ?? .null),
                ("localCopy", localCopy.map { .string($0) } ?? .null),
            ]
            let events = recent.compactMap { try? TelemetryValue(jsonBytes: $0) }
            members.append(("recentEvents", .array(events)))
            return Console.jsonObject(members)
        }
        var lines = [
            "every event of \(consent.tool) carries:",
            "  tool, tool_version, a timestamp, an event id, and "
                + (machineId.map { "the machine id \($0)" } ?? "a machine id (not derived while telemetry is off)"),
            "  (a salted hash: the machine's own id never leaves it)",
            "destination:   \(endpoint.map(EndpointDisplay.redacted) ?? "none configured: nothing is sent")",
            "local copy:    \(localCopy ?? "none (no home directory)")",
        ]
        if recent.isEmpty {
            lines.append("latest events sent: none yet")
        } else {
            lines.append("latest events sent:")
            lines += recent.map { "  " + String(decoding: $0, as: UTF8.self) }
        }
        return lines.map(Console.escaped).joined(separator: "\n")
    }
}
