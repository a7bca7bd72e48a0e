//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import Foundation
import Testing

/// `telemetry status` output ends up in terminals, bug reports and CI logs: it shows where
/// events go, but never a credential carried by the endpoint URL.
@Suite(.timeLimit(.minutes(2))) struct StatusRedactionTests {
    @Test("status shows the endpoint's origin only: no user, password, path token or query")
    func endpointCredentialsAreNotPrinted() async throws {
        let directory = try CLITestDirectory()
        let endpoint = "https://alice:s3cr3t-pass@collector.example.com:8443/hooks/p4th-t0ken?api_key=qu3ry-k3y#fr4g"
        let result = try await TelemetryProcess.run(
            ["status", "--tool", "my-cli"],
            environment: directory.environment(["MY_CLI_TELEMETRY_ENDPOINT": endpoint])
        )
        #expect(result.status == 0)
        let output = result.stdout + result.stderr
        #expect(output.contains("MY_CLI_TELEMETRY_ENDPOINT=https://collector.example.com:8443/…"))
        #expect(output.contains("contains a user name or password"))
        for secret in ["alice", "s3cr3t-pass", "p4th-t0ken", "qu3ry-k3y", "fr4g"] {
            #expect(!output.contains(secret), "status printed \(secret)")
        }
    }

    @Test("status of a plain endpoint shows its origin; an empty or malformed one is described, not echoed")
    func otherEndpoints() async throws {
        let directory = try CLITestDirectory()
        let cases = [
            ("https://collector.example.com", "MY_CLI_TELEMETRY_ENDPOINT=https://collector.example.com\n"),
            ("", "MY_CLI_TELEMETRY_ENDPOINT=(empty: nothing is sent)"),
            ("not a url with t0ken", "MY_CLI_TELEMETRY_ENDPOINT=(set, but not an absolute URL; not shown)"),
        ]
        for (endpoint, expected) in cases {
            let result = try await TelemetryProcess.run(
                ["status", "--tool", "my-cli"],
                environment: directory.environment(["MY_CLI_TELEMETRY_ENDPOINT": endpoint])
            )
            #expect(result.stdout.contains(expected), "\(result.stdout)")
            #expect(!result.stdout.contains("t0ken"))
        }
    }
}
