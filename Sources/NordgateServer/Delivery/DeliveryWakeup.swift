import Synchronization

/// Wakes the delivery worker early (a new message, a refresh) instead of waiting for its poll.
///
/// A counter that ``signal()`` bumps; ``wait(timeout:)`` returns once it changed or the timeout
/// passed, checking every 20 ms. Cheap, and free of lost-wakeup races.
final class DeliveryWakeup: Sendable {
    private let generation = Mutex<UInt64>(0)

    /// Wakes every waiter.
    func signal() { generation.withLock { $0 &+= 1 } }

    /// Waits for a signal after `seen`, or `timeout`, or cancellation.
    /// - Returns: the generation seen when returning (pass it to the next call).
    func wait(after seen: UInt64, timeout: Duration) async -> UInt64 {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline, !Task.isCancelled {
            let now = generation.withLock { $0 }
            if now != seen { return now }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return generation.withLock { $0 }
    }

    /// The current generation.
    var current: UInt64 { generation.withLock { $0 } }
}
