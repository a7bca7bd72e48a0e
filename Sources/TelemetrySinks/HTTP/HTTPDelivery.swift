//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import HTTPTypes
import TelemetryCore

/// One endpoint and how to POST to it: turns an HTTP exchange into a ``DeliveryResult``.
///
/// 2xx is delivered; 429, 502, 503 and 504 (honouring `Retry-After`) and transport failures are
/// retried; a redirect is refused, never followed; every other status, and a transport error of
/// the `invalidConfiguration` code (a request that can never succeed), drops the batch. No
/// reason ever holds a header value or a URL: only a status, or a message the transports
/// promise is clean.
struct HTTPDelivery: Sendable {
    let request: HTTPRequest
    let transport: any HTTPTransport
    let timeout: Duration

    /// Checks `endpoint` and `headers`, and prepares the request.
    ///
    /// - Throws: ``TelemetryError/Code/invalidConfiguration`` for an invalid, insecure or
    ///   credential-carrying endpoint, or an invalid header.
    init(
        endpoint: String,
        headers: [HTTPHeader],
        allowsInsecureEndpoint: Bool,
        contentType: String,
        headerSource: String,
        transport: any HTTPTransport,
        timeout: Duration
    ) throws(TelemetryError) {
        let url = try Endpoint.validate(endpoint, allowsInsecure: allowsInsecureEndpoint)
        var fields = try HTTPHeader.fields(headers, source: headerSource)
        if fields[.contentType] == nil { fields[.contentType] = contentType }
        if fields[.userAgent] == nil { fields[.userAgent] = LibraryVersion.userAgent }
        self.request = HTTPRequest(
            method: .post,
            scheme: url.scheme,
            authority: url.authority,
            path: url.path,
            headerFields: fields
        )
        self.transport = transport
        self.timeout = timeout
    }

    /// POSTs `body`; returns the result and, for a 2xx, the response body.
    func send(_ body: [UInt8], extraFields: HTTPFields = [:]) async -> (result: DeliveryResult, responseBody: [UInt8]?)
    {
        var request = request
        request.headerFields.append(contentsOf: extraFields)
        do {
            let (response, responseBody) = try await transport.send(request, body: body, timeout: timeout)
            let status = response.status.code
            switch response.status.kind {
            case .successful:
                return (.delivered, responseBody)
            case .redirection:
                return (
                    .rejected(
                        reason:
                            "HTTP \(status): the collector answered with a redirect, which is never followed (the request carries credentials); point the endpoint at the final URL"
                    ), nil
                )
            default:
                guard RetryPolicy.isRetryable(status: status) else { return (.rejected(reason: "HTTP \(status)"), nil) }
                let retryAfter = response.headerFields[.retryAfter].flatMap { RetryPolicy.parseRetryAfter($0) }
                return (.failed(reason: "HTTP \(status)", retryAfter: retryAfter), nil)
            }
        } catch let error as TelemetryError where error.code == .invalidConfiguration {
            return (.rejected(reason: error.message), nil)
        } catch let error as TelemetryError {
            return (.failed(reason: error.message), nil)
        } catch {
            // Not one of ours: its text may hold anything (a URL, a header); its type says enough.
            return (.failed(reason: "the request failed (\(type(of: error)))"), nil)
        }
    }
}
