import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NordgateCore
import ServiceLifecycle
import Synchronization

/// Sends the outbox to the peers: one loop per peer over mutual TLS with connection reuse,
/// retries with exponential backoff and jitter, expiry to dead letters, and receipt checks
/// before a message counts as delivered. At-least-once: a crash leaves rows `delivering`,
/// which start-up puts back in the queue, and receivers answer repeats with the same receipt.
struct DeliveryWorker: Service {
    let gateway: Gateway
    let client: HTTPClient
    let follower: FinalReceiptFollower

    func run() async throws {
        let reset = try await gateway.store.recoverInFlight(now: Date())
        if reset > 0 { gateway.logger.notice("requeued in-flight messages after restart", metadata: ["count": "\(reset)"]) }
        await withTaskGroup(of: Void.self) { group in
            for peer in gateway.configuration.peers {
                group.addTask { await loop(peer) }
            }
            group.addTask { await follower.run() }
        }
    }

    /// Keeps up to `batchSize` deliveries to `peer` in flight: claims more due messages whenever
    /// half of them have finished, and sleeps until woken or something falls due when none are left.
    private func loop(_ peer: GatewayConfiguration.Peer) async {
        let window = gateway.configuration.delivery.batchSize
        var seen = gateway.wake.current
        await withTaskGroup(of: Int.self) { group in
            var inFlight = 0
            while !Task.isShuttingDownGracefully, !Task.isCancelled {
                var claimed = 0
                if inFlight <= window / 2 {
                    do {
                        let claim = try await gateway.store.claimDue(peer: peer.authority, now: Date(), limit: window - inFlight)
                        for id in claim.expired {
                            gateway.metrics.deliveryFailed(peer: peer.authority, code: "expired")
                            try? await gateway.record("message.expire", actor: "system", subject: id, details: ["peer": peer.authority])
                            gateway.logger.warning(
                                "message expired undelivered", metadata: ["envelope.id": "\(id)", "peer": "\(peer.authority)"])
                        }
                        for batch in batches(claim.messages) {
                            group.addTask {
                                await deliver(batch, to: peer)
                                return batch.count
                            }
                        }
                        claimed = claim.messages.count
                        inFlight += claimed
                    } catch {
                        gateway.logger.error("delivery loop error", metadata: ["peer": "\(peer.authority)", "error": "\(error)"])
                        if inFlight == 0 {
                            seen = await wakeOrShutdown(after: seen, timeout: gateway.configuration.delivery.pollInterval)
                            continue
                        }
                    }
                }
                if inFlight > window / 2 || (claimed == 0 && inFlight > 0) {
                    // Room is made by finished deliveries; a message queued meanwhile waits for at most one of them.
                    inFlight -= await group.next() ?? inFlight
                    continue
                }
                if claimed > 0 { continue }
                var timeout = gateway.configuration.delivery.pollInterval
                if let due = try? await gateway.store.nextDue(peer: peer.authority) {
                    timeout = max(0.02, min(timeout, due.timeIntervalSinceNow))
                }
                seen = await wakeOrShutdown(after: seen, timeout: timeout)
            }
        }
    }

    private func wakeOrShutdown(after seen: UInt64, timeout: TimeInterval) async -> UInt64 {
        let deadline = ContinuousClock.now + .milliseconds(Int64(timeout * 1000))
        var seen = seen
        while ContinuousClock.now < deadline, !Task.isShuttingDownGracefully, !Task.isCancelled {
            let next = await gateway.wake.wait(after: seen, timeout: .milliseconds(100))
            if next != seen { return next }
            seen = next
        }
        return seen
    }

    /// The claimed messages in the groups they are sent in: those without attachments in batches of at
    /// most ``EnvelopeBatch/maxSendCount`` envelopes and ``EnvelopeBatch/maxSendBytes`` bytes, the others alone.
    private func batches(_ records: [OutboxRecord]) -> [[OutboxRecord]] {
        var batches: [[OutboxRecord]] = []
        var current: [OutboxRecord] = []
        var bytes = 0
        for record in records {
            let size = record.message.envelope.count + 1
            let hasAttachments = FileManager.default.fileExists(atPath: gateway.attachments.outboxFolder(record.id))
            if size > EnvelopeBatch.maxSendBytes || hasAttachments {
                batches.append([record])
                continue
            }
            if current.count == EnvelopeBatch.maxSendCount || bytes + size > EnvelopeBatch.maxSendBytes {
                batches.append(current)
                current = []
                bytes = 0
            }
            current.append(record)
            bytes += size
        }
        if !current.isEmpty { batches.append(current) }
        return batches
    }

