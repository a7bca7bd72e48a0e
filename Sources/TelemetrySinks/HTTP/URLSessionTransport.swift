//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

// The only file of the package that imports FoundationNetworking (libcurl on Linux).
#if canImport(FoundationNetworking)
public import FoundationNetworking
import Foundation
#else
public import Foundation
#endif
import TelemetryCore

/// The default ``HTTPTransport``: Foundation's `URLSession`, which needs no extra package on
/// Linux (FoundationNetworking, backed by the system's libcurl) or on Apple platforms.
///
/// On Linux, FoundationNetworking counts request timeouts in whole seconds, so a sub-second
/// ``HTTPRequest/timeout`` is rounded up to one second.
///
/// Each transport owns an ephemeral session (no cookies, no cache, no credential storage).
/// Transport failures are thrown as a ``TelemetryError`` with the `delivery` code whose
/// message names the failure (timed out, connection refused, …) but never the URL or a header.
///
/// ```swift
/// let sink = try HTTPSink(endpoint: "https://collector.example.com/events",
///                         transport: URLSessionTransport())
/// ```
public final class URLSessionTransport: HTTPTransport {
    private let session: URLSession

    /// Creates a transport with its own ephemeral session.
    public init() {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpCookieAcceptPolicy = .never
        configuration.httpShouldSetCookies = false
        configuration.urlCache = nil
        configuration.urlCredentialStorage = nil
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        self.session = URLSession(configuration: configuration)
    }

    /// Creates a transport that sends through `session`, for hosts that configure their own.
    public init(session: URLSession) {
        self.session = session
    }

    /// Sends `request` and returns the response; throws a ``TelemetryError`` with the
    /// `delivery` code for a transport failure.
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        guard let url = URL(string: request.url) else {
            throw TelemetryError(code: .invalidConfiguration, message: "The request URL is not a valid URL.")
        }
        var urlRequest = URLRequest(url: url)
        urlRequest.httpMethod = request.method
        urlRequest.timeoutInterval = Self.seconds(request.timeout)
        for header in request.headers {
            urlRequest.addValue(header.value, forHTTPHeaderField: header.name)
        }
        let data: Data
        let response: URLResponse
        do {
            if request.body.isEmpty {
                // FoundationNetworking refuses an upload without a body on GET (URLError -1103).
                (data, response) = try await session.data(for: urlRequest)
            } else {
                (data, response) = try await session.upload(for: urlRequest, from: Data(request.body))
            }
        } catch let error as URLError {
            if error.code == .cancelled { throw CancellationError() }
            throw TelemetryError(code: .delivery, message: Self.describe(error, timeout: request.timeout))
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw TelemetryError(code: .delivery, message: "The request failed (\(type(of: error))).")
        }
        guard let http = response as? HTTPURLResponse else {
            throw TelemetryError(code: .delivery, message: "The response was not an HTTP response.")
        }
        var headers: [HTTPHeader] = []
        for case let (name as String, value as String) in http.allHeaderFields {
            headers.append(HTTPHeader(name: name, value: value))
        }
        return HTTPResponse(status: http.statusCode, headers: headers, body: Array(data.prefix(Self.maximumResponseBody)))
    }

    /// Responses are read for status and small JSON answers (OTLP `partialSuccess`) only.
    static let maximumResponseBody = 2 * 1024 * 1024

    /// The timeout in seconds. FoundationNetworking truncates it to whole seconds, and a
    /// sub-second value then times out at once: round up to at least one second there.
    private static func seconds(_ duration: Duration) -> TimeInterval {
        let (seconds, attoseconds) = duration.components
        let exact = TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
        #if canImport(FoundationNetworking)
        return max(1, exact.rounded(.up))
        #else
        return max(0.001, exact)
        #endif
    }

    /// A message for `error` without its `userInfo`, which holds the URL.
    private static func describe(_ error: URLError, timeout: Duration) -> String {
        switch error.code {
        case .timedOut: "The request timed out after \(timeout)."
        case .cannotConnectToHost: "The collector refused the connection (is it running?)."
        case .networkConnectionLost: "The collector closed the connection before answering."
        case .cannotFindHost, .dnsLookupFailed: "The collector's host name could not be resolved."
        case .notConnectedToInternet: "The network is not reachable."
        case .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate,
            .serverCertificateNotYetValid, .serverCertificateHasUnknownRoot:
            "The TLS connection to the collector failed (URLError \(error.code.rawValue))."
        default: "The request failed (URLError \(error.code.rawValue))."
        }
    }
}
