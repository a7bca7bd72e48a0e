//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

// Behind the (default) URLSessionTransport trait on Linux: without it, FoundationNetworking and
// libcurl are not linked at all (see StandardHTTPTransport). Always there on Apple platforms.
#if URLSessionTransport || canImport(Darwin)

public import HTTPTypes
@_spi(TelemetryInternals) import TelemetryCore

// The only file of the package that imports FoundationNetworking (libcurl on Linux).
#if canImport(FoundationNetworking)
public import FoundationNetworking
import Foundation
#else
public import Foundation
#endif

/// An ``HTTPTransport`` on Foundation's `URLSession`, which needs no extra package on Linux
/// (FoundationNetworking, backed by the system's libcurl) or on Apple platforms; what
/// ``StandardHTTPTransport`` uses unless the `AsyncHTTPClientTransport` trait is enabled.
///
/// Redirects are not followed: a 3xx answer is returned as the response (and a sink drops the
/// batch), so that credentials in headers never travel to another origin.
///
/// On Linux, FoundationNetworking counts request timeouts in whole seconds, so a sub-second
/// timeout is rounded up to one second.
///
/// Each transport owns an ephemeral session (no cookies, no cache, no credential storage).
/// Transport failures are thrown as a `TelemetryError` with the `delivery` code whose
/// message names the failure (timed out, connection refused, …) but never the URL or a header.
///
/// ```swift
/// let sink = try HTTPSink(endpoint: "https://collector.example.com/v1/events",
///                         transport: URLSessionTransport())
/// ```
public final class URLSessionTransport: HTTPTransport {
    private let session: URLSession
    /// The delegate of a session this transport owns; `nil` for a host's session.
    private let delegate: RedirectRefusingDelegate?

    /// Creates a transport with its own ephemeral session.
    public init() {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpCookieAcceptPolicy = .never
        configuration.httpShouldSetCookies = false
        configuration.urlCache = nil
        configuration.urlCredentialStorage = nil
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        let delegate = RedirectRefusingDelegate()
        self.delegate = delegate
        self.session = URLSession(configuration: configuration, delegate: delegate, delegateQueue: nil)
    }

    /// Creates a transport that sends through `session`, for hosts that configure their own.
    ///
    /// Redirects then follow the session's own behaviour: FoundationNetworking follows them and
    /// replays every header, so do not combine a host session with credentials in headers on
    /// Linux.
    public init(session: URLSession) {
        self.session = session
        self.delegate = nil
    }

    deinit {
        // A session keeps its delegate until it is invalidated.
        if delegate != nil { session.finishTasksAndInvalidate() }
    }

    /// Sends `request` with `body` and returns the response; throws a `TelemetryError` with the
    /// `delivery` code for a transport failure.
    public func send(
        _ request: HTTPRequest,
        body: [UInt8],
        timeout: Duration
    ) async throws -> (response: HTTPResponse, body: [UInt8]) {
        guard let url = URL(string: "\(request.scheme ?? "https")://\(request.authority ?? "")\(request.path ?? "/")")
        else {
            throw TelemetryError(code: .invalidConfiguration, message: "The request URL is not a valid URL.")
        }
        var urlRequest = URLRequest(url: url)
        urlRequest.httpMethod = request.method.rawValue
        urlRequest.timeoutInterval = Self.seconds(timeout)
        for field in request.headerFields {
            urlRequest.addValue(field.value, forHTTPHeaderField: field.name.rawName)
        }
        let data: Data
        let response: URLResponse
        do {
            if let delegate {
                // Delegate-driven tasks: FoundationNetworking consults the session delegate about
                // redirects only for tasks without a completion handler (the async API has one).
                let task =
                    body.isEmpty
                    ? session.dataTask(with: urlRequest)
                    : session.uploadTask(with: urlRequest, from: Data(body))
                (data, response) = try await delegate.run(task)
            } else if body.isEmpty {
                // FoundationNetworking refuses an upload without a body on GET (URLError -1103).
                (data, response) = try await session.data(for: urlRequest)
            } else {
                (data, response) = try await session.upload(for: urlRequest, from: Data(body))
            }
        } catch let error as URLError {
            if error.code == .cancelled { throw CancellationError() }
            throw TelemetryError(code: .delivery, message: Self.describe(error, timeout: timeout))
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw TelemetryError(code: .delivery, message: "The request failed (\(type(of: error))).")
        }
        guard let http = response as? HTTPURLResponse else {
            throw TelemetryError(code: .delivery, message: "The response was not an HTTP response.")
        }
        var fields = HTTPFields()
        for case let (name as String, value as String) in http.allHeaderFields {
            if let fieldName = HTTPField.Name(name) { fields.append(HTTPField(name: fieldName, value: value)) }
        }
        let status = HTTPResponse.Status(code: min(max(http.statusCode, 0), 999))
        return (HTTPResponse(status: status, headerFields: fields), Array(data.prefix(Self.maximumResponseBody)))
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

/// The delegate of a session a ``URLSessionTransport`` owns: refuses every redirect (the 3xx is
/// returned as the response, so credentials in headers never reach another origin), and turns
/// delegate callbacks into an `async` result per task.
///
/// `@unchecked Sendable`: its only state is behind a `LockedValue`.
private final class RedirectRefusingDelegate: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    private struct Pending {
        var continuation: CheckedContinuation<(Data, URLResponse), any Error>
        var data = Data()
        var response: URLResponse?
    }

    private let pending = LockedValue<[Int: Pending]>([:])

    /// Starts `task` and returns its body and response once it completes.
    func run(_ task: URLSessionTask) async throws -> (Data, URLResponse) {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                pending.withLock { $0[task.taskIdentifier] = Pending(continuation: continuation) }
                task.resume()
            }
        } onCancel: {
            task.cancel()
        }
    }

    func urlSession(
        _ session: URLSession,
        task: URLSessionTask,
        willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest,
        completionHandler: @escaping @Sendable (URLRequest?) -> Void
    ) {
        completionHandler(nil)
    }

    func urlSession(
        _ session: URLSession,
        dataTask: URLSessionDataTask,
        didReceive response: URLResponse,
        completionHandler: @escaping @Sendable (URLSession.ResponseDisposition) -> Void
    ) {
        pending.withLock { $0[dataTask.taskIdentifier]?.response = response }
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        pending.withLock { state in
            guard var entry = state[dataTask.taskIdentifier] else { return }
            // Bounded: a response body is only read for status and small JSON answers.
            if entry.data.count < URLSessionTransport.maximumResponseBody {
                entry.data.append(data)
                state[dataTask.taskIdentifier] = entry
            }
        }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        guard let entry = pending.withLock({ $0.removeValue(forKey: task.taskIdentifier) }) else { return }
        if let error {
            entry.continuation.resume(throwing: error)
        } else if let response = entry.response ?? task.response {
            entry.continuation.resume(returning: (entry.data, response))
        } else {
            entry.continuation.resume(throwing: URLError(.badServerResponse))
        }
    }
}

#endif
