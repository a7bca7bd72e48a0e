//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

/// A callback-valued auth option (a mail sender, a hook, a custom hasher, ...), type-erased.
///
/// The telemetry snapshot only ever reports whether a callback is configured, never what it
/// does, so the model keeps any `@Sendable` function, whatever its parameters and result:
///
/// ```swift
/// var options = AuthOptions()
/// options.emailVerification.sendVerificationEmail = AuthCallback { (email: String, url: String) in
///     try await mailer.send(to: email, link: url)
/// }
/// options.hooks.before = AuthCallback { }
/// ```
public struct AuthCallback: Sendable {
    /// A variadic function must live in a struct to be type-erased (its calling convention
    /// depends on the pack).
    private struct Function<each Argument, Result>: Sendable {
        let body: @Sendable (repeat each Argument) async throws -> Result
    }

    private let function: any Sendable

    /// Wraps `function`, of any arity (parameter packs), synchronous or not, throwing or not.
    public init<each Argument, Result>(
        _ function: @escaping @Sendable (repeat each Argument) async throws -> Result
    ) {
        self.function = Function(body: function)
    }

    /// The wrapped function, when it takes `arguments` and returns `result`; `nil` otherwise.
    ///
    /// ```swift
    /// let send = callback.function(String.self, String.self, returning: Void.self)
    /// try await send?("ada@example.com", "https://example.com/verify?token=...")
    /// ```
    public func function<each Argument, Result>(
        _ arguments: repeat (each Argument).Type,
        returning result: Result.Type
    ) -> (@Sendable (repeat each Argument) async throws -> Result)? {
        (function as? Function<repeat each Argument, Result>)?.body
    }
}
