//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

package import TelemetryCore

/// One configured social sign-in provider, as stored in `AuthOptions/socialProviders`.
///
/// Only the `TelemetryOAuth` module can create one (from its `SocialProviderOptions`), so
/// a host that does not link it always reports `socialProviders: []`, as rustauth without its
/// `oauth` feature.
public struct SocialProvider: Sendable {
    /// The provider's options, type-erased (`TelemetryOAuth` casts them back).
    package let options: any Sendable
    /// The provider's redacted snapshot entry.
    package let snapshot: @Sendable () -> TelemetryValue

    /// Wraps a provider; `snapshot` must already apply the redaction rules.
    package init(options: any Sendable, snapshot: @escaping @Sendable () -> TelemetryValue) {
        self.options = options
        self.snapshot = snapshot
    }
}
