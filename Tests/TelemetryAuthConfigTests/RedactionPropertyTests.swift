//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import TelemetryCore
import TelemetryOAuth
import TelemetryTestSupport
import Testing

@testable import TelemetryAuthConfig

/// Builds options where every free-text value a host can type is a caller-chosen string.
enum RedactionFixtures {
    /// Options with every text-valued option set from `secret` (suffixed per option, so each
    /// value is distinct), every callback set, and one social provider.
    static func fullyConfigured(secret: String) -> AuthOptions {
        fullyConfigured { name in "\(secret)-\(name)" }
    }

    /// Options with every text-valued option set to `value(optionName)`.
    static func fullyConfigured(_ value: (String) -> String) -> AuthOptions {
        var options = AuthOptions()
        options.baseURL = "https://\(value("host")).example.com/\(value("path"))"
        options.appName = value("appName")
        options.secret = value("secret")
        options.plugins = ["username"]
        options.trustedOrigins = ["https://\(value("origin")).example.com", value("origin2")]
        options.secondaryStorage = MemoryStorage()
        options.emailVerification.sendVerificationEmail = AuthCallback {}
        options.emailVerification.beforeEmailVerification = AuthCallback {}
        options.emailVerification.afterEmailVerification = AuthCallback {}
        options.emailVerification.expiresIn = .seconds(60)
        options.emailAndPassword.sendResetPassword = AuthCallback {}
        options.emailAndPassword.onPasswordReset = AuthCallback {}
        options.emailAndPassword.password.hash = AuthCallback { (password: String) in password }
        options.emailAndPassword.password.verify = AuthCallback { (_: String, _: String) in true }
        options.user.modelName = value("userModel")
        options.user.fields = ["email": value("emailColumn"), value("userLogical"): value("userPhysical")]
        options.user.additionalFields = [
            value("userField"): AdditionalField(
                type: .string,
                defaultValue: .string(value("userDefault")),
                fieldName: value("userFieldColumn")
            ),
            value("userField2"): AdditionalField(type: .json, defaultValue: [.string(value("nestedDefault"))]),
        ]
        options.user.changeEmail.sendChangeEmailConfirmation = AuthCallback {}
        options.session.modelName = value("sessionModel")
        options.session.fields = ["token": value("tokenColumn")]
        options.session.additionalFields = [
            value("sessionField"): AdditionalField(fieldName: value("sessionFieldColumn"))
        ]
        options.session.cookieCache.strategy = value("strategy")
        options.account.modelName = value("accountModel")
        options.account.fields = [value("accountLogical"): value("accountPhysical")]
        options.account.accountLinking.trustedProviders = [value("trustedProvider"), "github"]
        options.verification.modelName = value("verificationModel")
        options.verification.fields = ["identifier": value("identifierColumn")]
        options.hooks.before = AuthCallback {}
        options.hooks.after = AuthCallback {}
        options.advanced.cookiePrefix = value("cookiePrefix")
        options.advanced.cookies = [value("cookieName"): value("cookieRename")]
        options.advanced.crossSubDomainCookies.enabled = true
        options.advanced.crossSubDomainCookies.domain = ".\(value("domain")).com"
        options.advanced.crossSubDomainCookies.additionalCookies = [value("additionalCookie")]
        options.advanced.database.generateId = value("generateId")
        options.advanced.ipAddress.ipAddressHeaders = [value("header"), "x-real-ip"]
        options.advanced.cookieAttributes.sameSite = value("sameSite")
        options.advanced.cookieAttributes.domain = value("cookieDomain")
        options.advanced.cookieAttributes.path = "/\(value("cookiePath"))"
        options.rateLimit.storage = value("storage")
        options.rateLimit.modelName = value("rateLimitModel")
        options.rateLimit.customStorage = MemoryStorage()
        options.onAPIError.errorURL = "https://\(value("errorHost")).example.com/error"
        options.onAPIError.onError = AuthCallback {}
        options.logger.level = value("level")
        options.logger.log = AuthCallback {}
        options.databaseHooks.account.update.after = AuthCallback {}
        var provider = SocialProviderOptions(
            id: value("providerId"),
            clientId: value("clientId"),
            clientSecret: value("clientSecret")
        )
        provider.scope = [value("scope"), "openid", value("scope2")]
        provider.prompt = value("prompt")
        provider.mapProfileToUser = AuthCallback {}
        var github = SocialProviderOptions(
            id: "github",
            clientId: value("githubClientId"),
            clientSecret: value("githubClientSecret")
        )
        github.scope = ["read:\(value("githubScope"))"]
        options.socialProviders = [SocialProvider(provider), SocialProvider(github)]
        options.telemetry = TelemetryOptions(enabled: true)
        return options
    }
}

@Suite("Redaction property")
struct RedactionPropertyTests {
    /// A secret-looking random token: 12 to 40 characters of letters, digits, `_` and `-`.
    static func randomToken(using generator: inout some RandomNumberGenerator) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
        let length = Int.random(in: 12...40, using: &generator)
        return "q" + String((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
    }

    @Test("No host-typed string ever appears in the encoded init event (100 random cases)")
    func initEventNeverLeaksTypedStrings() async {
        // Seeded, not `SystemRandomNumberGenerator`, which crashed ThreadSanitizer here in 3 runs
        // of 12 (see `SplitMix64`). The seed is in every failure message.
        let seed = UInt64.random(in: .min ... .max)
        var generator = SplitMix64(seed: seed)
        for _ in 0..<100 {
            await Task.yield()  // CPU-bound: let other tests run on the shared pool
            var typed: [String] = []
            let options = RedactionFixtures.fullyConfigured { _ in
                let token = Self.randomToken(using: &generator)
                typed.append(token)
                return token
            }
            var context = testContext()
            context.overrides.anonymousId = nil
            let databasePassword = Self.randomToken(using: &generator)
            typed.append(databasePassword)
            context.database = "postgres://admin:\(databasePassword)@db.internal/app"
            context.adapter = "fluent"
            let event = await initEvent(options: options, context: context)
            let encoded = String(decoding: event.jsonBytes, as: UTF8.self)
            for token in typed {
                #expect(!encoded.contains(token), "\(token) leaked into \(encoded) (seed \(seed))")
            }
            // The snapshot still says what is configured.
            #expect(event.payload["config"]?["socialProviders"]?.arrayValue?.count == 2)
            #expect(event.payload["config"]?["trustedOrigins"] == 2)
        }
    }

    @Test("Event-shaped secrets (e-mails, URLs with credentials) never appear either")
    func structuredSecrets() async {
        let options = RedactionFixtures.fullyConfigured { name in
            switch name {
            case "secret": "sk_live_51HxYzAbCdEfGhIjKlMnOpQr"
            case "clientSecret": "ghp_abcdefghijklmnopqrstuvwxyz0123456789"
            case "errorHost": "admin:pa55word@internal"
            default: "ada.lovelace+\(name)@example.org"
            }
        }
        let event = await initEvent(options: options, context: testContext())
        let encoded = String(decoding: event.jsonBytes, as: UTF8.self)
        for needle in ["sk_live", "ghp_", "pa55word", "@example.org", "lovelace", "internal"] {
            #expect(!encoded.contains(needle), "\(needle) leaked")
        }
    }
}
