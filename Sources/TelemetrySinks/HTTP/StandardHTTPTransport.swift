//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

public import HTTPTypes
@_spi(TelemetryInternals) import TelemetryCore

/// The transport every sink uses unless it is given one: ``AsyncHTTPClientTransport`` when the
/// `AsyncHTTPClientTransport` trait is enabled, else ``URLSessionTransport`` (the default
/// `URLSessionTransport` trait).
///
/// The transport it stands for is made on the first request, so a tool whose telemetry is off,
/// or that exits before sending, never creates a session.
///
/// What is linked matters more than what is made: on Linux, FoundationNetworking and the
/// system's libcurl with its TLS and Kerberos libraries are loaded when a process starts,
/// about 10 ms before `main` on every run, telemetry on or off (`Benchmarks/RESULTS.md`,
/// start-up). A tool that starts often can drop them: enable `AsyncHTTPClientTransport` and
/// leave out the default traits, so that neither FoundationNetworking nor Foundation is linked:
///
/// ```swift
/// .package(url: "https://github.com/<org>/swift-telemetry.git", from: "0.2.0",
///          traits: ["AsyncHTTPClientTransport"]),
/// ```
///
/// With neither trait, every request fails with an `invalidConfiguration` error that says so
/// (pass a transport of your own).
public final class StandardHTTPTransport: HTTPTransport {
    private let transport = LockedValue<(any HTTPTransport)?>(nil)

    /// Creates the transport; the one it stands for is made on the first request.
    public init() {}

    /// Sends `request` through the transport this build provides.
    public func send(
        _ request: HTTPRequest,
        body: [UInt8],
        timeout: Duration
    ) async throws -> (response: HTTPResponse, body: [UInt8]) {
        let transport = self.transport.withLock { transport -> (any HTTPTransport)? in
            if transport == nil { transport = Self.make() }
            return transport
        }
        guard let transport else {
            throw TelemetryError(
                code: .invalidConfiguration,
                message: "this build of swift-telemetry has no HTTP transport: enable its URLSessionTransport "
                    + "(default) or AsyncHTTPClientTransport trait, or give the sink a transport of your own."
            )
        }
        return try await transport.send(request, body: body, timeout: timeout)
    }

    /// The name of the transport this build uses (`AsyncHTTPClient`, `URLSession` or `none`).
    public static var name: String {
        #if AsyncHTTPClientTransport
        "AsyncHTTPClient"
        #elseif URLSessionTransport || canImport(Darwin)
        "URLSession"
        #else
        "none"
        #endif
    }

    private static func make() -> (any HTTPTransport)? {
        #if AsyncHTTPClientTransport
        AsyncHTTPClientTransport()
        #elseif URLSessionTransport || canImport(Darwin)
        URLSessionTransport()
        #else
        nil
        #endif
    }
}
