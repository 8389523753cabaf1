public import Hummingbird
import Logging
import NIOCore

/// The request context of the local listener.
public struct LocalContext: RequestContext {
    public var coreContext: CoreRequestContextStorage

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }
}
