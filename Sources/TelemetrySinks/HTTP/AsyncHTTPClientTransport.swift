//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

#if AsyncHTTPClientTransport
public import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import TelemetryCore

/// An ``HTTPTransport`` backed by AsyncHTTPClient, for servers that already run one and want
/// telemetry to share its connection pool and event loops.
///
/// Available with the package trait `AsyncHTTPClientTransport`:
///
/// ```swift
/// .package(url: "https://github.com/…/swift-telemetry.git", from: "0.1.0",
///          traits: [.defaults, "AsyncHTTPClientTransport"])
/// ```
///
/// ```swift
/// let sink = try HTTPSink(endpoint: "https://collector.example.com/events",
///                         transport: AsyncHTTPClientTransport(client: app.httpClient))
/// ```
///
/// The transport never shuts the client down: its owner does (`HTTPClient.shared` needs no
/// shutdown). Transport failures are thrown as a ``TelemetryError`` with the `delivery` code,
/// without URL or header values.
public struct AsyncHTTPClientTransport: HTTPTransport {
    /// The client requests go through.
    public let client: HTTPClient

    /// Creates a transport on `client`; by default the process-wide `HTTPClient.shared`.
    public init(client: HTTPClient = .shared) {
        self.client = client
    }

    /// Sends `request` within its timeout and returns the response.
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = HTTPMethod(rawValue: request.method)
        for header in request.headers {
            outgoing.headers.add(name: header.name, value: header.value)
        }
        outgoing.body = .bytes(request.body)
        let timeout = TimeAmount.nanoseconds(Self.nanoseconds(request.timeout))
        do {
            let response = try await client.execute(outgoing, timeout: timeout)
            // Reading the body (bounded) lets the connection go back to the pool.
            let body = try await response.body.collect(upTo: Self.maximumResponseBody)
            return HTTPResponse(
                status: Int(response.status.code),
                headers: response.headers.map { HTTPHeader(name: $0.name, value: $0.value) },
                body: Array(body.readableBytesView)
            )
        } catch let error as HTTPClientError {
            if error == .cancelled { throw CancellationError() }
            throw TelemetryError(code: .delivery, message: Self.describe(error, timeout: request.timeout))
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            if Task.isCancelled { throw CancellationError() }
            // NIO's connection errors name the address; the type says enough.
            throw TelemetryError(code: .delivery, message: "The request failed (\(type(of: error))).")
        }
    }

    /// Responses are read for status and small JSON answers (OTLP `partialSuccess`) only.
    static let maximumResponseBody = 2 * 1024 * 1024

    private static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? .max : max(1, scaled + attoseconds / 1_000_000_000)
    }

    private static func describe(_ error: HTTPClientError, timeout: Duration) -> String {
        switch error {
        case .deadlineExceeded, .readTimeout, .writeTimeout: "The request timed out after \(timeout)."
        case .connectTimeout: "Connecting to the collector timed out."
        case .remoteConnectionClosed: "The collector closed the connection before answering."
        default: "The request failed (\(error))."
        }
    }
}
#endif
