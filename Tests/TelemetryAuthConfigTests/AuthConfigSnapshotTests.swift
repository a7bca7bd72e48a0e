//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import TelemetryCore
import Testing

@testable import TelemetryAuthConfig

/// `telemetryAuthConfig(options:context:)`: every key always present, rustauth's effective
/// defaults, and redaction by projection (UPSTREAM sections 5 and 9, R-C1..R-C4, U-1, U-7..U-9).
@Suite("Auth config snapshot")
struct AuthConfigSnapshotTests {
    /// The snapshot of `AuthOptions()`: every key of UPSTREAM sections 5-6, with rustauth's
    /// defaults (the RA init example of UPSTREAM 3.4, with Better Auth's `secondary-storage`
    /// spelling and `plugins: null`).
    static let defaultSnapshot: TelemetryValue = [
        "database": nil, "adapter": nil,
        "emailVerification": [
            "sendVerificationEmail": false, "sendOnSignUp": false, "sendOnSignIn": false,
            "autoSignInAfterVerification": false, "expiresIn": nil, "beforeEmailVerification": false,
            "afterEmailVerification": false,
        ],
        "emailAndPassword": [
            "enabled": false, "disableSignUp": false, "requireEmailVerification": false,
            "maxPasswordLength": 128, "minPasswordLength": 8, "sendResetPassword": false,
            "resetPasswordTokenExpiresIn": nil, "onPasswordReset": false,
            "password": ["hash": false, "verify": false], "autoSignIn": true,
            "revokeSessionsOnPasswordReset": false,
        ],
        "socialProviders": [],
        "plugins": nil,
        "user": [
            "modelName": nil, "fields": nil, "additionalFields": nil,
            "changeEmail": ["enabled": false, "sendChangeEmailConfirmation": false],
        ],
        "verification": ["modelName": nil, "disableCleanup": false, "fields": nil],
        "session": [
            "modelName": nil, "additionalFields": nil,
            "cookieCache": ["enabled": false, "maxAge": nil, "strategy": "compact"],
            "disableSessionRefresh": false, "expiresIn": nil, "fields": nil, "freshAge": nil,
            "preserveSessionInDatabase": false, "storeSessionInDatabase": false, "updateAge": nil,
        ],
        "account": [
            "modelName": nil, "fields": nil, "encryptOAuthTokens": false, "updateAccountOnSignIn": true,
            "accountLinking": [
                "enabled": true, "trustedProviders": [], "updateUserInfoOnLink": false, "allowUnlinkingAll": false,
            ],
        ],
        "hooks": ["after": false, "before": false],
        "secondaryStorage": false,
        "advanced": [
            "cookiePrefix": false, "cookies": false,
            "crossSubDomainCookies": ["domain": false, "enabled": false, "additionalCookies": nil],
            "database": ["generateId": nil, "defaultFindManyLimit": nil],
            "useSecureCookies": nil,
            "ipAddress": ["disableIpTracking": false, "ipAddressHeaders": []],
            "disableCSRFCheck": false,
            "cookieAttributes": [
                "expires": nil, "secure": nil, "sameSite": nil, "domain": false, "path": nil, "httpOnly": nil,
            ],
        ],
        "trustedOrigins": nil,
        "rateLimit": [
            "storage": "memory", "modelName": nil, "window": 10, "customStorage": false, "enabled": nil, "max": 100,
        ],
        "onAPIError": ["errorURL": nil, "onError": false, "throw": nil],
        "logger": ["disabled": false, "level": "warn", "log": false],
        "databaseHooks": [
            "user": ["create": ["after": false, "before": false], "update": ["after": false, "before": false]],
            "session": ["create": ["after": false, "before": false], "update": ["after": false, "before": false]],
            "account": ["create": ["after": false, "before": false], "update": ["after": false, "before": false]],
            "verification": [
                "create": ["after": false, "before": false], "update": ["after": false, "before": false],
            ],
        ],
    ]

    @Test("Default options: every key present, null when unset, rustauth's effective defaults")
    func defaultOptions() {
        #expect(telemetryAuthConfig(options: AuthOptions()) == Self.defaultSnapshot)
    }

    /// Every key path of a snapshot (objects only; arrays are leaves).
    static func keyPaths(_ value: TelemetryValue, prefix: String = "") -> Set<String> {
        guard let members = value.objectValue else { return [] }
        var paths: Set<String> = []
        for (key, member) in members {
            let path = prefix.isEmpty ? key : prefix + "." + key
            paths.insert(path)
            paths.formUnion(keyPaths(member, prefix: path))
        }
        return paths
    }

