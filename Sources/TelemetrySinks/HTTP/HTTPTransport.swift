//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

/// One HTTP request a telemetry sink wants sent.
public struct HTTPRequest: Sendable, Hashable {
    /// The absolute URL, for example `https://collector.example.com/v1/logs`.
    public var url: String
    /// The method; `POST` for every sink in this package.
    public var method: String
    /// Header fields, in order. Values may hold credentials: never log them.
    public var headers: [HTTPHeader]
    /// The request body.
    public var body: [UInt8]
    /// How long the whole exchange may take before the transport gives up.
    public var timeout: Duration

    /// Creates a request.
    public init(url: String, method: String = "POST", headers: [HTTPHeader] = [], body: [UInt8] = [], timeout: Duration = .seconds(10)) {
        self.url = url
        self.method = method
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }
}

/// One HTTP header field.
///
/// Its printed forms (`description`, `debugDescription`, `dump`) show the name only, so that a
/// header holding a token never reaches a log by accident.
public struct HTTPHeader: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The field name, for example `Content-Type`.
    public var name: String
    /// The field value.
    public var value: String

    /// Creates a header field.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }

    /// `Authorization: Bearer <token>`.
    public static func authorization(bearer token: String) -> HTTPHeader {
        HTTPHeader(name: "Authorization", value: "Bearer \(token)")
    }

    /// `Name: <redacted>`: the value is never printed.
    public var description: String { "\(name): <redacted>" }

    /// `Name: <redacted>`: the value is never printed.
    public var debugDescription: String { description }

    /// A mirror that shows the name only.
    public var customMirror: Mirror {
        Mirror(self, children: ["name": name, "value": "<redacted>"])
    }
}

/// The answer to an ``HTTPRequest``.
public struct HTTPResponse: Sendable, Hashable {
    /// The status code, for example `200`.
    public var status: Int
    /// Header fields, in order.
    public var headers: [HTTPHeader]
    /// The response body (transports may cap its size).
    public var body: [UInt8]

    /// Creates a response.
    public init(status: Int, headers: [HTTPHeader] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first value of the header field named `name`, compared case-insensitively.
    public func header(_ name: String) -> String? {
        let lowered = name.lowercased()
        return headers.first { $0.name.lowercased() == lowered }?.value
    }
}

/// Sends HTTP requests for the remote sinks: the seam for tests and for reusing a host's client.
///
/// The package ships a default built on FoundationNetworking's `URLSession`, and, behind the
/// `AsyncHTTPClientTransport` trait, one built on AsyncHTTPClient.
///
/// ## Implementation requirements
/// - Safe to call from many tasks at once.
/// - Honour ``HTTPRequest/timeout``; throw when it passes.
/// - Return every HTTP status as an ``HTTPResponse``; throw only for transport failures
///   (connection refused or reset, DNS, TLS, timeout). Never put header values in an error.
public protocol HTTPTransport: Sendable {
    /// Sends `request` and returns the response.
    func send(_ request: HTTPRequest) async throws -> HTTPResponse
}
