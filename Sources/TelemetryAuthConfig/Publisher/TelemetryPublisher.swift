//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

@_spi(TelemetryInternals) public import TelemetryCore
import TelemetrySinks

/// Sends Better Auth telemetry events for one auth configuration; made by
/// `createTelemetry(options:context:)`.
///
/// A publisher is a cheap value; copies share one state. When telemetry is off (no
/// destination, or not enabled), every method returns at once and does nothing.
///
/// Every wait is bounded: ``publish(_:)`` and ``reportInstall()`` wait at most
/// `AuthTelemetryContext.deliveryWaitLimit` (5 s) for `init` and as long again for their own
/// delivery; ``flush(deadline:)`` and ``shutdown(deadline:)`` never wait past their deadline.
public struct TelemetryPublisher: Sendable {
    private let core: PublisherCore?

    /// Why this publisher sends or not; `nil` for a hard no-op (no destination), which never
    /// consults consent.
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
    /// Waits at most `AuthTelemetryContext.deliveryWaitLimit` (5 s by default) for the `init`
    /// event, then at most as long for this event's own delivery; after that it returns while
    /// delivery goes on in the background. Never throws: what a custom track or transport throws
    /// stays inside.
    public func publish(_ event: TelemetryEvent) async {
        await core?.publish(event)
    }

    /// Sends the `init` event (upstream's `reportInstall()`) and returns once it is delivered,
    /// or after `AuthTelemetryContext.deliveryWaitLimit`: for a host that must await the report
    /// (a serverless handler) and for `deferInitEvent`.
    ///
    /// Exactly one `init` is ever sent per publisher, however many times this is called, from
    /// however many tasks, even when a caller is cancelled (abandons its wait) half-way: the
    /// event is built and emitted by one task of the publisher's own.
    public func reportInstall() async {
        await core?.reportInstall()
    }

    /// Returns once what was published (`init` included) is delivered or has failed, or at
    /// `deadline`, whichever comes first.
    public func flush(deadline: ContinuousClock.Instant) async {
        await core?.flush(deadline: deadline)
    }

    /// Delivers what is pending (`init` included, once it is built) until `deadline`, then stops
    /// the publisher's background work. Call it before a program that created a publisher
    /// exits; never waits past `deadline`.
    public func shutdown(deadline: ContinuousClock.Instant) async {
        await core?.shutdown(deadline: deadline)
    }
}

/// The shared state of a live publisher.
final class PublisherCore: Sendable {
    let sink: any TelemetrySink
    let consent: TelemetryConsent
    let builder: InitEventBuilder
    let waitLimit: Duration
    private let resolvedId = LockedValue<String?>(nil)
    private let machineId = LockedValue<String?>(nil)
    /// The one task that builds and emits `init`; `nil` until someone asks for it.
    private let initTask = LockedValue<Task<Void, Never>?>(nil)

    init(sink: any TelemetrySink, consent: TelemetryConsent, builder: InitEventBuilder) {
        self.sink = sink
        self.consent = consent
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

    /// The per-machine id of the publisher's events (with the consent file's rotation), derived
    /// once.
    private func machine() -> String {
        if let id = machineId.withLock({ $0 }) { return id }
        let derived = consent.machineId()
        return machineId.withLock { stored in
            if let id = stored { return id }
            stored = derived
            return derived
        }
    }

    /// The event of the sink family that carries `event`.
    private func familyEvent(_ event: TelemetryEvent) -> Event {
        Event(
            name: event.type,
            tool: builder.context.tool,
            toolVersion: builder.context.toolVersion,
            machineId: machine(),
            attributes: TelemetryAttributes(event.payload.objectValue ?? [:]),
            id: Event.newIdentifier(),
            projectId: anonymousId(),
            operatingSystem: EventIdentity.currentOperatingSystem,
            architecture: EventIdentity.currentArchitecture
        )
    }

    /// The `init` task: started by the first caller, shared by every later one. It builds and
    /// emits the event, then waits (at most the wait limit) for its delivery, so that `init` is
    /// delivered even when the host lets go of the publisher at once, and so that later events
    /// wait for `init` the way upstream's do.
    @discardableResult
    func startInit() -> Task<Void, Never> {
        initTask.withLock { task in
            if let task { return task }
            let started = Task {
                let event = await self.builder.event(anonymousId: self.anonymousId())
                self.sink.emit(self.familyEvent(event))
                await self.flushSink(until: .now + self.waitLimit)
            }
            task = started
            return started
        }
    }

    /// Waits until `init` is delivered (if it was started), at most until `deadline`.
    private func waitForInit(until deadline: ContinuousClock.Instant) async {
        guard let task = initTask.withLock({ $0 }) else { return }
        _ = await Deadline.run(until: deadline) { await task.value }
    }

    /// Flushes the sink, at most until `deadline`.
    private func flushSink(until deadline: ContinuousClock.Instant) async {
        let sink = sink
        _ = await Deadline.run(until: deadline) { try? await sink.flush() }
    }

    func publish(_ event: TelemetryEvent) async {
        await waitForInit(until: .now + waitLimit)
        sink.emit(familyEvent(event))
        await flushSink(until: .now + waitLimit)
    }

    func reportInstall() async {
        let task = startInit()
        _ = await Deadline.run(until: .now + waitLimit) { await task.value }
    }

    func flush(deadline: ContinuousClock.Instant) async {
        await waitForInit(until: deadline)
        await flushSink(until: deadline)
    }

    func shutdown(deadline: ContinuousClock.Instant) async {
        await waitForInit(until: deadline)
        try? await sink.shutdownOrFlush(deadline: deadline)
    }
}
