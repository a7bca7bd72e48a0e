//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

public import TelemetryCore

/// One Better Auth telemetry event, as it goes on the wire:
/// `{"type": ..., "anonymousId": ..., "payload": {...}}`.
///
/// The publisher always replaces `anonymousId` with the project's own id (the per-project id of
/// the Better Auth contract, not the per-machine `MachineId`), so callers of
/// ``TelemetryPublisher/publish(_:)`` may leave it `nil`. In the sink family the event travels
/// as an `Event` whose `name` is ``type``, whose `projectId` is ``anonymousId`` and whose
/// attributes are the members of ``payload``.
public struct TelemetryEvent: Sendable, Hashable {
    /// The event type, for example `init`, `cli_generate` or `cli_migrate`.
    public var type: String
    /// The anonymous project id (see ``AnonymousId``).
    public var anonymousId: String?
    /// The event's data, a JSON object (a payload that is not an object travels as `{}`).
    public var payload: TelemetryValue

    /// Creates an event.
    public init(type: String, anonymousId: String? = nil, payload: TelemetryValue = [:]) {
        self.type = type
        self.anonymousId = anonymousId
        self.payload = payload
    }

    /// The event that an `Event` of the publisher carries.
    init(_ event: Event) {
        self.init(
            type: event.name,
            anonymousId: event.projectId,
            payload: .object([String: TelemetryValue](event.attributes))
        )
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
