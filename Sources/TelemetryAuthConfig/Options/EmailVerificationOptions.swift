//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

/// E-mail verification (Better Auth's `emailVerification` option group).
public struct EmailVerificationOptions: Sendable {
    /// Sends the verification e-mail.
    public var sendVerificationEmail: AuthCallback?
    /// Send a verification e-mail on sign-up.
    public var sendOnSignUp: Bool = false
    /// Send a verification e-mail on sign-in when the address is not verified yet.
    public var sendOnSignIn: Bool = false
    /// Sign the user in once the address is verified.
    public var autoSignInAfterVerification: Bool = false
    /// How long a verification token stays valid.
    public var expiresIn: Duration?
    /// Runs before an address is marked verified.
    public var beforeEmailVerification: AuthCallback?
    /// Runs after an address is marked verified.
    public var afterEmailVerification: AuthCallback?

    /// Creates the group with its defaults.
    public init() {}
}
