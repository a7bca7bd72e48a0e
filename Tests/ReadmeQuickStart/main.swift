// The README's quick start, verbatim below this comment block: this target compiles it, and
// DocumentationTests/ReadmeTests checks that the README's snippet and this file stay identical.
// It is built, never run (it would read the user's consent and start a delivery).

import TelemetryCore
import TelemetrySinks

// Once, at start-up: the user's consent, the first-run notice, the anonymous id, the sinks.
let telemetry = TelemetryContext.standard(
    tool: "my-cli",
    toolVersion: "1.2.0",
    configuration: .init(endpoint: "https://telemetry.example.com/v1/events")
)

// Anywhere, synchronously: never throws, never waits on the network.
telemetry.record("command_run", attributes: ["command": "build", "durationMs": 412])
