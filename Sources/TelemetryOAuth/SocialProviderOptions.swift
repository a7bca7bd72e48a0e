//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

public import TelemetryAuthConfig

/// The options of one social sign-in provider (an entry of Better Auth's `socialProviders`).
///
/// The model keeps the credentials; the telemetry snapshot never reports them. Store it in
/// `AuthOptions/socialProviders` with `SocialProvider(_:)`:
///
/// ```swift
/// var github = SocialProviderOptions(id: "github", clientId: clientId, clientSecret: clientSecret)
/// github.scope = ["read:user", "user:email"]
/// options.socialProviders = [SocialProvider(github)]
/// ```
public struct SocialProviderOptions: Sendable {
    /// The provider's id, for example `"github"` (reported only when it is a well-known id).
    public var id: String
    /// The OAuth client id. Never reported.
    public var clientId: String
    /// The OAuth client secret. Never reported.
    public var clientSecret: String
    /// Extra scopes to request (standard OpenID Connect scopes are reported by name, others as
    /// `"other"`).
    public var scope: [String] = []
    /// The OpenID Connect `prompt`: `none`, `login`, `consent`, `select_account`, or
    /// several separated by spaces.
    public var prompt: String?
    /// Request only `scope`, not the provider's default scopes.
    public var disableDefaultScope: Bool = false
    /// Refuse sign-in with an ID token.
    public var disableIdTokenSignIn: Bool = false
    /// Sign up only on an explicit sign-up request.
    public var disableImplicitSignUp: Bool = false
    /// Refuse new users from this provider.
    public var disableSignUp: Bool = false
    /// Overwrite the user's profile from the provider on each sign-in.
    public var overrideUserInfoOnSignIn: Bool = false
    /// Maps the provider's profile to a user.
    public var mapProfileToUser: AuthCallback?
    /// Fetches the user's profile instead of the built-in request.
    public var getUserInfo: AuthCallback?
    /// Verifies an ID token instead of the built-in verification.
    public var verifyIdToken: AuthCallback?
    /// Refreshes an access token instead of the built-in request.
    public var refreshAccessToken: AuthCallback?

    /// Creates the options of provider `id` with its credentials.
    public init(id: String, clientId: String, clientSecret: String) {
        self.id = id
        self.clientId = clientId
        self.clientSecret = clientSecret
    }
}
