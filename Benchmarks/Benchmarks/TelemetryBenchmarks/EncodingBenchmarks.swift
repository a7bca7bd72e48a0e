//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import Benchmark
import BenchmarkSupport
import Foundation
import TelemetryCore

/// 3. Encoding one `Event`: `EventEncoder` against Foundation's `JSONEncoder` (through `Event`'s
/// `Codable` conformance, which writes the same keys and the same timestamp format).
func registerEncodingBenchmarks() {
    let event = Fixtures.event

    Benchmark("3a encode, EventEncoder.encode (new buffer)") { benchmark in
        let encoder = EventEncoder()
        for _ in benchmark.scaledIterations {
            blackHole(encoder.encode(event))
        }
    }

    // What a sink does: encode into one buffer it reuses.
    Benchmark("3b encode, EventEncoder.encode(into:) (reused buffer)") { benchmark in
        let encoder = EventEncoder()
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1024)
        for _ in benchmark.scaledIterations {
            buffer.removeAll(keepingCapacity: true)
            encoder.encode(event, into: &buffer)
            blackHole(buffer)
        }
    }

    // What a sink really encodes: an event recorded by a context, whose identity part is
    // encoded once per context, with its event_id.
    let recorded = Fixtures.recordedEvent
    Benchmark("3e encode, EventEncoder.encode(into:), an event recorded by a context") { benchmark in
        let encoder = EventEncoder()
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1024)
        for _ in benchmark.scaledIterations {
            buffer.removeAll(keepingCapacity: true)
            encoder.encode(recorded, into: &buffer)
            blackHole(buffer)
        }
    }

    // The other direction: what the spool's delivery does with every line it reads back from
    // its segment, and the recovery with every line of an earlier run's segment.
    let line = Fixtures.encodedLine.dropLast()  // without its newline
    Benchmark("3f decode, EventDecoder.decode, the recorded event's line") { benchmark in
        let decoder = EventDecoder()
        guard (try? decoder.decode(line)) != nil else {
            benchmark.error("the fixture line does not decode: this would time the error path")
            return
        }
        for _ in benchmark.scaledIterations {
            blackHole(try? decoder.decode(line))
        }
    }

    // The same line through Foundation's JSONDecoder and Event's Codable conformance.
    let data = Data(line)
    Benchmark("3g decode, JSONDecoder") { benchmark in
        let decoder = JSONDecoder()
        guard (try? decoder.decode(Event.self, from: data)) != nil else {
            benchmark.error("the fixture line does not decode through JSONDecoder")
            return
        }
        for _ in benchmark.scaledIterations {
            blackHole(try? decoder.decode(Event.self, from: data))
        }
    }

    // The like-for-like comparison: sorted keys, as EventEncoder writes them (the same event
    // gives the same bytes).
    Benchmark("3c encode, JSONEncoder (sortedKeys)") { benchmark in
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for _ in benchmark.scaledIterations {
            blackHole(try? encoder.encode(event))
        }
    }

    // What most code writes: a default JSONEncoder.
    Benchmark("3d encode, JSONEncoder (default)") { benchmark in
        let encoder = JSONEncoder()
        for _ in benchmark.scaledIterations {
            blackHole(try? encoder.encode(event))
        }
    }
}
