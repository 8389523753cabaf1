public import Hummingbird
import Logging
public import NIOCore

/// The request context of the peer listener: it keeps the connection's channel, whose TLS
/// handler knows the verified client certificate.
public struct PeerContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The connection.
    public let channel: any Channel

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }
}
