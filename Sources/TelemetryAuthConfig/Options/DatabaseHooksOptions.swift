//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

/// Hooks around database writes, per model and operation (Better Auth's `databaseHooks`).
public struct DatabaseHooksOptions: Sendable {
    /// The hooks of one operation (`create` or `update`).
    public struct OperationHooks: Sendable {
        /// Runs after the write.
        public var after: AuthCallback?
        /// Runs before the write.
        public var before: AuthCallback?

        /// Creates the pair with no hooks.
        public init() {}
    }

    /// The hooks of one model.
    public struct ModelHooks: Sendable {
        /// Hooks around creating a row.
        public var create = OperationHooks()
        /// Hooks around updating a row.
        public var update = OperationHooks()

        /// Creates the model's hooks, all unset.
        public init() {}
    }

    /// Hooks on the user model.
    public var user = ModelHooks()
    /// Hooks on the session model.
    public var session = ModelHooks()
    /// Hooks on the account model.
    public var account = ModelHooks()
    /// Hooks on the verification model.
    public var verification = ModelHooks()

    /// Creates the group with no hooks.
    public init() {}
}
