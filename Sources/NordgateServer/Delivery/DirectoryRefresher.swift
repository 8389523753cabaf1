import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NordgateCore
import ServiceLifecycle

/// Fetches each peer's signed descriptor (`GET /v1/directory`, and for routed authorities
/// `GET /v1/directory/{authority}` from the relay) on a schedule and on demand, and imports it
/// through ``PeerDirectory`` chain rules. A first-time peer is never trusted this way.
struct DirectoryRefresher: Service {
    /// What one peer's refresh did.
    struct Result: Sendable {
        var authority: String
        /// `added`, `updated`, `unchanged`, or an error code.
        var outcome: String
    }

    let gateway: Gateway
    let client: HTTPClient

    func run() async throws {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            let deadline = ContinuousClock.now + .milliseconds(Int64(gateway.configuration.directoryRefresh * 1000))
            while ContinuousClock.now < deadline, !Task.isShuttingDownGracefully, !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(100))
            }
            if Task.isShuttingDownGracefully || Task.isCancelled { break }
            _ = await refreshAll()
        }
    }

    /// Refreshes every peer and routed authority now.
    func refreshAll() async -> [Result] {
        var results: [Result] = []
        for peer in gateway.configuration.peers {
            results.append(await refresh(peer.authority, from: peer, path: "/v1/directory"))
        }
        for route in gateway.configuration.routes {
            guard let via = gateway.configuration.peer(route.via) else { continue }
            results.append(await refresh(route.authority, from: via, path: "/v1/directory/\(route.authority)"))
        }
        return results
    }

    private func refresh(_ authority: String, from peer: GatewayConfiguration.Peer, path: String) async -> Result {
        var request = HTTPClientRequest(url: peer.url + path)
        request.tlsConfiguration = gateway.tls.clientConfiguration
        let bytes: [UInt8]
        do {
            let response = try await client.execute(request, timeout: .seconds(10))
            guard response.status.code == 200 else { return Result(authority: authority, outcome: "http.\(response.status.code)") }
            var buffer = try await response.body.collect(upTo: 1 << 20)
            bytes = buffer.readBytes(length: buffer.readableBytes) ?? []
        } catch {
            return Result(authority: authority, outcome: "peer.unreachable")
        }
        guard let offered = try? PublicDescriptor.parse(bytes), offered.authority == authority else {
            gateway.logger.warning("descriptor refused: wrong authority or malformed", metadata: ["peer": "\(authority)"])
            return Result(authority: authority, outcome: "descriptor.invalid")
        }
        // Each serving signs a fresh copy (a new `issued` time) of the same generation: nothing to import.
        if let held = gateway.keys.snapshot.directory.peers.first(where: { $0.authority == authority }),
            offered.generation <= held.descriptor.generation
        {
            return Result(authority: authority, outcome: offered.generation == held.descriptor.generation ? "unchanged" : "stale")
        }
        do {
            switch try gateway.keys.importDescriptor(bytes) {
            case .updated(_, let from, let to):
                try? await gateway.record(
                    "directory.update", actor: "system", subject: authority,
                    details: ["fromGeneration": "\(from)", "toGeneration": "\(to)"])
                gateway.logger.notice("peer descriptor updated", metadata: ["peer": "\(authority)", "generation": "\(to)"])
                gateway.wake.signal()
                return Result(authority: authority, outcome: "updated")
            case .unchanged: return Result(authority: authority, outcome: "unchanged")
            case .added: return Result(authority: authority, outcome: "added")
            }
        } catch {
            gateway.logger.warning("descriptor refused", metadata: ["peer": "\(authority)", "error": "\(error)"])
            try? await gateway.record("directory.refuse", actor: "system", subject: authority)
            return Result(authority: authority, outcome: "descriptor.refused")
        }
    }
}
