import AsyncHTTPClient
public import Foundation
import NIOCore
import NIOHTTP1

/// A small client of a gateway's local API, for the CLI (`nordgate send`, `inbox`, `peers refresh`).
public struct LocalAPIClient: Sendable {
    /// An answer: status and body bytes.
    public struct Answer: Sendable {
        public var status: Int
        public var body: [UInt8]
    }

    let baseURL: String
    let token: String

    /// A client for the local listener named in `configuration`, authenticating with `token`.
    public init(configuration: GatewayConfiguration, token: String) {
        var host = configuration.localListener.host
        if host == "0.0.0.0" { host = "127.0.0.1" }
        if host.contains(":") { host = "[\(host)]" }
        baseURL = "http://\(host):\(configuration.localListener.port)"
        self.token = token
    }

    /// Sends one request.
    /// - Parameters:
    ///   - method: `GET` or `POST`.
    ///   - path: e.g. `/v1/inbox?after=0`.
    ///   - body: a JSON body, if any.
    public func send(_ method: String, _ path: String, body: [UInt8]? = nil, timeout: TimeInterval = 30) async throws -> Answer {
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            var request = HTTPClientRequest(url: baseURL + path)
            request.method = HTTPMethod(rawValue: method)
            request.headers.add(name: "Authorization", value: "Bearer \(token)")
            if let body {
                request.headers.add(name: "Content-Type", value: "application/json")
                request.body = .bytes(ByteBuffer(bytes: body))
            }
            let response = try await client.execute(request, timeout: .seconds(Int64(timeout)))
            var buffer = try await response.body.collect(upTo: 64 << 20)
            let answer = Answer(status: Int(response.status.code), body: buffer.readBytes(length: buffer.readableBytes) ?? [])
            try await client.shutdown()
            return answer
        } catch {
            try? await client.shutdown()
            throw error
        }
    }
}
