//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import Testing

@testable import TelemetryAuthConfig

/// `AnonymousId`: UPSTREAM section 4 and its worked examples (4.4).
@Suite("Anonymous id")
struct AnonymousIdTests {
    @Test(
        "The worked examples of UPSTREAM 4.4 reproduce exactly",
        arguments: [
            ("http://localhost.com", "my-app", "yfiu5GmgRFP7uxJ74S6XJTARlj6plX8/kymKowkU+6U="),
            ("https://app.example.com", "my-app", "S4DKou72PjpOzYpxpF6mz0Qghrd7gCdYUi3nwfQm9S4="),
            (nil, "my-app", "TJp1zKcX77aMhW8muoJQc39E5pgNMxk8lPoLjpzXYYw="),
            ("", "my-app", "TJp1zKcX77aMhW8muoJQc39E5pgNMxk8lPoLjpzXYYw="),
            ("https://app.example.com", nil, "abrd3k1YKLr/DPNt4oEe5CZoeKuiGWnt7sXcmyTKmB8="),
            ("http://localhost", "web", "HTLgN7QUgxOnAmqllg2+vVZ+59lcKzT9x+KJ2yfvRIA="),
        ] as [(String?, String?, String)]
    )
    func workedExamples(baseURL: String?, projectName: String?, expected: String) {
        #expect(AnonymousId.derive(baseURL: baseURL, projectName: projectName) == expected)
    }

    @Test("The hash of the empty string is the upstream value (4.4, last row)")
    func emptyInputHash() {
        #expect(AnonymousId.hash("") == "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=")
    }

    @Test("Neither a name nor a base URL: a fresh random 32-character [A-Za-z0-9] id, not hash(\"\")")
    func randomFallback() {
        let alphanumerics = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        var seen: Set<String> = []
        for (baseURL, name) in [(nil, nil), ("", nil), (nil, ""), ("", "")] as [(String?, String?)] {
            let id = AnonymousId.derive(baseURL: baseURL, projectName: name)
            #expect(id.count == 32)
            #expect(id.allSatisfy(alphanumerics.contains))
            seen.insert(id)
        }
        #expect(seen.count == 4)
    }

    @Test("Every hash is 44 characters of standard base64 ending in =")
    func hashShape() {
        for input in ["a", "https://example.com", "ü", String(repeating: "x", count: 1000)] {
            let id = AnonymousId.hash(input)
            #expect(id.count == 44)
            #expect(id.hasSuffix("="))
            #expect(!id.contains("-") && !id.contains("_"))
        }
    }
}
