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

/// How `status` shows an endpoint URL: its origin only.
///
/// An endpoint can carry credentials in its user info (`https://user:token@…`), its query
/// (`?api_key=…`) or its path (`/hooks/<secret>`); `status` output ends up in terminals, bug
/// reports and CI logs, so none of those parts is ever printed.
enum EndpointDisplay {
    static func redacted(_ endpoint: String) -> String {
        let trimmed = endpoint.trimmingWhitespace()
        guard !trimmed.isEmpty else { return "(empty: nothing is sent)" }
        guard let components = URLComponents(string: trimmed), let scheme = components.scheme,
            let host = components.host, !host.isEmpty
        else {
            return "(set, but not an absolute URL; not shown)"
        }
        var shown = "\(scheme.lowercased())://\(host)\(components.port.map { ":\($0)" } ?? "")"
        if !(components.percentEncodedPath.isEmpty || components.percentEncodedPath == "/")
            || components.percentEncodedQuery != nil || components.percentEncodedFragment != nil
        {
            shown += "/…"
        }
        if components.user != nil || components.password != nil {
            shown += " (the URL contains a user name or password, not shown; the sinks refuse such a URL)"
        }
        return shown
    }
}
