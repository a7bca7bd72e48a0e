//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import TelemetryAudit
import Testing

/// The classifier behind `telemetry audit`: what it flags, and what it leaves alone.
@Suite struct SuspiciousValueTests {
    @Test(arguments: [
        ("ada@example.com", SuspiciousValue.email),
        ("contact: first.last+tag@mail.example.co.uk please", .email),
        ("https://example.com/callback", .url),
        ("postgres://user:secret@db:5432/app", .url),
        ("www.example.com", .url),
        ("10.0.0.12", .ip),
        ("client 192.168.1.1.", .ip),
        ("::1", .ip),
        ("fe80::1ff:fe23:4567:890a", .ip),
        ("2001:db8::8a2e:370:7334", .ip),
        ("ghp_0123456789abcdefghijABCDEFGHIJ", .token),
        ("sk_live_51Habcdefghijk", .token),
        ("AKIAIOSFODNN7EXAMPLE", .token),
        ("Bearer abc.def.ghi-123", .token),
        ("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc123", .token),
        ("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", .token),
        ("/home/ada/projects/app", .path),
        ("/Users/ada/app", .path),
        ("/srv/app/config.json", .path),
        ("~/secrets.txt", .path),
        ("./Sources/App", .path),
        ("C:\\Users\\ada", .path),
    ])
    func flagsSensitiveLookingValues(_ value: String, _ kind: SuspiciousValue) {
        #expect(SuspiciousValue.classify(value) == kind, "\(value)")
    }

    @Test(arguments: [
        "", "build", "command_run", "4.89.0", "1.2.3", "6.3", "swift", "linux", "x86_64", "arm64", "postgresql",
        "true", "12", "my-cli", "application/json", "/", "a/b", "2026-11-23T09:30:00.000Z", "09:30:00", "secondary-storage",
        "lax", "@", "user@", "@example.com", "x86_64-unknown-linux-gnu", "session_token_expires_in",
    ])
    func leavesOrdinaryValuesAlone(_ value: String) {
        #expect(SuspiciousValue.classify(value) == nil, "\(value) → \(String(describing: SuspiciousValue.classify(value)))")
    }

    @Test func hugeValuesAreBoundedAndSafe() {
        let value = String(repeating: "a1", count: 1 << 16)
        #expect(SuspiciousValue.classify(value) == .token)
        #expect(SuspiciousValue.classify(String(repeating: "@.", count: 40_000)) == nil)
    }
}
