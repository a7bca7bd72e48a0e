//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import TelemetryCore
import TelemetryOAuth
import Testing

@testable import TelemetryAuthConfig

/// `TelemetryOAuth`: social provider entries of `config.socialProviders` (UPSTREAM section 6, R-C5).
@Suite("Social provider snapshot")
struct SocialProviderSnapshotTests {
    @Test("R-C5: provider options are reported without credentials; custom scopes become other")
    func providerWithoutCredentials() throws {
        var github = SocialProviderOptions(id: "github", clientId: "github-client", clientSecret: "github-secret")
        github.scope = ["read:user", "user:email"]
        github.disableDefaultScope = true
        github.disableIdTokenSignIn = true
        github.disableImplicitSignUp = true
        github.disableSignUp = true
        github.prompt = "select_account"
        github.overrideUserInfoOnSignIn = true
        var options = AuthOptions()
        options.socialProviders = [SocialProvider(github)]
        let config = telemetryAuthConfig(options: options)

        let entry = try #require(config["socialProviders"]?[0])
        #expect(
            entry == [
                "id": "github", "mapProfileToUser": false, "disableDefaultScope": true, "disableIdTokenSignIn": true,
                "disableImplicitSignUp": true, "disableSignUp": true, "getUserInfo": false,
                "overrideUserInfoOnSignIn": true, "prompt": "select_account", "verifyIdToken": false,
                // GitHub's scopes are not standard OpenID Connect scopes: the count survives.
                "scope": ["other", "other"], "refreshAccessToken": false,
            ]
        )
        let text = json(config)
        #expect(!text.contains("github-client"))
        #expect(!text.contains("github-secret"))
    }

    @Test("Providers keep their order; unknown ids, prompts and scopes become other; callbacks are presence")
    func orderAndSafelists() {
        var google = SocialProviderOptions(id: "Google", clientId: "g-id", clientSecret: "g-secret")
        google.scope = ["openid", "email", "https://www.googleapis.com/auth/drive"]
        google.prompt = "select_account consent"
        google.getUserInfo = AuthCallback { (_: String) in "user" }
        google.verifyIdToken = AuthCallback { (_: String) in true }
        google.refreshAccessToken = AuthCallback {}
        google.mapProfileToUser = AuthCallback {}
        var acme = SocialProviderOptions(id: "acme-internal-sso", clientId: "a-id", clientSecret: "a-secret")
        acme.prompt = "always-ask"
        var options = AuthOptions()
        options.socialProviders = [SocialProvider(google), SocialProvider(acme)]
        let providers = telemetryAuthConfig(options: options)["socialProviders"]?.arrayValue ?? []

        #expect(providers.count == 2)
        #expect(providers.first?["id"] == "google")
        #expect(providers.first?["scope"] == ["openid", "email", "other"])
        #expect(providers.first?["prompt"] == "select_account consent")
        for callback in ["getUserInfo", "verifyIdToken", "refreshAccessToken", "mapProfileToUser"] {
            #expect(providers.first?[callback] == true)
        }
        #expect(providers.last?["id"] == "other")
        #expect(providers.last?["prompt"] == "other")
        #expect(providers.last?["scope"] == .null)
        #expect(!json(.array(providers)).contains("acme"))
    }

    @Test("The stored provider gives its options back")
    func storedOptions() {
        let options = SocialProviderOptions(id: "discord", clientId: "id", clientSecret: "secret")
        #expect(SocialProvider(options).providerOptions?.clientId == "id")
    }
}
