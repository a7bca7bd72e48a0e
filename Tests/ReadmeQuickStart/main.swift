// The README's quick start, verbatim below this comment block: this target compiles it, and
// DocumentationTests/ReadmeTests checks that the README's snippet and this file stay identical.
// It is built, never run (it would write to /tmp).

import TelemetryCore
import TelemetrySinks

let context = TelemetryContext(
    tool: "my-cli",
    toolVersion: "1.2.0",
    sink: try FileSink(path: "/tmp/my-cli/telemetry.jsonl"),
    policy: .enabled,               // resolve this from the user's consent; .disabled by default
    salt: "my-cli.telemetry.v1"
)

// Synchronous, never throws: a failed write is counted by the sink, never thrown at the host.
context.record("command_run", attributes: ["command": "build", "durationMs": 412])
