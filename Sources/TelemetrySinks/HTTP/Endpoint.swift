//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import TelemetryCore

#if canImport(FoundationEssentials)
import struct FoundationEssentials.URLComponents
#else
import struct Foundation.URLComponents
#endif

/// Checks the endpoint of a remote sink: absolute `http(s)` URL, HTTPS unless loopback or
/// explicitly allowed, no credentials in the URL.
enum Endpoint {
    /// The parts of a checked endpoint, as swift-http-types' request wants them.
    struct Parts: Sendable, Hashable {
        var scheme: String
        var authority: String
        var path: String
    }

    /// Returns the parts of `endpoint` when it may be used; otherwise throws an
    /// `invalidConfiguration` error whose message never repeats the URL's credentials, path or
    /// query.
    static func validate(_ endpoint: String, allowsInsecure: Bool) throws(TelemetryError) -> Parts {
        guard let components = URLComponents(string: endpoint),
            let scheme = components.scheme?.lowercased(),
            let host = components.host, !host.isEmpty
        else {
            throw TelemetryError(
                code: .invalidConfiguration,
                message: "The telemetry endpoint is not an absolute http(s) URL. Pass a URL such as "
                    + "https://collector.example.com/v1/logs."
            )
        }
        guard components.user == nil, components.password == nil else {
            // Never echo the URL here: it holds the credentials.
            throw TelemetryError(
                code: .invalidConfiguration,
                message: "The telemetry endpoint URL contains a user name or password. Remove them from the "
                    + "URL and pass credentials as a header (for example Authorization) instead."
            )
        }
        // An IPv6 literal goes back into brackets, whichever form Foundation returned it in.
        let bareHost = host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host
        let hostPart = bareHost.contains(":") ? "[\(bareHost)]" : (components.percentEncodedHost ?? host)
        let authority = hostPart + (components.port.map { ":\($0)" } ?? "")
        let origin = "\(scheme)://\(authority)"
        switch scheme {
        case "https":
            break
        case "http":
            guard allowsInsecure || isLoopback(host) else {
                throw TelemetryError(
                    code: .invalidConfiguration,
                    message: "The telemetry endpoint \(origin) uses plain http to a host that is not loopback. "
                        + "Use https, or set allowsInsecureEndpoint to accept it."
                )
            }
        default:
            throw TelemetryError(
                code: .invalidConfiguration,
                message: "The telemetry endpoint scheme '\(scheme)' is not supported; use https (or http for loopback)."
            )
        }
        var path = components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath
        if let query = components.percentEncodedQuery { path += "?" + query }
        return Parts(scheme: scheme, authority: authority, path: path)
    }

    /// Whether `host` is a loopback name or address: `localhost`, `127.0.0.0/8`, `::1`.
    static func isLoopback(_ host: String) -> Bool {
        var host = host.lowercased()
        if host.hasPrefix("["), host.hasSuffix("]") {
            host = String(host.dropFirst().dropLast())
        }
        if host == "localhost" || host == "::1" || host == "0:0:0:0:0:0:0:1" { return true }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4, octets[0] == "127" else { return false }
        return octets.allSatisfy { octet in
            !octet.isEmpty && octet.count <= 3 && octet.allSatisfy(\.isASCII) && (UInt8(octet) != nil)
        }
    }
}
