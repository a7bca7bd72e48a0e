//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

/// E-mail and password sign-in (Better Auth's `emailAndPassword` option group).
public struct EmailAndPasswordOptions: Sendable {
    /// Custom password hashing (`emailAndPassword.password`).
    public struct PasswordOptions: Sendable {
        /// A custom hash function.
        public var hash: AuthCallback?
        /// A custom verification function.
        public var verify: AuthCallback?

        /// Creates the group with no custom functions.
        public init() {}
    }

    /// Whether e-mail and password sign-in is on.
    public var enabled: Bool = false
    /// Refuse new sign-ups.
    public var disableSignUp: Bool = false
    /// Require a verified address before sign-in.
    public var requireEmailVerification: Bool = false
    /// The longest accepted password.
    public var maxPasswordLength: Int = 128
    /// The shortest accepted password.
    public var minPasswordLength: Int = 8
    /// Sends the password-reset e-mail.
    public var sendResetPassword: AuthCallback?
    /// How long a password-reset token stays valid.
    public var resetPasswordTokenExpiresIn: Duration?
    /// Runs after a password was reset.
    public var onPasswordReset: AuthCallback?
    /// Custom hashing.
    public var password = PasswordOptions()
    /// Sign the user in after sign-up (the effective default, `true`, as rustauth reports it).
    public var autoSignIn: Bool = true
    /// Revoke every session when the password is reset.
    public var revokeSessionsOnPasswordReset: Bool = false

    /// Creates the group with its defaults.
    public init() {}
}
