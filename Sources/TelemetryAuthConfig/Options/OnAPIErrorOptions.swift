//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

/// API error handling (Better Auth's `onAPIError` option group).
public struct OnAPIErrorOptions: Sendable {
    /// Where to send users on an error (reported only as present or not).
    public var errorURL: String?
    /// Runs on every API error.
    public var onError: AuthCallback?
    /// Throw API errors instead of answering with an error response.
    public var `throw`: Bool?

    /// Creates the group with its defaults.
    public init() {}
}