    @Test("A fully configured snapshot has exactly the same keys as the default one")
    func stableSchema() {
        let full = telemetryAuthConfig(
            options: RedactionFixtures.fullyConfigured(secret: "s3cr3t"),
            context: {
                var context = AuthTelemetryContext()
                context.database = "postgresql"
                context.adapter = "fluent"
                return context
            }()
        )
        let fullPaths = Self.keyPaths(full).filter {
            !$0.hasPrefix("user.fields.") && !$0.hasPrefix("session.fields.") && !$0.hasPrefix("account.fields.")
                && !$0.hasPrefix("verification.fields.")
        }
        #expect(fullPaths == Self.keyPaths(Self.defaultSnapshot))
    }

    @Test("U-1: the upstream setup reports prefixes and domains as booleans, and leaks none of them")
    func upstreamPublishSetup() {
        var options = AuthOptions()
        options.baseURL = "http://localhost.com"
        options.appName = "test-app-name"
        options.advanced.cookiePrefix = "test-cookie-prefix"
        options.advanced.crossSubDomainCookies.domain = ".test.com"
        options.advanced.crossSubDomainCookies.enabled = true
        options.telemetry = TelemetryOptions(enabled: true)
        let config = telemetryAuthConfig(options: options)

        #expect(lookup(config, "advanced.cookiePrefix") == true)
        #expect(
            lookup(config, "advanced.crossSubDomainCookies") == [
                "domain": true, "enabled": true, "additionalCookies": nil,
            ]
        )
        #expect(lookup(config, "advanced.cookieAttributes.domain") == false)
        #expect(lookup(config, "socialProviders") == [])
        #expect(lookup(config, "plugins") == .null)
        #expect(lookup(config, "trustedOrigins") == .null)
        #expect(lookup(config, "secondaryStorage") == false)
        #expect(lookup(config, "hooks") == ["after": false, "before": false])
        #expect(lookup(config, "rateLimit.customStorage") == false)
        #expect(lookup(config, "onAPIError.onError") == false)
        #expect(lookup(config, "logger.log") == false)
        #expect(lookup(config, "databaseHooks") == Self.defaultSnapshot["databaseHooks"])
        // Current key names (UPSTREAM 5.12): the renamed keys exist, the removed ones do not.
        #expect(lookup(config, "emailVerification.beforeEmailVerification") == false)
        #expect(lookup(config, "user.changeEmail.sendChangeEmailConfirmation") == false)
        #expect(lookup(config, "emailVerification.onEmailVerification") == nil)
        #expect(lookup(config, "user.changeEmail.sendChangeEmailVerification") == nil)
        #expect(lookup(config, "advanced.database.useNumberId") == nil)
        let text = json(config)
        for leaked in ["localhost.com", "test-app-name", "test-cookie-prefix", ".test.com"] {
            #expect(!text.contains(leaked), "\(leaked) leaked")
        }
    }

    @Test("U-7: custom OAuth token encryption functions count as enabled")
    func customTokenEncryption() {
        var options = AuthOptions()
        options.account.encryptOAuthTokens = .custom(
            encrypt: AuthCallback { (token: String) in token },
            decrypt: AuthCallback { (token: String) in token }
        )
        #expect(lookup(telemetryAuthConfig(options: options), "account.encryptOAuthTokens") == true)
    }

    @Test("U-8: encryptOAuthTokens false is reported as false; U-9 (rustauth): unset is the effective default, false")
    func tokenEncryptionDisabled() {
        var options = AuthOptions()
        options.account.encryptOAuthTokens = false
        #expect(lookup(telemetryAuthConfig(options: options), "account.encryptOAuthTokens") == false)
        #expect(lookup(telemetryAuthConfig(options: AuthOptions()), "account.encryptOAuthTokens") == false)
        options.account.encryptOAuthTokens = true
        #expect(lookup(telemetryAuthConfig(options: options), "account.encryptOAuthTokens") == true)
    }

    @Test("R-C1: schema aliases become {logicalName: true} and init database hooks are reported")
    func schemaAliasesAndDatabaseHooks() {
        var options = AuthOptions()
        options.user.modelName = "app_users"
        options.user.fields = ["email": "email_address"]
        options.session.modelName = "app_sessions"
        options.session.fields = ["token": "session_token"]
        options.databaseHooks.user.create.before = AuthCallback {}
        options.databaseHooks.user.create.after = AuthCallback {}
        let config = telemetryAuthConfig(options: options)

        #expect(lookup(config, "user.modelName") == true)
        #expect(lookup(config, "user.fields") == ["email": true])
        #expect(lookup(config, "session.modelName") == true)
        #expect(lookup(config, "session.fields") == ["token": true])
        #expect(lookup(config, "databaseHooks.user.create") == ["before": true, "after": true])
        #expect(lookup(config, "databaseHooks.user.update") == ["before": false, "after": false])
        #expect(lookup(config, "databaseHooks.session.create") == ["before": false, "after": false])
        let text = json(config)
        for leaked in ["app_users", "app_sessions", "email_address", "session_token"] {
            #expect(!text.contains(leaked), "\(leaked) leaked")
        }
    }

    @Test("R-C1 (stricter): a renamed field that is not a core field is reported as other")
    func customFieldRenamesFoldIntoOther() {
        var options = AuthOptions()
        options.account.fields = ["accountId": "acct", "tenantSecretColumn": "tsc"]
        #expect(lookup(telemetryAuthConfig(options: options), "account.fields") == ["accountId": true, "other": true])
    }

    @Test("R-C2: hooks, logger and API error handling are reported as presence, the error URL as true")
    func hooksLoggerAndAPIError() {
        var options = AuthOptions()
        options.hooks.before = AuthCallback {}
        options.hooks.after = AuthCallback {}
        options.onAPIError.throw = true
        options.onAPIError.errorURL = "https://app.example.com/auth/error"
        options.onAPIError.onError = AuthCallback { (_: String) in }
        options.logger.level = "info"
        options.logger.disabled = true
        options.logger.log = AuthCallback { (_: String, _: String) in }
        options.verification.disableCleanup = true
        let config = telemetryAuthConfig(options: options)

        #expect(lookup(config, "hooks") == ["before": true, "after": true])
        #expect(lookup(config, "onAPIError") == ["errorURL": true, "onError": true, "throw": true])
        #expect(lookup(config, "logger") == ["disabled": true, "level": "info", "log": true])
        #expect(lookup(config, "verification.disableCleanup") == true)
        #expect(!json(config).contains("https://app.example.com"))
    }

    @Test("R-C3: modelled options are reported with upstream keys, durations in seconds, no secrets")
    func modelledOptions() {
        var options = AuthOptions()
        options.secret = "super-secret"
        options.baseURL = "https://app.example.com/auth"
        options.emailVerification.sendVerificationEmail = AuthCallback { (_: String) in }
        options.emailVerification.beforeEmailVerification = AuthCallback {}
        options.emailVerification.afterEmailVerification = AuthCallback {}
        options.emailVerification.sendOnSignUp = true
        options.emailVerification.sendOnSignIn = true
        options.emailVerification.autoSignInAfterVerification = true
        options.emailVerification.expiresIn = .seconds(900)
        options.emailAndPassword.enabled = false
        options.emailAndPassword.disableSignUp = true
        options.emailAndPassword.requireEmailVerification = true
        options.emailAndPassword.autoSignIn = false
        options.emailAndPassword.minPasswordLength = 12
        options.emailAndPassword.maxPasswordLength = 256
        options.emailAndPassword.sendResetPassword = AuthCallback {}
        options.emailAndPassword.resetPasswordTokenExpiresIn = .seconds(600)
        options.emailAndPassword.onPasswordReset = AuthCallback {}
        options.emailAndPassword.revokeSessionsOnPasswordReset = true
        options.user.changeEmail.enabled = true
        options.user.additionalFields = [
            "tier": AdditionalField(type: .string, required: false, defaultValue: "free", fieldName: "account_tier")
        ]
        options.session.disableSessionRefresh = true
        options.session.storeSessionInDatabase = true
        options.session.preserveSessionInDatabase = true
        options.session.cookieCache.enabled = true
        options.session.cookieCache.maxAge = .seconds(300)
        options.session.cookieCache.strategy = "jwt"
        options.session.additionalFields = ["tenant": AdditionalField(type: .string, required: true, returned: false)]
        options.account.encryptOAuthTokens = true
        options.account.updateAccountOnSignIn = false
        options.account.accountLinking.enabled = false
        options.account.accountLinking.trustedProviders = ["github"]
        options.account.accountLinking.allowUnlinkingAll = true
        options.account.accountLinking.updateUserInfoOnLink = true
        options.secondaryStorage = MemoryStorage()
        var context = AuthTelemetryContext()
        context.database = "postgresql"
        context.adapter = "sqlx"
        let config = telemetryAuthConfig(options: options, context: context)

        #expect(lookup(config, "database") == "postgresql")
        #expect(lookup(config, "adapter") == "sqlx")
        #expect(
            lookup(config, "emailVerification") == [
                "sendVerificationEmail": true, "sendOnSignUp": true, "sendOnSignIn": true,
                "autoSignInAfterVerification": true, "expiresIn": 900, "beforeEmailVerification": true,
                "afterEmailVerification": true,
            ]
        )
        #expect(
            lookup(config, "emailAndPassword") == [
                "enabled": false, "disableSignUp": true, "requireEmailVerification": true, "maxPasswordLength": 256,
                "minPasswordLength": 12, "sendResetPassword": true, "resetPasswordTokenExpiresIn": 600,
                "onPasswordReset": true, "password": ["hash": false, "verify": false], "autoSignIn": false,
                "revokeSessionsOnPasswordReset": true,
            ]
        )
        // Additional fields: descriptors without their (schema) names.
        #expect(
            lookup(config, "user.additionalFields") == [
                [
                    "type": "string", "required": false, "input": true, "returned": true, "defaultValue": true,
                    "dbName": true,
                ]
            ]
        )
        #expect(
            lookup(config, "session.additionalFields") == [
                [
                    "type": "string", "required": true, "input": true, "returned": false, "defaultValue": false,
                    "dbName": false,
                ]
            ]
        )
        #expect(lookup(config, "session.cookieCache") == ["enabled": true, "maxAge": 300, "strategy": "jwt"])
        #expect(lookup(config, "session.disableSessionRefresh") == true)
        #expect(lookup(config, "session.storeSessionInDatabase") == true)
        #expect(lookup(config, "session.preserveSessionInDatabase") == true)
        #expect(lookup(config, "account.encryptOAuthTokens") == true)
        #expect(lookup(config, "account.updateAccountOnSignIn") == false)
        #expect(
            lookup(config, "account.accountLinking") == [
                "enabled": false, "trustedProviders": ["github"], "updateUserInfoOnLink": true,
                "allowUnlinkingAll": true,
            ]
        )
        #expect(lookup(config, "secondaryStorage") == true)
        #expect(lookup(config, "user.changeEmail") == ["enabled": true, "sendChangeEmailConfirmation": false])
        #expect(lookup(config, "emailVerification.onEmailVerification") == nil)
        #expect(lookup(config, "user.changeEmail.sendChangeEmailVerification") == nil)
        #expect(lookup(config, "advanced.database.useNumberId") == nil)
        let text = json(config)
        for leaked in ["super-secret", "https://app.example.com", "account_tier", "free", "tier", "tenant"] {
            #expect(!text.contains(leaked), "\(leaked) leaked")
        }
    }

    @Test("R-C4: without TelemetryOAuth providers, socialProviders is []")
    func noSocialProviders() {
        #expect(lookup(telemetryAuthConfig(options: AuthOptions()), "socialProviders") == [])
    }

    @Test(
        "Vocabulary options report known values canonically and anything else as other",
        arguments: [
            ("JWE", "jwe"), ("compact", "compact"), ("custom-codec", "other"),
        ]
    )
    func cookieCacheStrategy(value: String, expected: String) {
        var options = AuthOptions()
        options.session.cookieCache.strategy = value
        #expect(lookup(telemetryAuthConfig(options: options), "session.cookieCache.strategy") == .string(expected))
    }

    @Test("Enum-like options map to their vocabulary or other; unset is null")
    func vocabularies() {
        var options = AuthOptions()
        options.rateLimit.storage = "secondaryStorage"
        options.logger.level = "trace"
        options.advanced.cookieAttributes.sameSite = "Lax"
        options.advanced.database.generateId = "uuid"
        var config = telemetryAuthConfig(options: options)
        #expect(lookup(config, "rateLimit.storage") == "secondary-storage")
        #expect(lookup(config, "logger.level") == "other")
        #expect(lookup(config, "advanced.cookieAttributes.sameSite") == "lax")
        #expect(lookup(config, "advanced.database.generateId") == "uuid")

        options.rateLimit.storage = "redis://user:pw@cache:6379"
        options.advanced.database.generateId = "my-snowflake"
        options.logger.level = nil
        options.rateLimit.storage = nil
        config = telemetryAuthConfig(options: options)
        #expect(lookup(config, "advanced.database.generateId") == "other")
        #expect(lookup(config, "logger.level") == .null)
        #expect(lookup(config, "rateLimit.storage") == .null)
    }

    @Test("Free-form lists keep safelisted items and turn others into repeated other")
    func safelistedLists() {
        var options = AuthOptions()
        options.account.accountLinking.trustedProviders = ["GitHub", "acme-sso", "google", "internal-idp"]
        options.advanced.ipAddress.ipAddressHeaders = ["X-Forwarded-For", "x-acme-client", "cf-connecting-ip"]
        options.advanced.crossSubDomainCookies.additionalCookies = ["acme_session", "acme_cart"]
        let config = telemetryAuthConfig(options: options)
        #expect(lookup(config, "account.accountLinking.trustedProviders") == ["github", "other", "google", "other"])
        #expect(
            lookup(config, "advanced.ipAddress.ipAddressHeaders") == ["x-forwarded-for", "other", "cf-connecting-ip"]
        )
        #expect(lookup(config, "advanced.crossSubDomainCookies.additionalCookies") == ["other", "other"])
    }

    @Test("Names, counts, identifiers and cookie attributes")
    func namesCountsAndIdentifiers() {
        var options = AuthOptions()
        options.trustedOrigins = ["https://a.example.com", "https://b.example.com"]
        options.plugins = ["username", "two-factor"]
        options.rateLimit.modelName = "rate_limits"
        options.rateLimit.window = .milliseconds(61_500)
        options.advanced.cookies = ["session_token": "acme_session"]
        options.advanced.cookieAttributes.path = "/secret-path"
        options.advanced.cookieAttributes.domain = "example.com"
        options.advanced.cookieAttributes.expires = .seconds(3600)
        options.advanced.cookieAttributes.secure = true
        options.advanced.cookieAttributes.httpOnly = false
        options.advanced.useSecureCookies = true
        options.advanced.database.defaultFindManyLimit = 50
        var context = AuthTelemetryContext()
        context.database = "postgres://admin:hunter2@db.internal:5432/app"
        context.adapter = "fluent"
        let config = telemetryAuthConfig(options: options, context: context)

        #expect(lookup(config, "trustedOrigins") == 2)
        #expect(lookup(config, "plugins") == ["username", "two-factor"])
        #expect(lookup(config, "rateLimit.modelName") == true)
        #expect(lookup(config, "rateLimit.window") == 61)
        #expect(lookup(config, "advanced.cookies") == true)
        #expect(
            lookup(config, "advanced.cookieAttributes") == [
                "expires": 3600, "secure": true, "sameSite": nil, "domain": true, "path": true, "httpOnly": false,
            ]
        )
        #expect(lookup(config, "advanced.useSecureCookies") == true)
        #expect(lookup(config, "advanced.database.defaultFindManyLimit") == 50)
        #expect(lookup(config, "database") == "other")
        #expect(lookup(config, "adapter") == "fluent")
        let text = json(config)
        for leaked in [
            "a.example.com", "rate_limits", "acme_session", "secret-path", "example.com", "hunter2", "db.internal",
        ] {
            #expect(!text.contains(leaked), "\(leaked) leaked")
        }
    }

    /// Issue 12, finding 12: on 0.1 plugin ids were copied verbatim, so a host's private plugin
    /// id left the process.
    @Test("Plugin ids: Better Auth's published ids are kept (any case), any other id is other")
    func pluginIdsAreSafelisted() {
        var options = AuthOptions()
        options.plugins = ["username", "acme-internal-sso", "Two-Factor", "organization", "billing-v2-beta", "passkey"]
        let plugins = lookup(telemetryAuthConfig(options: options), "plugins")
        #expect(plugins == ["username", "other", "two-factor", "organization", "other", "passkey"])
        #expect(!json(telemetryAuthConfig(options: options)).contains("acme"))
    }

    @Test("Empty plugin list is [] (Better Auth's server path), unset is null")
    func pluginsPresence() {
        var options = AuthOptions()
        options.plugins = []
        #expect(lookup(telemetryAuthConfig(options: options), "plugins") == [])
    }

    @Test("AuthCallback wraps closures of any arity and gives them back by type")
    func callbacks() async throws {
        let none = AuthCallback {}
        let two = AuthCallback { (a: Int, b: Int) in a + b }
        #expect(none.function(returning: Void.self) != nil)
        let add = try #require(two.function(Int.self, Int.self, returning: Int.self))
        #expect(try await add(2, 3) == 5)
        #expect(two.function(String.self, returning: Int.self) == nil)
    }
}

/// A secondary storage that keeps nothing; only its presence matters here.
struct MemoryStorage: SecondaryStorage {
    func get(_ key: String) async throws -> String? { nil }
    func set(_ key: String, value: String, ttl: Duration?) async throws {}
    func delete(_ key: String) async throws {}
}
