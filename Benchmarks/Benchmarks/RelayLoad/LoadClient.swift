import AsyncHTTPClient
import Foundation
import NIOCore
import NIOSSL
import Synchronization

/// HTTP clients for the load runs and a closed-loop runner: `concurrency` workers, each sending
/// its next request as soon as the previous one is answered.
struct LoadClient {
    let client: HTTPClient

    /// A client for plain HTTP (the local API), or mutual TLS with `identity` (certificate, key, CA bundle).
    init(concurrency: Int, identity: (certificate: String, privateKey: String, caBundle: String)? = nil) throws {
        var configuration = HTTPClient.Configuration()
        configuration.httpVersion = .http1Only
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: concurrency)
        configuration.timeout.read = .seconds(60)
        if let identity {
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(identity.caBundle))
            tls.certificateChain = try NIOSSLCertificate.fromPEMFile(identity.certificate).map { .certificate($0) }
            tls.privateKey = .privateKey(try NIOSSLPrivateKey(file: identity.privateKey, format: .pem))
            configuration.tlsConfiguration = tls
        }
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    func shutdown() async { try? await client.shutdown() }

    /// POSTs `body` to `url` with optional bearer `token`; returns the status and the body.
    func post(_ url: String, body: [UInt8], token: String? = nil) async throws -> (status: UInt, body: [UInt8]) {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        request.body = .bytes(ByteBuffer(bytes: body))
        let response = try await client.execute(request, timeout: .seconds(60))
        var buffer = try await response.body.collect(upTo: 1 << 20)
        return (response.status.code, buffer.readBytes(length: buffer.readableBytes) ?? [])
    }

    /// What a closed-loop run measured on the client side.
    struct Run {
        var seconds: Double
        var failures: Int
        /// Per-request latency in seconds, in completion order.
        var latencies: [Double]
        var rate: Double { Double(latencies.count - failures) / seconds }
    }

    /// Calls `request(i)` for `i` in `0..<count`, `concurrency` at a time; `request` returns whether it succeeded.
    static func closedLoop(
        count: Int, concurrency: Int, _ request: @escaping @Sendable (Int) async -> Bool
    ) async -> Run {
        let next = Tickets()
        let start = ContinuousClock.now
        let results = await withTaskGroup(of: [(Double, Bool)].self) { group in
            for _ in 0..<concurrency {
                group.addTask {
                    var mine: [(Double, Bool)] = []
                    while true {
                        let index = next.take()
                        guard index < count else { break }
                        let begin = ContinuousClock.now
                        let ok = await request(index)
                        mine.append((CryptoFloor.seconds(ContinuousClock.now - begin), ok))
                    }
                    return mine
                }
            }
            var all: [(Double, Bool)] = []
            for await part in group { all += part }
            return all
        }
        return Run(
            seconds: CryptoFloor.seconds(ContinuousClock.now - start), failures: results.filter { !$0.1 }.count,
            latencies: results.map(\.0))
    }
}

/// Hands out 0, 1, 2, … to concurrent tasks.
final class Tickets: Sendable {
    private let counter = Atomic<Int>(0)

    func take() -> Int { counter.wrappingAdd(1, ordering: .relaxed).oldValue }
}

/// The value below which `fraction` of `values` lie.
func percentile(_ values: [Double], _ fraction: Double) -> Double {
    guard !values.isEmpty else { return .nan }
    let sorted = values.sorted()
    return sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * fraction).rounded()))]
}
