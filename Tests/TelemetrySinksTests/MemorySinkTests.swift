//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import TelemetryCore
import TelemetrySinks
import Testing

@Suite("MemorySink", .timeLimit(.minutes(2)))
struct MemorySinkTests {
    static func names(_ events: [Event]) -> [String] { events.map(\.name) }

    @Test("T3: MemorySink records events in order, and snapshot keeps them")
    func records() async throws {
        let sink = MemorySink()
        #expect(sink.count == 0)
        #expect(sink.snapshot().isEmpty)
        let first = TestSupport.event("first", attributes: ["n": 1])
        let second = TestSupport.event("second")
        sink.emit(first)
        sink.emit(second)
        #expect(sink.snapshot() == [first, second])
        #expect(sink.snapshot() == [first, second])
        #expect(sink.count == 2)
        #expect(sink.capacity == nil)
        #expect(sink.droppedCount == 0)
    }

    @Test("drain returns the events and empties the sink; clear empties it")
    func drainAndClear() async throws {
        let sink = MemorySink()
        for name in ["a", "b", "c"] { sink.emit(TestSupport.event(name)) }
        #expect(Self.names(sink.drain()) == ["a", "b", "c"])
        #expect(sink.count == 0)
        #expect(sink.drain().isEmpty)
        sink.emit(TestSupport.event("d"))
        sink.clear()
        #expect(sink.snapshot().isEmpty)
        sink.emit(TestSupport.event("e"))
        #expect(Self.names(sink.snapshot()) == ["e"])
    }

    @Test("a full sink drops the oldest events and counts them", arguments: [1, 2, 3, 7])
    func capacity(capacity: Int) async throws {
        let sink = MemorySink(capacity: capacity)
        #expect(sink.capacity == capacity)
        for index in 0..<20 {
            sink.emit(TestSupport.event("e\(index)"))
            let kept = min(index + 1, capacity)
            #expect(sink.count == kept)
            #expect(Self.names(sink.snapshot()) == ((index + 1 - kept)...index).map { "e\($0)" })
            #expect(sink.droppedCount == index + 1 - kept)
        }
        // Draining a wrapped ring returns oldest first, and the sink fills from empty again.
        #expect(Self.names(sink.drain()) == ((20 - capacity)..<20).map { "e\($0)" })
        sink.emit(TestSupport.event("after"))
        #expect(Self.names(sink.snapshot()) == ["after"])
        #expect(sink.droppedCount == 20 - capacity)
        sink.clear()
        #expect(sink.droppedCount == 20 - capacity)  // clear keeps the drop count
    }

    @Test("concurrent emits all arrive (or are counted as dropped), and a concurrent drain loses none")
    func concurrency() async throws {
        let sink = MemorySink()
        let drained = try await withThrowingTaskGroup(of: [Event].self) { group in
            for task in 0..<16 {
                group.addTask {
                    for index in 0..<200 {
                        sink.emit(TestSupport.event("t\(task)-\(index)"))
                    }
                    return []
                }
            }
            group.addTask {
                var taken: [Event] = []
                for _ in 0..<50 {
                    taken += sink.drain()
                    await Task.yield()
                }
                return taken
            }
            return try await group.reduce(into: [Event]()) { $0 += $1 }
        }
        let all = drained + sink.drain()
        #expect(all.count == 16 * 200)
        #expect(Set(Self.names(all)).count == 16 * 200)

        let bounded = MemorySink(capacity: 100)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for task in 0..<8 {
                group.addTask {
                    for index in 0..<500 { bounded.emit(TestSupport.event("t\(task)-\(index)")) }
                }
            }
            try await group.waitForAll()
        }
        #expect(bounded.count == 100)
        #expect(bounded.droppedCount == 8 * 500 - 100)
    }
}
