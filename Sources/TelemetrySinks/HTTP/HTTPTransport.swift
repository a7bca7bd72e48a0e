//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

public import HTTPTypes

/// Sends HTTP requests for the remote sinks: the seam for tests and for reusing a host's client.
///
/// It speaks swift-http-types' `HTTPRequest` and `HTTPResponse`, the types AsyncHTTPClient users
/// and Hummingbird servers already have. The package ships a default built on Foundation's
/// `URLSession` (``URLSessionTransport``, the default `URLSessionTransport` trait on Linux) and,
/// behind the `AsyncHTTPClientTransport` trait, one built on AsyncHTTPClient;
/// ``StandardHTTPTransport`` picks between them.
///
/// ## Implementation requirements
/// - Safe to call from many tasks at once.
/// - Honour `timeout`; throw when it passes.
/// - **Never follow a redirect**: return the 3xx as the response. A sink's headers carry
///   credentials, and following a redirect would hand them (and the events) to another origin.
/// - Return every HTTP status as a response; throw only for transport failures (connection
///   refused or reset, DNS, TLS, timeout), as a `TelemetryError`: `delivery` for a failure that
///   may pass, `invalidConfiguration` for one that never will (a request the client refuses).
/// - Never put a header value or a URL's user info in an error.
public protocol HTTPTransport: Sendable {
    /// Sends `request` with `body` and returns the response and its body (which a transport may
    /// cap in size).
    func send(
        _ request: HTTPRequest,
        body: [UInt8],
        timeout: Duration
    ) async throws -> (response: HTTPResponse, body: [UInt8])
}
