//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import TelemetryCore
import TelemetrySinks

/// Creates the Better Auth telemetry publisher for `options` and, when telemetry is enabled,
/// sends the `init` event in the background.
///
/// The order of evaluation is upstream's (Better Auth 1.6.9, rustauth):
///
/// 1. Debug mode: `options.telemetry.debug` or `<TOOL>_TELEMETRY_DEBUG`.
/// 2. The destination: `context.customTrack`, else `<TOOL>_TELEMETRY_ENDPOINT` (empty means
///    none). With neither, the result is a no-op publisher and **nothing else happens**: no
///    consent check, no anonymous id, no detector, no file access.
/// 3. Consent: `DO_NOT_TRACK`, `<TOOL>_TELEMETRY=false` (a hard opt-out), the consent file,
///    the test-run gate (unless `skipTestCheck`), `<TOOL>_TELEMETRY=true`, then
///    `options.telemetry.enabled`. Disabled: a no-op publisher.
/// 4. Enabled: the `init` event (anonymous id, config snapshot, detectors) is built and
///    delivered in the background; this function does not wait for it.
///
/// A custom track wins over the endpoint and over debug mode. In debug mode, events are
/// printed as pretty JSON to standard error and never sent.
///
/// - Parameters:
///   - options: The auth configuration.
///   - context: The tool, destination, environment and overrides.
/// - Returns: The publisher for later events such as `cli_generate`.
public func createTelemetry(options: AuthOptions, context: AuthTelemetryContext = AuthTelemetryContext()) async -> TelemetryPublisher {
    let environment = context.environment ?? ProcessInfoEnvironment.current
    let gate = EnablementGate(tool: context.tool, environment: environment)
    let debug = options.telemetry.debug || gate.debugSwitch
    let endpoint = gate.endpoint

    guard context.customTrack != nil || endpoint != nil else { return .noop }

    context.probe?.record(.consent)
    let decision = gate.decide(
        optionsEnabled: options.telemetry.enabled,
        skipTestCheck: context.skipTestCheck,
        executablePath: CommandLine.arguments.first
    )
    let diagnosticsOutput = context.debugOutput ?? StandardError.write
    for diagnostic in decision.diagnostics {
        diagnosticsOutput("telemetry: \(diagnostic)\n")
    }
    guard decision.policy == .enabled else {
        return TelemetryPublisher(core: nil, decision: decision)
    }

    let destination: EventDestination
    if let track = context.customTrack {
        destination = .customTrack(track)
    } else if debug {
        destination = .debug(context.debugOutput ?? StandardError.write)
    } else {
        do {
            let transport = context.httpTransport ?? URLSessionTransport()
            destination = .endpoint(try EndpointDelivery(endpoint: endpoint ?? "", transport: transport))
        } catch {
            // An endpoint the delivery engine refuses sends nothing; say why, once.
            diagnosticsOutput("telemetry: \(error)\n")
            return TelemetryPublisher(core: nil, decision: decision)
        }
    }
    let core = PublisherCore(destination: destination, builder: InitEventBuilder(options: options, context: context))
    core.startInit()
    return TelemetryPublisher(core: core, decision: decision)
}

/// The exact `init` event `createTelemetry(options:context:)` would send for `options` in
/// this environment, built without sending anything and without checking consent (the
/// `telemetry preview` command shows it).
public func initEvent(options: AuthOptions, context: AuthTelemetryContext = AuthTelemetryContext()) async -> TelemetryEvent {
    let builder = InitEventBuilder(options: options, context: context)
    return await builder.event(anonymousId: builder.anonymousId())
}
