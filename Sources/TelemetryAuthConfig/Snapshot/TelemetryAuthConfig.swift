//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

public import TelemetryCore

/// The redacted snapshot of `options` that the `init` event carries as `payload.config`.
///
/// Every key of Better Auth 1.6.9's snapshot is always present, `null` when unset, so
/// collectors see one stable schema. Redaction is by projection (nothing is copied unless a
/// rule says so):
///
/// - callbacks, storages and secrets-bearing options → `true`/`false` (configured or not);
/// - numbers and booleans → their values; durations → whole seconds;
/// - enum-like strings (`strategy`, `storage`, `level`, `sameSite`, `prompt`,
///   `generateId`) → the value when it is in the known vocabulary, else `"other"`;
/// - names (`modelName`, `errorURL`, cookie `path`) → `true`/`null`; column renames →
///   `{logicalName: true}`; additional fields → descriptors without their names;
/// - free-form lists (`trustedProviders`, `ipAddressHeaders`, `additionalCookies`,
///   provider `scope`) → items of a fixed safelist, every other item `"other"`;
/// - never: the secret, the base URL, the app name, client ids and secrets, database URLs,
///   trusted origin values (only their count).
///
/// - Parameters:
///   - options: The auth configuration.
///   - context: Supplies `database` and `adapter` (reported when they look like library
///     identifiers such as `postgresql` or `sqlx`).
/// - Returns: The `config` object.
public func telemetryAuthConfig(
    options: AuthOptions,
    context: AuthTelemetryContext = AuthTelemetryContext()
) -> TelemetryValue {
    typealias R = Redaction
    let verification = options.emailVerification
    let password = options.emailAndPassword
    let advanced = options.advanced
    let cookies = advanced.cookieAttributes
    let rateLimit = options.rateLimit

    func hooks(_ model: DatabaseHooksOptions.ModelHooks) -> TelemetryValue {
        [
            "create": ["after": R.presence(model.create.after), "before": R.presence(model.create.before)],
            "update": ["after": R.presence(model.update.after), "before": R.presence(model.update.before)],
        ]
    }

    return [
        "database": R.identifier(context.database),
        "adapter": R.identifier(context.adapter),
        "emailVerification": [
            "sendVerificationEmail": R.presence(verification.sendVerificationEmail),
            "sendOnSignUp": .bool(verification.sendOnSignUp),
            "sendOnSignIn": .bool(verification.sendOnSignIn),
            "autoSignInAfterVerification": .bool(verification.autoSignInAfterVerification),
            "expiresIn": R.seconds(verification.expiresIn),
            "beforeEmailVerification": R.presence(verification.beforeEmailVerification),
            "afterEmailVerification": R.presence(verification.afterEmailVerification),
        ],
        "emailAndPassword": [
            "enabled": .bool(password.enabled),
            "disableSignUp": .bool(password.disableSignUp),
            "requireEmailVerification": .bool(password.requireEmailVerification),
            "maxPasswordLength": .int(password.maxPasswordLength),
            "minPasswordLength": .int(password.minPasswordLength),
            "sendResetPassword": R.presence(password.sendResetPassword),
            "resetPasswordTokenExpiresIn": R.seconds(password.resetPasswordTokenExpiresIn),
            "onPasswordReset": R.presence(password.onPasswordReset),
            "password": ["hash": R.presence(password.password.hash), "verify": R.presence(password.password.verify)],
            "autoSignIn": .bool(password.autoSignIn),
            "revokeSessionsOnPasswordReset": .bool(password.revokeSessionsOnPasswordReset),
        ],
        "socialProviders": .array(options.socialProviders.map { $0.snapshot() }),
        "plugins": Redaction.list(options.plugins, safelist: Safelist.pluginIds),
        "user": [
            "modelName": R.name(options.user.modelName),
            "fields": R.fieldNames(options.user.fields),
            "additionalFields": R.additionalFields(options.user.additionalFields),
            "changeEmail": [
                "enabled": .bool(options.user.changeEmail.enabled),
                "sendChangeEmailConfirmation": R.presence(options.user.changeEmail.sendChangeEmailConfirmation),
            ],
        ],
        "verification": [
            "modelName": R.name(options.verification.modelName),
            "disableCleanup": .bool(options.verification.disableCleanup),
            "fields": R.fieldNames(options.verification.fields),
        ],
        "session": [
            "modelName": R.name(options.session.modelName),
            "additionalFields": R.additionalFields(options.session.additionalFields),
            "cookieCache": [
                "enabled": .bool(options.session.cookieCache.enabled),
                "maxAge": R.seconds(options.session.cookieCache.maxAge),
                "strategy": R.vocabulary(options.session.cookieCache.strategy, .cookieCacheStrategy),
            ],
            "disableSessionRefresh": .bool(options.session.disableSessionRefresh),
            "expiresIn": R.seconds(options.session.expiresIn),
            "fields": R.fieldNames(options.session.fields),
            "freshAge": R.seconds(options.session.freshAge),
            "preserveSessionInDatabase": .bool(options.session.preserveSessionInDatabase),
            "storeSessionInDatabase": .bool(options.session.storeSessionInDatabase),
            "updateAge": R.seconds(options.session.updateAge),
        ],
        "account": [
            "modelName": R.name(options.account.modelName),
            "fields": R.fieldNames(options.account.fields),
            "encryptOAuthTokens": .bool(options.account.encryptOAuthTokens.isEnabled),
            "updateAccountOnSignIn": .bool(options.account.updateAccountOnSignIn),
            "accountLinking": [
                "enabled": .bool(options.account.accountLinking.enabled),
                "trustedProviders": R.list(
                    options.account.accountLinking.trustedProviders,
                    safelist: Safelist.providerIds
                ),
                "updateUserInfoOnLink": .bool(options.account.accountLinking.updateUserInfoOnLink),
                "allowUnlinkingAll": .bool(options.account.accountLinking.allowUnlinkingAll),
            ],
        ],
        "hooks": ["after": R.presence(options.hooks.after), "before": R.presence(options.hooks.before)],
        "secondaryStorage": R.presence(options.secondaryStorage),
        "advanced": [
            "cookiePrefix": R.presence(nonEmpty: advanced.cookiePrefix),
            "cookies": .bool(!advanced.cookies.isEmpty),
            "crossSubDomainCookies": [
                "domain": R.presence(nonEmpty: advanced.crossSubDomainCookies.domain),
                "enabled": .bool(advanced.crossSubDomainCookies.enabled),
                "additionalCookies": R.list(advanced.crossSubDomainCookies.additionalCookies, safelist: Safelist.none),
            ],
            "database": [
                "generateId": R.vocabulary(advanced.database.generateId, .generateId),
                "defaultFindManyLimit": R.value(advanced.database.defaultFindManyLimit),
            ],
            "useSecureCookies": R.value(advanced.useSecureCookies),
            "ipAddress": [
                "disableIpTracking": .bool(advanced.ipAddress.disableIpTracking),
                "ipAddressHeaders": R.list(advanced.ipAddress.ipAddressHeaders, safelist: Safelist.proxyHeaders),
            ],
            "disableCSRFCheck": .bool(advanced.disableCSRFCheck),
            "cookieAttributes": [
                "expires": R.seconds(cookies.expires),
                "secure": R.value(cookies.secure),
                "sameSite": R.vocabulary(cookies.sameSite, .sameSite),
                "domain": R.presence(nonEmpty: cookies.domain),
                "path": R.name(cookies.path),
                "httpOnly": R.value(cookies.httpOnly),
            ],
        ],
        "trustedOrigins": options.trustedOrigins.map { .int($0.count) } ?? .null,
        "rateLimit": [
            "storage": R.vocabulary(rateLimit.storage, .rateLimitStorage),
            "modelName": R.name(rateLimit.modelName),
            "window": R.seconds(rateLimit.window),
            "customStorage": R.presence(rateLimit.customStorage),
            "enabled": R.value(rateLimit.enabled),
            "max": .int(rateLimit.max),
        ],
        "onAPIError": [
            "errorURL": R.name(options.onAPIError.errorURL),
            "onError": R.presence(options.onAPIError.onError),
            "throw": R.value(options.onAPIError.throw),
        ],
        "logger": [
            "disabled": .bool(options.logger.disabled),
            "level": R.vocabulary(options.logger.level, .logLevel),
            "log": R.presence(options.logger.log),
        ],
        "databaseHooks": [
            "user": hooks(options.databaseHooks.user),
            "session": hooks(options.databaseHooks.session),
            "account": hooks(options.databaseHooks.account),
            "verification": hooks(options.databaseHooks.verification),
        ],
    ]
}
