import Foundation
import Logging
import NordgateCore
import ServiceLifecycle

/// Periodic chores: reloads TLS files and the keyring when they change, refreshes the expiry
/// and queue metrics (warning in the log inside the expiry window).
struct Housekeeping: Service {
    let gateway: Gateway

    func run() async throws {
        await ExpiryWatch(gateway: gateway).check()
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            let deadline = ContinuousClock.now + .milliseconds(Int64(gateway.configuration.tlsReload * 1000))
            while ContinuousClock.now < deadline, !Task.isShuttingDownGracefully, !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(100))
            }
            if Task.isShuttingDownGracefully || Task.isCancelled { break }
            await tick()
        }
    }

    /// One round of chores.
    func tick() async {
        do {
            if try gateway.tls.reloadIfChanged() {
                try? await gateway.record("config.tls-reload", actor: "system", subject: gateway.authority)
                gateway.logger.notice("TLS files reloaded; new connections use them")
                await ExpiryWatch(gateway: gateway).check()
            }
        } catch {
            gateway.logger.error("TLS files changed but cannot be used; keeping the previous ones", metadata: ["error": "\(error)"])
        }
        do {
            if try gateway.keys.reloadIfChanged() {
                try? await gateway.record("key.reload", actor: "system", subject: gateway.authority)
                gateway.logger.notice("keyring or peer directory reloaded")
                gateway.wake.signal()
            }
        } catch {
            gateway.logger.error("keyring changed but cannot be opened; keeping the previous one", metadata: ["error": "\(error)"])
        }
        await QueueWatch(gateway: gateway).update()
        // Replay memory of envelopes that expired and left the inbox: they would be refused anyway.
        _ = try? await gateway.store.forgetSeen(before: Date())
    }
}
