//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

public import TelemetryCore

/// One Better Auth telemetry event, as it goes on the wire:
/// `{"type": ..., "anonymousId": ..., "payload": {...}}`.
///
/// The publisher always replaces `anonymousId` with the project's own id, so callers of
/// TelemetryPublisher/publish(_:) may leave it `nil`.
public struct TelemetryEvent: Sendable, Hashable {
    /// The event type, for example `init`, `cli_generate` or `cli_migrate`.
    public var type: String
    /// The anonymous project id (see AnonymousId).
    public var anonymousId: String?
    /// The event's data, a JSON object.
    public var payload: TelemetryValue

    /// Creates an event.
    public init(type: String, anonymousId: String? = nil, payload: TelemetryValue = [:]) {
        self.type = type
        self.anonymousId = anonymousId
        self.payload = payload
    }

    /// The wire envelope: `type`, `anonymousId` (`null` when unset) and `payload`.
    public var envelope: TelemetryValue {
        [
            "type": .string(type),
            "anonymousId": anonymousId.map(TelemetryValue.string) ?? .null,
            "payload": payload,
        ]
    }

    /// The envelope as compact JSON, keys sorted: the body of the POST to the endpoint.
    public var jsonBytes: [UInt8] { envelope.jsonBytes }

    /// The envelope as JSON indented by two spaces, as debug mode prints it.
    public var prettyJSON: String { envelope.prettyJSON }
}