    /// One attempt for each message of `batch`: alone through `POST /v1/envelopes`, each outcome recorded
    /// as soon as it is known, or together through `POST /v1/envelopes/batch`, their outcomes recorded together.
    private func deliver(_ batch: [OutboxRecord], to peer: GatewayConfiguration.Peer) async {
        let start = ContinuousClock.now
        guard batch.count > 1, let outcomes = await attemptBatch(batch, to: peer) else {
            await withTaskGroup(of: Void.self) { group in
                for record in batch {
                    group.addTask { await finish([(record, await attempt(record, to: peer))], peer: peer, start: start) }
                }
            }
            return
        }
        await finish(Array(zip(batch, outcomes)), peer: peer, start: start)
    }

    /// Records the outcomes of attempts: the receipts in one transaction, each failure on its own.
    private func finish(
        _ results: [(record: OutboxRecord, outcome: Outcome)], peer: GatewayConfiguration.Peer, start: ContinuousClock.Instant
    ) async {
        let now = Date()
        var delivered: [(record: OutboxRecord, receipt: Receipt, delivery: OutboxDelivery)] = []
        var failed: [(record: OutboxRecord, code: String, permanent: Bool)] = []
        for (record, outcome) in results {
            switch outcome {
            case .delivered(let bytes, let receipt):
                let event = AuditEvent(
                    kind: "message.deliver", actor: "system", subject: record.id,
                    details: ["peer": peer.authority, "receipt": receipt.status.rawValue, "receiptFrom": receipt.from], time: now)
                delivered.append((record, receipt, OutboxDelivery(id: record.id, receipt: bytes, audit: [event])))
            case .failed(let code, let permanent):
                failed.append((record, code, permanent))
            }
        }
        if !delivered.isEmpty {
            let deliveries = delivered.map(\.delivery)
            var stored = Array(repeating: true, count: deliveries.count)
            do { try await gateway.store.markDelivered(deliveries, now: now) } catch {
                // One refused row undoes the whole transaction: the others are stored one by one. A row that
                // still fails stays `delivering`; the next start puts it back in the queue, and the receiver answers again.
                for (index, delivery) in deliveries.enumerated() {
                    do { try await gateway.store.markDelivered([delivery], now: now) } catch {
                        stored[index] = false
                        gateway.logger.error("marking delivered failed", metadata: ["envelope.id": "\(delivery.id)", "error": "\(error)"])
                    }
                }
            }
            let elapsed = ContinuousClock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            for ((record, receipt, _), ok) in zip(delivered, stored) where ok {
                recordDelivered(record, receipt: receipt, peer: peer, seconds: seconds, now: now)
            }
        }
        await withTaskGroup(of: Void.self) { group in
            for (record, code, permanent) in failed {
                group.addTask { await recordFailed(record, code: code, permanent: permanent, peer: peer, now: now) }
            }
        }
    }

    /// What follows a stored receipt: the sender's attachment copies go, metrics and log, and a
    /// relayed message's final receipt is awaited.
    private func recordDelivered(
        _ record: OutboxRecord, receipt: Receipt, peer: GatewayConfiguration.Peer, seconds: Double, now: Date
    ) {
        // The receiver holds the attachments now, durably; the sender's encrypted copies can go.
        gateway.attachments.remove(gateway.attachments.outboxFolder(record.id))
        gateway.metrics.delivered(peer: peer.authority, seconds: seconds)
        if let accepted = record.acceptedAt {
            gateway.metrics.latency(peer: peer.authority, seconds: max(0, now.timeIntervalSince(accepted)))
        }
        gateway.logger.info(
            "message delivered",
            metadata: ["envelope.id": "\(record.id)", "peer": "\(peer.authority)", "receipt.status": "\(receipt.status.rawValue)"])
        if receipt.status == .relayed { follower.expect(record.id) }
    }

