import Foundation
import Logging
import NordgateCore

/// Finds keys and certificates that expire within the configured window and reports them in
/// metrics and the log.
struct ExpiryWatch: Sendable {
    let gateway: Gateway

    /// One item that expires.
    struct Item: Sendable, Hashable {
        /// A key id, `tls.certificate` or `tls.ca`.
        var id: String
        /// `key` or `certificate`.
        var kind: String
        var notAfter: Date
    }

    /// Everything with an expiry: own active and pending signing and encryption keys, our TLS certificate, the CA.
    static func items(keyring: Keyring, certificateNotAfter: Date?, caNotAfter: Date?, now: Date = Date()) -> [Item] {
        var items: [Item] = []
        for key in keyring.keys where [.signing, .encryption].contains(key.kind) {
            let state = key.effectiveState(at: now)
            guard state == .active || state == .pending, let notAfter = key.notAfter else { continue }
            items.append(Item(id: key.id, kind: "key", notAfter: notAfter))
        }
        if let certificateNotAfter { items.append(Item(id: "tls.certificate", kind: "certificate", notAfter: certificateNotAfter)) }
        if let caNotAfter { items.append(Item(id: "tls.ca", kind: "certificate", notAfter: caNotAfter)) }
        return items
    }

    /// Updates the expiry metrics and logs a warning for each item inside the window.
    func check(now: Date = Date()) async {
        let items = Self.items(
            keyring: gateway.keys.snapshot.keyring, certificateNotAfter: gateway.tls.certificateNotAfter,
            caNotAfter: gateway.tls.caNotAfter, now: now)
        for item in items {
            let left = item.notAfter.timeIntervalSince(now)
            let warning = left < gateway.configuration.expiryWarning
            gateway.metrics.expiry(item: item.id, kind: item.kind, secondsLeft: left, warning: warning)
            if warning {
                gateway.logger.warning(
                    "expires soon", metadata: ["item": "\(item.id)", "notAfter": "\(EnvelopeTime.format(item.notAfter))"])
            }
        }
    }
}

/// Updates queue-depth gauges from the store.
struct QueueWatch: Sendable {
    let gateway: Gateway

    func update() async {
        guard let counts = try? await gateway.store.outboxCounts() else { return }
        var seen: Set<String> = []
        for count in counts {
            gateway.metrics.queueDepth(peer: count.peer, state: count.state.rawValue, count: count.count)
            seen.insert("\(count.peer)/\(count.state.rawValue)")
        }
        for peer in gateway.configuration.peers {
            for state in OutboxState.allCases where !seen.contains("\(peer.authority)/\(state.rawValue)") {
                gateway.metrics.queueDepth(peer: peer.authority, state: state.rawValue, count: 0)
            }
        }
    }
}
