import AsyncHTTPClient
import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdHTTP2
public import Logging
import NIOCore
import NordgateCore
import ServiceLifecycle
public import Sodium
public import UnixSignals
import Synchronization

/// A gateway with its two listeners, delivery worker, directory refresher and housekeeping,
/// run as one `ServiceGroup` that shuts down gracefully: listeners stop accepting and finish
/// in-flight requests, the worker finishes its current attempts, and a signed audit
/// checkpoint is written last.
public final class GatewayServer: Sendable {
    public let gateway: Gateway
    private let ports = Mutex<(peer: Int?, local: Int?)>((nil, nil))
    private let group = Mutex<ServiceGroup?>(nil)

    /// Builds the gateway from a configuration; nothing listens until ``run(gracefulShutdownSignals:)``.
    /// - Throws: ``ConfigurationError``, ``KeyringError`` or ``StoreError`` naming what to fix.
    public init(configuration: GatewayConfiguration, passphrase: SecretBytes, logger: Logger) throws {
        gateway = try Gateway(configuration: configuration, passphrase: passphrase, logger: logger)
    }

    /// The peer listener's bound port, once running.
    public var peerPort: Int? { ports.withLock { $0.peer } }
    /// The local listener's bound port, once running.
    public var localPort: Int? { ports.withLock { $0.local } }

    /// Runs until a graceful shutdown (a signal in `gracefulShutdownSignals`, or ``shutdown()``).
    public func run(gracefulShutdownSignals: [UnixSignal] = [.sigterm, .sigint]) async throws {
        let configuration = gateway.configuration
        let logger = gateway.logger
        let tls = gateway.tls
        let peerServer: HTTPServerBuilder =
            configuration.peerListener.http2
            ? try .http2Upgrade(tlsConfiguration: tls.serverConfiguration)
            : HTTPServerBuilder { responder in
                ReloadingTLSChannel(
                    base: HTTP1Channel(responder: responder, configuration: .init(idleTimeout: .seconds(120))),
                    material: tls)
            }
        var clientConfiguration = HTTPClient.Configuration()
        clientConfiguration.tlsConfiguration = gateway.tls.clientConfiguration
        clientConfiguration.connectionPool = .init(idleTimeout: .seconds(60))
        // A peer that is down fails the attempt at once; the worker's own backoff decides when to retry.
        clientConfiguration.connectionPool.retryConnectionEstablishment = false
        clientConfiguration.timeout.connect = .seconds(10)
        clientConfiguration.httpVersion = .automatic
        clientConfiguration.redirectConfiguration = .disallow
        // Made per run and shut down when the run ends, so a server that never runs holds no client.
        let client = HTTPClient(
            eventLoopGroupProvider: .singleton, configuration: clientConfiguration, backgroundActivityLogger: logger)
        let follower = FinalReceiptFollower(gateway: gateway, client: client)
        let refresher = DirectoryRefresher(gateway: gateway, client: client)
        let peerApp = Application(
            router: PeerRoutes(gateway: gateway).router(),
            server: peerServer,
            configuration: .init(
                address: .hostname(configuration.peerListener.host, port: configuration.peerListener.port),
                serverName: nil),
            onServerRunning: { [self] channel in
                let port = channel.localAddress?.port
                self.ports.withLock { $0.peer = port }
                if let port { self.gateway.setPeerPort(port) }
                logger.info("peer listener up", metadata: ["port": "\(port ?? 0)"])
            },
            logger: logger)
        let localApp = Application(
            router: LocalRoutes(gateway: gateway, refresh: { await refresher.refreshAll() }).router(),
            configuration: .init(
                address: .hostname(configuration.localListener.host, port: configuration.localListener.port),
                serverName: nil),
            onServerRunning: { [self] channel in
                let port = channel.localAddress?.port
                self.ports.withLock { $0.local = port }
                logger.info("local listener up", metadata: ["port": "\(port ?? 0)"])
            },
            logger: logger)
        let serviceGroup = ServiceGroup(
            configuration: .init(
                services: [
                    .init(service: Housekeeping(gateway: gateway)),
                    .init(service: refresher),
                    .init(service: DeliveryWorker(gateway: gateway, client: client, follower: follower)),
                    .init(service: peerApp),
                    .init(service: localApp),
                ],
                gracefulShutdownSignals: gracefulShutdownSignals,
                cancellationSignals: [],
                logger: logger))
        group.withLock { $0 = serviceGroup }
        try? await gateway.record("gateway.start", actor: "system", subject: gateway.authority)
        logger.info("gateway starting", metadata: ["authority": "\(gateway.authority)"])
        do {
            try await serviceGroup.run()
        } catch {
            await finish(client)
            throw error
        }
        await finish(client)
    }

    private func finish(_ client: HTTPClient) async {
        try? await client.shutdown()
        try? await gateway.record("gateway.stop", actor: "system", subject: gateway.authority)
        _ = try? gateway.audit.checkpoint()
        gateway.logger.info("gateway stopped", metadata: ["authority": "\(gateway.authority)"])
    }

    /// Every route of both listeners as `(listener, method, path)`, e.g. `("local", "GET", "/v1/outbox/{id}")`.
    public func routeTable() -> [(listener: String, method: String, path: String)] {
        let peer = PeerRoutes(gateway: gateway).router().routes.map { ("peer", $0.method.rawValue, $0.path.description) }
        let local = LocalRoutes(gateway: gateway, refresh: { [] }).router().routes.map {
            ("local", $0.method.rawValue, $0.path.description)
        }
        return peer + local
    }

    /// Starts a graceful shutdown.
    public func shutdown() async {
        if let serviceGroup = group.withLock({ $0 }) { await serviceGroup.triggerGracefulShutdown() }
    }
}
