//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

public import TelemetryCore

/// Sends Better Auth telemetry events for one auth configuration; made by
/// `createTelemetry(options:context:)`.
///
/// A publisher is a cheap value; copies share one state. When telemetry is off (no
/// destination, or not enabled), `publish` returns at once and does nothing.
public struct TelemetryPublisher: Sendable {
    private let core: PublisherCore?

    /// Why this publisher sends or not; \`nil\` for a hard no-op (no custom track and no
    /// endpoint), which never consults consent.
    public let decision: TelemetryDecision?

    init(core: PublisherCore?, decision: TelemetryDecision?) {
        self.core = core
        self.decision = decision
    }

    /// A publisher that never sends anything.
    public static let noop = TelemetryPublisher(core: nil, decision: nil)

    /// Whether this publisher sends events.
    public var isEnabled: Bool { core != nil }

    /// Sends `event` after the `init` event, with the project's anonymous id in place of
    /// whatever `event.anonymousId` holds.
    ///
    /// Waits at most `AuthTelemetryContext/deliveryWaitLimit` (5 s by default) for the
    /// `init` delivery, then at most as long for this event's own delivery; after that it
    /// returns while delivery goes on in the background. Never throws: what a custom track or
    /// transport throws stays inside.
    public func publish(_ event: TelemetryEvent) async {
        guard let core else { return }
        await core.publish(event)
    }
}

/// The shared state of a live publisher.
final class PublisherCore: Sendable {
    let destination: EventDestination
    let builder: InitEventBuilder
    let waitLimit: Duration
    let initDelivered = OneShotSignal()
    private let resolvedId = LockedValue<String?>(nil)

    init(destination: EventDestination, builder: InitEventBuilder) {
        self.destination = destination
        self.builder = builder
        self.waitLimit = builder.context.deliveryWaitLimit
    }

    /// The project's id, resolved once per publisher (the first resolution wins, so a random
    /// fallback id stays the same for every event of this publisher).
    func anonymousId() -> String {
        if let id = resolvedId.withLock({ $0 }) { return id }
        let computed = builder.anonymousId()
        return resolvedId.withLock { stored in
            if let id = stored { return id }
            stored = computed
            return computed
        }
    }

    /// Builds and delivers the `init` event in the background, then fires `initDelivered`.
    func startInit() {
        Task {
            let event = await builder.event(anonymousId: anonymousId())
            await destination.deliver(event, waitingUpTo: waitLimit)
            initDelivered.fire()
        }
    }

    func publish(_ event: TelemetryEvent) async {
        await initDelivered.wait(upTo: waitLimit)
        let event = TelemetryEvent(type: event.type, anonymousId: anonymousId(), payload: event.payload)
        let delivered = OneShotSignal()
        let destination = destination
        let waitLimit = waitLimit
        Task {
            await destination.deliver(event, waitingUpTo: waitLimit)
            delivered.fire()
        }
        await delivered.wait(upTo: waitLimit)
    }
}
