//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import Logging
import ServiceLifecycle

/// The service that moves queued events into the store, in batches.
///
/// On graceful shutdown it runs last (the HTTP server has stopped accepting by then), closes
/// the queue and stores everything that was acknowledged before it returns. A batch the store
/// refuses is retried (a database briefly locked, ClickHouse restarting) until it is stored or
/// the process is cancelled.
struct EventWriter: Service {
    let queue: IngestQueue
    let store: any EventStore
    let statistics: CollectorStatistics
    let logger: Logger
    var batchSize = 5000

    func run() async throws {
        await withGracefulShutdownHandler {
            while let batch = await queue.take(upTo: batchSize) {
                await store(batch)
            }
        } onGracefulShutdown: { [queue] in
            queue.finish()
        }
        logger.info("Collector writer stopped; every acknowledged event is stored")
    }

    private func store(_ batch: [StoredEvent]) async {
        var delay = Duration.milliseconds(50)
        while true {
            do {
                let inserted = try await store.insert(batch)
                statistics.stored(inserted, duplicates: batch.count - inserted)
                return
            } catch {
                if Task.isCancelled {
                    logger.error("Collector stopped before storing \(batch.count) events: \(error)")
                    return
                }
                logger.warning("Collector store failed, retrying in \(delay): \(error)")
                try? await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(5))
            }
        }
    }
}
