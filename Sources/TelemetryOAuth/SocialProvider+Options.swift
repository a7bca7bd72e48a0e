//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

public import TelemetryAuthConfig
package import TelemetryCore

extension SocialProvider {
    /// A configured provider for `AuthOptions/socialProviders`.
    public init(_ options: SocialProviderOptions) {
        self.init(options: options, snapshot: { options.telemetrySnapshot })
    }

    /// The provider's options.
    public var providerOptions: SocialProviderOptions? {
        options as? SocialProviderOptions
    }
}

extension SocialProviderOptions {
    /// The provider's entry in `config.socialProviders`: flags, presence of the custom
    /// functions, the safelisted `id` and `scope`, the `prompt` vocabulary; never a
    /// credential.
    package var telemetrySnapshot: TelemetryValue {
        [
            "id": .string(Safelist.project(id, through: Safelist.providerIds)),
            "mapProfileToUser": .bool(mapProfileToUser != nil),
            "disableDefaultScope": .bool(disableDefaultScope),
            "disableIdTokenSignIn": .bool(disableIdTokenSignIn),
            "disableImplicitSignUp": .bool(disableImplicitSignUp),
            "disableSignUp": .bool(disableSignUp),
            "getUserInfo": .bool(getUserInfo != nil),
            "overrideUserInfoOnSignIn": .bool(overrideUserInfoOnSignIn),
            "prompt": prompt.map { .string(Vocabulary.projectPrompt($0)) } ?? .null,
            "verifyIdToken": .bool(verifyIdToken != nil),
            "scope": scope.isEmpty
                ? .null : .array(Safelist.project(scope, through: Safelist.oidcScopes).map(TelemetryValue.string)),
            "refreshAccessToken": .bool(refreshAccessToken != nil),
        ]
    }
}
