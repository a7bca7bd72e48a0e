//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import Crypto
import TelemetryCore

/// One event as the collector stores it: the event line's fields and nothing about the request
/// that brought it (no address, no user agent, no time of arrival finer than the event's own).
public struct StoredEvent: Sendable, Hashable, Codable {
    /// The event's id: its `event_id`, or, for an event sent without one (a Better Auth envelope),
    /// the SHA-256 of its content, so that an identical resend is still a duplicate.
    public var eventId: String
    public var tool: String
    public var toolVersion: String
    public var name: String
    /// The salted machine id (64 hex digits), or empty for an envelope, which has none.
    public var machineId: String
    /// The Better Auth per-project id, if any.
    public var projectId: String?
    /// `linux`, `macos`, …, or `unknown`.
    public var operatingSystem: String
    /// `x86_64`, `arm64`, …, or `unknown`.
    public var architecture: String
    /// When the event happened, in milliseconds since 1970 (UTC).
    public var occurredAt: Int64
    /// The attributes as compact JSON, keys sorted.
    public var attributes: String

    /// Creates a stored event.
    public init(
        eventId: String,
        tool: String,
        toolVersion: String,
        name: String,
        machineId: String,
        projectId: String?,
        operatingSystem: String,
        architecture: String,
        occurredAt: Int64,
        attributes: String
    ) {
        self.eventId = eventId
        self.tool = tool
        self.toolVersion = toolVersion
        self.name = name
        self.machineId = machineId
        self.projectId = projectId
        self.operatingSystem = operatingSystem
        self.architecture = architecture
        self.occurredAt = occurredAt
        self.attributes = attributes
    }

    /// The stored form of an event of the sink family.
    public init(_ event: Event) {
        let attributes = String(decoding: event.attributes.jsonBytes, as: UTF8.self)
        let occurredAt = Int64((event.timestamp.timeIntervalSince1970 * 1000).rounded(.down))
        self.init(
            eventId: event.id
                ?? Self.contentIdentifier(event.tool, event.name, event.machineId, String(occurredAt), attributes),
            tool: event.tool,
            toolVersion: event.toolVersion,
            name: event.name,
            machineId: event.machineId,
            projectId: event.projectId,
            operatingSystem: event.operatingSystem ?? "unknown",
            architecture: event.architecture ?? "unknown",
            occurredAt: occurredAt,
            attributes: attributes
        )
    }

    /// A content-derived id: the hex SHA-256 of the parts, each followed by a zero byte.
    static func contentIdentifier(_ parts: String...) -> String {
        var hash = SHA256()
        for part in parts {
            hash.update(data: Array(part.utf8) + [0])
        }
        return hash.finalize().map { byte in
            let digits = Array("0123456789abcdef".utf8)
            return String(decoding: [digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]], as: UTF8.self)
        }.joined()
    }
}
