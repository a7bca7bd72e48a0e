//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import Hummingbird
import NIOCore

/// The request context of the collector: Hummingbird's, plus the key of the rate limiter.
public struct CollectorContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The peer's address, used only as the rate limiter's key in memory: never stored, never
    /// logged, never in a response. (Not `RemoteAddressRequestContext`, so that no tracing
    /// middleware records it either.)
    let rateLimitKey: String

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        rateLimitKey = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }
}
