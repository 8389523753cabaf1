public import Logging
import Synchronization

/// A log handler that keeps every record in memory, so tests can prove what was (not) logged.
public struct CapturingLogHandler: LogHandler {
    /// The shared store of captured lines.
    public final class Store: Sendable {
        private let lines = Mutex<[String]>([])

        public init() {}

        /// Every line so far: label, level, message and metadata as text.
        public var all: [String] { lines.withLock { $0 } }

        func append(_ line: String) { lines.withLock { $0.append(line) } }
    }

    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .trace
    let label: String
    let store: Store

    /// A handler writing into `store`.
    public init(label: String, store: Store) {
        self.label = label
        self.store = store
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        store.append("\(label) \(event.level) \(event.message) \(merged.sorted { $0.key < $1.key }) \(event.error.map { "\($0)" } ?? "")")
    }
}
