//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import Logging
public import TelemetryCore

/// How ``HTTPSink`` puts events in a request body.
///
/// | format | body | per request |
/// |---|---|---|
/// | ``eventArray`` | `[{event line},{event line},…]`, each an ``EventEncoder`` line | a batch |
/// | ``betterAuthEnvelope`` | `{"type": name, "anonymousId": projectId, "payload": attrs}` | one event |
///
/// The Better Auth envelope is what Better Auth's telemetry endpoint (and any collector of its
/// contract) reads: the event's ``Event/name`` is the `type`, its ``Event/projectId`` the
/// `anonymousId` (`null` when unset), and its attributes the `payload`. The tool, version,
/// machine id and timestamp stay out of it, as upstream.
public struct HTTPBodyFormat: Sendable, Hashable, CustomStringConvertible {
    enum Kind: Sendable, Hashable {
        case eventArray
        case betterAuthEnvelope
    }

    let kind: Kind

    /// A JSON array of event lines, a batch per request (the default).
    public static let eventArray = HTTPBodyFormat(kind: .eventArray)
    /// One Better Auth `{"type","anonymousId","payload"}` envelope per request.
    public static let betterAuthEnvelope = HTTPBodyFormat(kind: .betterAuthEnvelope)

    /// `eventArray` or `betterAuthEnvelope`.
    public var description: String { kind == .eventArray ? "eventArray" : "betterAuthEnvelope" }

    /// The Better Auth envelope of `event`.
    public static func envelope(of event: Event) -> TelemetryValue {
        [
            "type": .string(event.name),
            "anonymousId": event.projectId.map(TelemetryValue.string) ?? .null,
            "payload": .object([String: TelemetryValue](event.attributes)),
        ]
    }
}

extension HTTPBodyFormat: WireFormat {
    var contentType: String { "application/json" }

    var sendsOneRecordPerRequest: Bool { kind == .betterAuthEnvelope }

    func record(for event: Event) -> Event { event }

    func body(for events: [Event]) -> [UInt8] {
        switch kind {
        case .betterAuthEnvelope:
            return Self.envelope(of: events[0]).jsonBytes
        case .eventArray:
            let encoder = EventEncoder()
            var body: [UInt8] = [UInt8(ascii: "[")]
            body.reserveCapacity(events.count * 320)
            for (index, event) in events.enumerated() {
                if index > 0 { body.append(UInt8(ascii: ",")) }
                encoder.encode(event, into: &body)
            }
            body.append(UInt8(ascii: "]"))
            return body
        }
    }
}
