import Foundation
import JSONSchema
import NordgateCore
import NordgateServer
import Sodium
import Synchronization

/// Load on real gateway processes (see docs/benchmarks.md, "Relay"):
/// 1. end to end, NO-CA to DK-CA: 4 KB records submitted through NO-CA's local API at several
///    concurrencies; delivered messages per second (acceptance to receipt stored at NO-CA) and
///    p50/p99 latency, from the times NO-CA's store keeps;
/// 2. the crypto floor: the same messages' libsodium work alone;
/// 3. a blind relay hop: sealed IS-CA envelopes posted over mutual TLS to NO-CA, which stores
///    them, answers with a receipt and forwards them to FI-CA;
/// 4. nginx as a mutual-TLS reverse proxy with the same bodies, as a reference.
@main
struct RelayLoad {
    static func main() async throws {
        let options = try Options(CommandLine.arguments.dropFirst())
        let load = try LoadNetwork(folder: options.work, schemas: options.schemas, executable: options.nordgate)
        let record = try Self.record(schemas: options.schemas)
        print("record: \(try record(0).canonicalBytes().count) bytes canonical (locate-child request with free text)")

        let floor = try CryptoFloor.measure(payloadBytes: try record(0).canonicalBytes().count)
        var results: [String: JSONValue] = [
            "floorSenderPerCore": .number(JSONNumber(Int(1 / floor.sender))),
            "floorReceiverPerCore": .number(JSONNumber(Int(1 / floor.receiver))),
            "floorTwoCores": .number(JSONNumber(Int(floor.messagesPerSecond(cores: 2)))),
        ]
        print(String(format: "crypto floor: sender %.0f msg/s per core, receiver %.0f; both on 2 cores: %.0f msg/s",
                     1 / floor.sender, 1 / floor.receiver, floor.messagesPerSecond(cores: 2)))

        let sender = try await load.start("NO-CA")
        let receiver = try await load.start("DK-CA")
        // A few messages first, not counted: the first one compiles the type's schema and privacy policy.
        _ = try await Self.endToEnd(load: load, record: record, concurrency: 4, count: 20)
        var endToEnd: [JSONValue] = []
        for concurrency in options.concurrencies {
            let count = concurrency == 1 ? min(options.messages, 300) : options.messages
            let cpuBefore = Self.cpu(sender: sender, receiver: receiver)
            var phase = try await Self.endToEnd(load: load, record: record, concurrency: concurrency, count: count)
            let cpu = zip(Self.cpu(sender: sender, receiver: receiver), cpuBefore).map { 1000 * ($0 - $1) / Double(count) }
            phase.cpuMilliseconds = cpu
            endToEnd.append(phase.json)
            print(String(format: "end to end, concurrency %2d: %5d messages, %7.0f delivered/s (%.0f%% of the floor), p50 %6.1f ms, p99 %6.1f ms",
                         concurrency, count, phase.rate, 100 * phase.rate / floor.messagesPerSecond(cores: 2),
                         phase.p50 * 1000, phase.p99 * 1000))
            print(String(format: "    CPU per message: NO-CA %.3f ms, DK-CA %.3f ms, load driver %.3f ms; %.3f ms in all (40%% of the floor allows %.3f ms on 2 cores)",
                         cpu[0], cpu[1], cpu[2], cpu.reduce(0, +), 1000 * 2 / (0.4 * floor.messagesPerSecond(cores: 2))))
        }
        results["endToEnd"] = .array(endToEnd)
        await LoadNetwork.stop(receiver)

        let final = try await load.start("FI-CA")
        let envelopes = try Self.sealedEnvelopes(load: load, record: record, count: options.relayMessages)
        let hopBefore = Self.cpu(sender: sender, receiver: final)
        let relay = try await Self.relayHop(load: load, envelopes: envelopes)
        let hopCPU = zip(Self.cpu(sender: sender, receiver: final), hopBefore).map { 1000 * ($0 - $1) / Double(envelopes.count) }
        print(String(format: "relay hop (IS-CA -> NO-CA -> FI-CA), concurrency 64: %7.0f envelopes/s accepted with receipts, p50 %.1f ms, p99 %.1f ms; all forwarded after %.1f s",
                     relay.run.rate, percentile(relay.run.latencies, 0.5) * 1000, percentile(relay.run.latencies, 0.99) * 1000, relay.forwardedAfter))
        print(String(format: "    CPU per envelope: NO-CA (relay) %.3f ms, FI-CA %.3f ms, load driver %.3f ms", hopCPU[0], hopCPU[1], hopCPU[2]))
        results["relayHop"] = ["rate": .number(JSONNumber(Int(relay.run.rate))), "forwardedAfterSeconds": .number(JSONNumber(Int(relay.forwardedAfter)))]
        await LoadNetwork.stop(final)
        await LoadNetwork.stop(sender)

        if let nginx = options.nginx {
            let rate = try await Self.nginx(nginx, load: load, work: options.work, envelopes: envelopes)
            print(String(format: "nginx mutual-TLS reverse proxy, same bodies, concurrency 64: %7.0f requests/s; relay hop = %.0f%% of it",
                         rate, 100 * relay.run.rate / rate))
            results["nginx"] = .number(JSONNumber(Int(rate)))
        }
        if let output = options.output {
            var object = JSONObject()
            for (key, value) in results.sorted(by: { $0.key < $1.key }) { object[key] = value }
            try Data(JSONValue.object(object).serialized(pretty: true).utf8).write(to: URL(fileURLWithPath: output))
        }
    }

