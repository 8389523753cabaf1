import HummingbirdCore
import Logging
import NIOCore
import NIOSSL

/// A server child channel that puts TLS in front of `Base`, taking the TLS context from
/// ``TLSMaterial`` at each new connection, so reloaded certificates apply without a restart.
struct ReloadingTLSChannel<Base: ServerChildChannel>: ServerChildChannel {
    typealias Value = Base.Value

    let base: Base
    let material: TLSMaterial

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let context = material.serverContext
        return channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: context))
        }.flatMap {
            base.setup(channel: channel, logger: logger)
        }
    }

    func handle(value: Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}

extension ReloadingTLSChannel: HTTPChannelHandler where Base: HTTPChannelHandler {
    var responder: HTTPChannelHandler.Responder { base.responder }
}