    /// Records a failed attempt: retried after a backoff, or dead when permanent or out of attempts.
    private func recordFailed(
        _ record: OutboxRecord, code: String, permanent: Bool, peer: GatewayConfiguration.Peer, now: Date
    ) async {
        let delivery = gateway.configuration.delivery
        let attempts = record.attempts + 1
        let giveUp = permanent || (delivery.maxAttempts > 0 && attempts >= delivery.maxAttempts)
        let next: Date? = giveUp ? nil : now.addingTimeInterval(Backoff.delay(attempt: attempts, delivery: delivery))
        gateway.metrics.deliveryFailed(peer: peer.authority, code: code)
        do {
            let state = try await gateway.store.markFailed(id: record.id, error: code, nextAttempt: next, now: now)
            if state == .dead {
                try? await gateway.record("message.dead", actor: "system", subject: record.id, details: ["peer": peer.authority, "code": code])
            }
        } catch {
            gateway.logger.error("marking failed failed", metadata: ["envelope.id": "\(record.id)", "error": "\(error)"])
        }
        gateway.logger.notice(
            "delivery attempt failed",
            metadata: ["envelope.id": "\(record.id)", "peer": "\(peer.authority)", "code": "\(code)", "attempt": "\(attempts)"])
    }

    private enum Outcome {
        case delivered([UInt8], Receipt)
        case failed(code: String, permanent: Bool)
    }

    private func attempt(_ record: OutboxRecord, to peer: GatewayConfiguration.Peer) async -> Outcome {
        if let failure = await uploadAttachments(record, to: peer) { return failure }
        guard let (status, body) = await post(record.message.envelope, to: peer, path: "/v1/envelopes", type: "application/json")
        else { return .failed(code: "peer.unreachable", permanent: false) }
        return outcome(status: status, body: body, for: record, peer: peer)
    }

    /// Sends the envelopes of `batch` in one request.
    /// - Returns: one outcome per message, or `nil` when the peer refused the batch as such (an older peer
    ///   without the endpoint, or a body over its limit): then each goes alone.
    private func attemptBatch(_ batch: [OutboxRecord], to peer: GatewayConfiguration.Peer) async -> [Outcome]? {
        let body = EnvelopeBatch.join(batch.map(\.message.envelope))
        guard let (status, answer) = await post(body, to: peer, path: "/v1/envelopes/batch", type: EnvelopeBatch.contentType)
        else { return batch.map { _ in .failed(code: "peer.unreachable", permanent: false) } }
        if [400, 404, 405, 413].contains(status) { return nil }
        guard status == 200 else {
            let code = Self.refusal(answer, status: status).code
            return batch.map { _ in .failed(code: code, permanent: false) }
        }
        guard let lines = try? EnvelopeBatch.split(answer, maxCount: batch.count), lines.count == batch.count else {
            return batch.map { _ in .failed(code: "receipt.invalid", permanent: false) }
        }
        return zip(batch, lines).map { record, line in
            // A receipt has no `error` member; an error line carries the status the single endpoint would have sent.
            guard line.starts(with: Array(#"{"error":"#.utf8)) else {
                return outcome(status: 200, body: line, for: record, peer: peer)
            }
            let refusal = Self.refusal(line, status: 502)
            return Self.failure(code: refusal.code, status: refusal.status)
        }
    }

    /// POSTs `body` to the peer.
    /// - Returns: the status and body of the answer (at most 1 MiB), or `nil` when there was none.
    private func post(_ body: [UInt8], to peer: GatewayConfiguration.Peer, path: String, type: String) async
        -> (UInt, [UInt8])?
    {
        var request = HTTPClientRequest(url: peer.url + path)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: type)
        request.body = .bytes(ByteBuffer(bytes: body))
        request.tlsConfiguration = gateway.tls.clientConfiguration
        do {
            let response = try await client.execute(
                request, timeout: .seconds(Int64(gateway.configuration.delivery.requestTimeout)))
            var buffer = try await response.body.collect(upTo: 1 << 20)
            return (response.status.code, buffer.readBytes(length: buffer.readableBytes) ?? [])
        } catch {
            return nil
        }
    }

