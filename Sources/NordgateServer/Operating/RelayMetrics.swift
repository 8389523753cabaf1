import Foundation
import CoreMetrics
import Metrics
public import Prometheus

/// The gateway's metrics through swift-metrics, kept in its own Prometheus registry (so that
/// several gateways can share a process in tests) and served by `GET /metrics`.
///
/// Labels carry peer ids, states, error codes and key ids only.
public final class RelayMetrics: Sendable {
    /// The registry `GET /metrics` renders.
    public let registry: PrometheusCollectorRegistry
    private let factory: PrometheusMetricsFactory

    /// A fresh registry.
    public init() {
        registry = PrometheusCollectorRegistry()
        factory = PrometheusMetricsFactory(registry: registry)
    }

    /// The Prometheus text exposition.
    public func render() -> [UInt8] { registry.emitToBuffer() }

    func delivered(peer: String, seconds: Double) {
        Counter(label: "nordgate_deliveries_total", dimensions: [("peer", peer)], factory: factory).increment()
        Metrics.Timer(label: "nordgate_delivery_seconds", dimensions: [("peer", peer)], factory: factory)
            .recordNanoseconds(Int64(seconds * 1e9))
    }

    /// Acceptance by the local API to the receipt stored, per next hop.
    func latency(peer: String, seconds: Double) {
        Metrics.Timer(label: "nordgate_message_latency_seconds", dimensions: [("peer", peer)], factory: factory)
            .recordNanoseconds(Int64(seconds * 1e9))
    }

    func deliveryFailed(peer: String, code: String) {
        Counter(label: "nordgate_delivery_failures_total", dimensions: [("peer", peer), ("code", code)], factory: factory)
            .increment()
    }

    func received(peer: String, outcome: String) {
        Counter(label: "nordgate_received_total", dimensions: [("peer", peer), ("outcome", outcome)], factory: factory)
            .increment()
    }

    func submitted() {
        Counter(label: "nordgate_submitted_total", factory: factory).increment()
    }

    func queueDepth(peer: String, state: String, count: Int) {
        Gauge(label: "nordgate_outbox_messages", dimensions: [("peer", peer), ("state", state)], factory: factory)
            .record(count)
    }

    /// Seconds until `item` (a key id, `tls.certificate` or `tls.ca`) expires, and whether that
    /// is inside the warning window.
    func expiry(item: String, kind: String, secondsLeft: Double, warning: Bool) {
        Gauge(label: "nordgate_expiry_seconds", dimensions: [("item", item), ("kind", kind)], factory: factory)
            .record(secondsLeft)
        Gauge(label: "nordgate_expiry_warning", dimensions: [("item", item), ("kind", kind)], factory: factory)
            .record(warning ? 1 : 0)
    }
}