    // MARK: - End to end

    struct Phase {
        var concurrency: Int
        var count: Int
        var rate: Double
        var p50: Double
        var p99: Double
        /// CPU milliseconds per message of NO-CA, DK-CA and the driver.
        var cpuMilliseconds: [Double] = []
        var json: JSONValue {
            let microseconds = cpuMilliseconds.map { $0.isFinite ? JSONValue.number(JSONNumber(Int($0 * 1000))) : .null }
            return [
                "concurrency": .number(JSONNumber(concurrency)), "messages": .number(JSONNumber(count)),
                "deliveredPerSecond": .number(JSONNumber(Int(rate))), "p50ms": .number(JSONNumber(Int(p50 * 1000))),
                "p99ms": .number(JSONNumber(Int(p99 * 1000))),
                "cpuMicrosecondsPerMessage": .array(microseconds),
            ]
        }
    }

    static func endToEnd(
        load: LoadNetwork, record: @escaping @Sendable (Int) -> JSONValue, concurrency: Int, count: Int
    ) async throws -> Phase {
        let client = try LoadClient(concurrency: concurrency)
        let url = "http://127.0.0.1:\(load["NO-CA"].localPort)/v1/outbox"
        let token = load.caseworkerToken
        // When each message was submitted, by the same clock the gateway uses for its delivery times.
        let ids = Mutex<[(id: String, submitted: Date)]>([])
        let base = Int.random(in: 0..<1_000_000_000)
        // The bodies are made before the run, so that the driver's share of the cores goes to HTTP alone.
        let bodies = (0..<count).map { index in
            let body: JSONValue = ["to": "DK-CA", "type": .string(DemoMessage.type), "record": record(base + index)]
            return body.serializedBytes()
        }
        let run = await LoadClient.closedLoop(count: count, concurrency: concurrency) { index in
            let submitted = Date()
            guard let answer = try? await client.post(url, body: bodies[index], token: token), answer.status == 202,
                let id = (try? JSONParser.parse(answer.body))?["id"]?.stringValue
            else { return false }
            ids.withLock { $0.append((id, submitted)) }
            return true
        }
        await client.shutdown()
        guard run.failures == 0 else { throw LoadError("\(run.failures) submissions were refused") }
        let store = try SQLiteGatewayStore(folder: load["NO-CA"].dataFolder, options: .init(createIfMissing: false))
        let submitted = ids.withLock { $0 }
        var latencies: [Double] = []
        var last = Date.distantPast
        let deadline = ContinuousClock.now + .seconds(600)
        for (id, submittedAt) in submitted {
            while true {
                guard let row = try await store.outboxRecord(id: id) else { throw LoadError("message \(id) is not in the outbox") }
                if row.state == .delivered, let delivered = row.deliveredAt {
                    latencies.append(delivered.timeIntervalSince(submittedAt))
                    last = max(last, delivered)
                    break
                }
                guard ContinuousClock.now < deadline else { throw LoadError("message \(id) was not delivered in time") }
                try await Task.sleep(for: .milliseconds(50))
            }
        }
        guard let first = submitted.map(\.submitted).min(), latencies.count == count else {
            throw LoadError("not every message was submitted and delivered")
        }
        return Phase(
            concurrency: concurrency, count: count, rate: Double(count) / last.timeIntervalSince(first),
            p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99))
    }

    /// CPU seconds used so far by the sending gateway, the receiving gateway and this driver.
    static func cpu(sender: Process, receiver: Process) -> [Double] {
        [ProcessCPU.seconds(sender.processIdentifier), ProcessCPU.seconds(receiver.processIdentifier), ProcessCPU.seconds()]
            .map { $0 ?? .nan }
    }

    // MARK: - Relay hop

    /// `count` envelopes sealed by IS-CA for FI-CA, as IS-CA's gateway would send them to NO-CA.
    static func sealedEnvelopes(load: LoadNetwork, record: (Int) -> JSONValue, count: Int) throws -> [[UInt8]] {
        let passphrase = SecretBytes(copying: Array(LoadNetwork.passphraseText.utf8))
        let keyring = try Keyring.open(load["IS-CA"].keysFolder, passphrase: passphrase)
        let directory = try PeerDirectory.load(for: keyring)
        let sealer = try EnvelopeSealer(keyring: keyring)
        let recipients = try EnvelopeRecipient.resolve(["FI-CA"], in: directory)
        return try (0..<count).map { index in
            try sealer.seal(payload: try record(index).canonicalBytes(), type: DemoMessage.type, to: recipients).bytes
        }
    }

    static func relayHop(load: LoadNetwork, envelopes: [[UInt8]]) async throws -> (run: LoadClient.Run, forwardedAfter: Double) {
        let tls = load["IS-CA"].tls
        let client = try LoadClient(concurrency: 64, identity: (tls.certificate, tls.privateKey, tls.caBundle))
        let url = "https://127.0.0.1:\(load["NO-CA"].peerPort)/v1/envelopes"
        let start = ContinuousClock.now
        let run = await LoadClient.closedLoop(count: envelopes.count, concurrency: 64) { index in
            (try? await client.post(url, body: envelopes[index]))?.status == 200
        }
        await client.shutdown()
        guard run.failures == 0 else { throw LoadError("\(run.failures) envelopes were refused by the relay") }
        let store = try SQLiteGatewayStore(folder: load["NO-CA"].dataFolder, options: .init(createIfMissing: false))
        while try await store.outboxCounts().filter({ $0.peer == "FI-CA" && $0.state == .delivered }).map(\.count).reduce(0, +)
            < envelopes.count
        {
            guard ContinuousClock.now - start < .seconds(600) else { throw LoadError("the relay did not forward everything in time") }
            try await Task.sleep(for: .milliseconds(100))
        }
        return (run, CryptoFloor.seconds(ContinuousClock.now - start))
    }

    // MARK: - nginx

    static func nginx(_ executable: String, load: LoadNetwork, work: String, envelopes: [[UInt8]]) async throws -> Double {
        let server = load["NO-CA"].tls
        let port = try freePort(avoiding: load)
        let nginx = try await NginxReference.start(
            nginx: executable, folder: work + "/nginx", tls: (server.certificate, server.privateKey, server.caBundle),
            port: port, upstreamPort: port + 1)
        let tls = load["IS-CA"].tls
        let client = try LoadClient(concurrency: 64, identity: (tls.certificate, tls.privateKey, tls.caBundle))
        let url = "https://127.0.0.1:\(port)/v1/envelopes"
        // Warm the connections first, as the relay's were by its own run.
        _ = await LoadClient.closedLoop(count: 640, concurrency: 64) { (try? await client.post(url, body: envelopes[$0])) != nil }
        let run = await LoadClient.closedLoop(count: envelopes.count * 2, concurrency: 64) { index in
            (try? await client.post(url, body: envelopes[index % envelopes.count]))?.status == 200
        }
        await client.shutdown()
        await nginx.stop()
        guard run.failures == 0 else { throw LoadError("\(run.failures) requests to nginx failed") }
        return run.rate
    }

    private static func freePort(avoiding load: LoadNetwork) throws -> Int {
        let used = Set(load.network.nodes.values.flatMap { [$0.peerPort, $0.localPort] })
        for port in stride(from: 31_000, to: 31_900, by: 2) where !used.contains(port) && !used.contains(port + 1) {
            if !LoadNetwork.listening(port) && !LoadNetwork.listening(port + 1) { return port }
        }
        throw LoadError("no free port pair for nginx")
    }

    // MARK: - Records

    /// Synthetic ~4 KB locate-child requests, each with its own case reference.
    static func record(schemas: String) throws -> @Sendable (Int) -> JSONValue {
        let path = schemas + "/examples/central-authority/locate-child-request/valid-identified-child.json"
        guard let data = FileManager.default.contents(atPath: path), case .object(let base) = try JSONParser.parse([UInt8](data))
        else { throw LoadError("\(path) is missing") }
        let sentence = "Barnet ble sist sett ved busstasjonen sammen med to voksne og snakket om å reise videre sørover. "
        let filler = String(repeating: sentence, count: 22)
        return { index in
            var object = base
            object["caseReference"] = .string("NO-CA-B-\(index)")
            object["circumstances"] = .string(filler)
            return .object(object)
        }
    }
}