    /// What the answer `status` and `body` to one envelope mean for `record`.
    private func outcome(status: UInt, body: [UInt8], for record: OutboxRecord, peer: GatewayConfiguration.Peer) -> Outcome {
        guard status == 200 else { return Self.failure(code: Self.refusal(body, status: status).code, status: status) }
        guard let receipt = try? Receipt.parse(body), check(receipt, for: record, peer: peer.authority) else {
            return .failed(code: "receipt.invalid", permanent: false)
        }
        return .delivered(body, receipt)
    }

    /// A refused attempt; refusals that a retry cannot fix are permanent, everything else (keys not yet
    /// refreshed, rate limits, outages) is retried.
    private static func failure(code: String, status: UInt) -> Outcome {
        .failed(code: code, permanent: [400, 409, 413].contains(status) || code == "envelope.expired")
    }

    /// The code of an error body `{"error": code, ...}` (at most 64 bytes; else `http.<status>`), and its
    /// `status` member when it has a 4xx or 5xx one (a batch's error line), else `status`.
    private static func refusal(_ body: [UInt8], status: UInt) -> (code: String, status: UInt) {
        let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any]
        let code = (object?["error"] as? String).flatMap { $0.utf8.count <= 64 ? $0 : nil } ?? "http.\(status)"
        guard let stated = object?["status"] as? Int, (400...599).contains(stated) else { return (code, status) }
        return (code, UInt(stated))
    }

    /// Uploads the envelope's encrypted attachment files before the envelope itself (each attempt
    /// uploads them all again: the receiver keeps only what a stored envelope claims).
    /// - Returns: the failure, or `nil` when there was nothing to upload or everything was taken.
    private func uploadAttachments(_ record: OutboxRecord, to peer: GatewayConfiguration.Peer) async -> Outcome? {
        let folder = gateway.attachments.outboxFolder(record.id)
        guard FileManager.default.fileExists(atPath: folder) else { return nil }
        guard let header = try? Envelope.parse(record.message.envelope).header else {
            return .failed(code: "attachment.unreadable", permanent: true)
        }
        for attachment in header.attachments {
            let path = (folder as NSString).appendingPathComponent("\(attachment.id).bin")
            guard let chunks = FileChunks(path: path) else { return .failed(code: "attachment.missing-locally", permanent: true) }
            var request = HTTPClientRequest(url: peer.url + "/v1/envelopes/\(record.id)/attachments/\(attachment.id)")
            request.method = .PUT
            request.headers.add(name: "Content-Type", value: "application/octet-stream")
            request.body = .stream(chunks, length: .known(Int64(attachment.encryptedLength)))
            request.tlsConfiguration = gateway.tls.clientConfiguration
            do {
                let response = try await client.execute(
                    request, timeout: .seconds(Int64(gateway.configuration.delivery.requestTimeout)))
                _ = try await response.body.collect(upTo: 1 << 16)
                guard response.status == .noContent || response.status == .ok else {
                    return .failed(code: "attachment.http.\(response.status.code)", permanent: response.status.code == 413)
                }
            } catch {
                return .failed(code: "peer.unreachable", permanent: false)
            }
        }
        return nil
    }

    /// A receipt proves delivery only if it names this envelope and digest, comes from the
    /// peer (a relay) or the addressed receiver, and verifies with the issuer's descriptor.
    private func check(_ receipt: Receipt, for record: OutboxRecord, peer: String) -> Bool {
        guard receipt.envelopeId == record.id, receipt.envelopeDigest == record.message.digest,
            receipt.from == peer
        else { return false }
        switch receipt.status {
        case .accepted: guard record.message.recipients.contains(peer) else { return false }
        case .relayed: guard !record.message.recipients.contains(peer) else { return false }
        }
        guard let descriptor = gateway.keys.snapshot.directory.peers.first(where: { $0.authority == receipt.from })?.descriptor
        else { return false }
        return receipt.verifies(with: descriptor)
    }
}

/// Retry delays: `retryBase × 2^(attempt−1)`, capped at `retryMax`, spread by ± `jitter`.
enum Backoff {
    static func delay(attempt: Int, delivery: GatewayConfiguration.Delivery, random: Double = .random(in: -1...1)) -> Double {
        let exponential = delivery.retryBase * pow(2, Double(min(max(attempt - 1, 0), 30)))
        let capped = min(exponential, delivery.retryMax)
        return max(0.05, capped * (1 + delivery.jitter * random))
    }
}
