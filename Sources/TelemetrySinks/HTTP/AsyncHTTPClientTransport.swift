//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

#if AsyncHTTPClientTransport
public import AsyncHTTPClient
public import HTTPTypes
import NIOCore
import NIOHTTP1
import TelemetryCore

/// An ``HTTPTransport`` backed by AsyncHTTPClient, for servers that already run it.
///
/// Available with the package trait `AsyncHTTPClientTransport`:
///
/// ```swift
/// .package(url: "https://github.com/…/swift-telemetry.git", from: "0.2.0",
///          traits: [.defaults, "AsyncHTTPClientTransport"])
/// ```
///
/// ```swift
/// let sink = try HTTPSink(endpoint: "https://collector.example.com/v1/events",
///                         transport: AsyncHTTPClientTransport())
/// ```
///
/// **Redirects are never followed** by the default transport: it sends through a process-wide
/// client of its own, on AsyncHTTPClient's default event loops, configured with
/// `redirectConfiguration: .disallow`, so that a collector answering `307 Location: http://elsewhere`
/// never receives the sink's headers and events at another origin (the 3xx is returned, and the
/// sink drops the batch). A client you pass with ``init(client:)`` keeps its own redirect policy:
/// give it `redirectConfiguration: .disallow` when the sink's headers carry credentials.
///
/// The transport never shuts a client down: its owner does. Transport failures are thrown as a
/// `TelemetryError` without URL or header values: `delivery` for a failure that may pass,
/// `invalidConfiguration` for a request the client refuses outright (it is never retried).
public struct AsyncHTTPClientTransport: HTTPTransport {
    /// The client requests go through.
    public let client: HTTPClient

    /// Creates a transport on the package's redirect-refusing client.
    public init() {
        self.client = redirectRefusingClient
    }

    /// Creates a transport on `client`, for a host that wants telemetry to share its pool.
    public init(client: HTTPClient) {
        self.client = client
    }

    /// Sends `request` within `timeout` and returns the response.
    public func send(
        _ request: HTTPRequest,
        body: [UInt8],
        timeout: Duration
    ) async throws -> (response: HTTPResponse, body: [UInt8]) {
        var outgoing = HTTPClientRequest(
            url: "\(request.scheme ?? "https")://\(request.authority ?? "")\(request.path ?? "/")"
        )
        outgoing.method = HTTPMethod(rawValue: request.method.rawValue)
        for field in request.headerFields {
            outgoing.headers.add(name: field.name.rawName, value: field.value)
        }
        outgoing.body = .bytes(body)
        do {
            let response = try await client.execute(outgoing, timeout: .nanoseconds(Self.nanoseconds(timeout)))
            // Reading the body (bounded) lets the connection go back to the pool.
            let responseBody = try await response.body.collect(upTo: Self.maximumResponseBody)
            var fields = HTTPFields()
            for header in response.headers {
                if let name = HTTPField.Name(header.name) { fields.append(HTTPField(name: name, value: header.value)) }
            }
            let status = HTTPResponse.Status(code: min(max(Int(response.status.code), 0), 999))
            return (HTTPResponse(status: status, headerFields: fields), Array(responseBody.readableBytesView))
        } catch let error as HTTPClientError {
            if error == .cancelled { throw CancellationError() }
            throw Self.telemetryError(error, timeout: timeout)
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

    /// A message without a header value or URL: AsyncHTTPClient's `description` of some errors
    /// carries the offending values (`invalidHeaderFieldValues(["SECRET…"])`); its
    /// `shortDescription` never does.
    private static func telemetryError(_ error: HTTPClientError, timeout: Duration) -> TelemetryError {
        switch error {
        case .deadlineExceeded, .readTimeout, .writeTimeout:
            return TelemetryError(code: .delivery, message: "The request timed out after \(timeout).")
        case .connectTimeout:
            return TelemetryError(code: .delivery, message: "Connecting to the collector timed out.")
        case .remoteConnectionClosed:
            return TelemetryError(code: .delivery, message: "The collector closed the connection before answering.")
        default:
            if refusedRequests.contains(error.shortDescription) {
                return TelemetryError(
                    code: .invalidConfiguration,
                    message: "AsyncHTTPClient refused the request (\(error.shortDescription)); it is never retried."
                )
            }
            return TelemetryError(code: .delivery, message: "The request failed (\(error.shortDescription)).")
        }
    }

    /// The errors of a request the client refuses before sending it: no retry can help.
    private static let refusedRequests: Set<String> = [
        HTTPClientError.invalidHeaderFieldValues([]).shortDescription,
        HTTPClientError.invalidHeaderFieldNames([]).shortDescription,
        HTTPClientError.invalidURL.shortDescription,
        HTTPClientError.emptyHost.shortDescription,
        HTTPClientError.emptyScheme.shortDescription,
        HTTPClientError.unsupportedScheme("").shortDescription,
    ]
}

/// The default transport's client: never follows a redirect; never shut down, like
/// `HTTPClient.shared` (a global is created once and lives as long as the process).
private let redirectRefusingClient: HTTPClient = {
    var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow)
    configuration.httpVersion = .automatic
    return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
}()
#endif