/// The message type the load uses.
enum DemoMessage {
    static let type = "central-authority.locate-child-request.v1"
}

/// Command-line options: `--nordgate PATH --schemas DIR --work DIR [--messages N] [--relay-messages N]
/// [--concurrency 1,16,64] [--nginx PATH] [--output FILE]`.
struct Options {
    var nordgate = ""
    var schemas = ""
    var work = ""
    var messages = 2_000
    var relayMessages = 4_000
    var concurrencies = [1, 16, 64]
    var nginx: String?
    var output: String?

    init(_ arguments: ArraySlice<String>) throws {
        var rest = arguments
        while let name = rest.popFirst() {
            guard let value = rest.popFirst() else { throw LoadError("\(name) needs a value") }
            switch name {
            case "--nordgate": nordgate = value
            case "--schemas": schemas = value
            case "--work": work = value
            case "--messages": messages = Int(value) ?? messages
            case "--relay-messages": relayMessages = Int(value) ?? relayMessages
            case "--concurrency": concurrencies = value.split(separator: ",").compactMap { Int($0) }
            case "--nginx": nginx = value
            case "--output": output = value
            default: throw LoadError("unknown option \(name)")
            }
        }
        guard !nordgate.isEmpty, !schemas.isEmpty, !work.isEmpty else {
            throw LoadError("usage: RelayLoad --nordgate PATH --schemas DIR --work DIR [--messages N] [--nginx PATH]")
        }
    }
}
