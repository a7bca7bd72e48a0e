//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import TelemetryCore
import TelemetrySinks

/// Where a live publisher's events go: exactly one of the custom track, debug output, or the
/// endpoint (in that order of precedence, as upstream).
enum EventDestination: Sendable {
    /// The host's function receives every event.
    case customTrack(@Sendable (TelemetryEvent) async throws -> Void)
    /// Debug mode: each event is printed as pretty JSON, nothing is sent.
    case debug(@Sendable (String) -> Void)
    /// Each event is POSTed, as its own `{"type","anonymousId","payload"}` envelope.
    case endpoint(url: String, transport: (any HTTPTransport)?)

    /// Delivers `event`; returns once it is delivered or has failed. Never throws: telemetry
    /// failures stay inside the publisher.
    func deliver(_ event: TelemetryEvent) async {
        switch self {
        case .customTrack(let track):
            do { try await track(event) } catch {
                // Swallowed by design: a failing sink must never reach the host.
            }
        case .debug(let write):
            write("telemetry event \(event.prettyJSON)\n")
        case .endpoint(let url, let transport):
            guard let transport else { return }
            let request = HTTPRequest(
                url: url,
                method: "POST",
                headers: [HTTPHeader(name: "Content-Type", value: "application/json")],
                body: event.jsonBytes
            )
            _ = try? await transport.send(request)
        }
    }
}
