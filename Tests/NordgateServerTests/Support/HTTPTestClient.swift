import AsyncHTTPClient
import Foundation
import JSONSchema
import NIOCore
import NIOHTTP1
import NIOSSL
import NordgateServer
import NordgateTestSupport

/// A response as tests see it.
struct TestResponse: Sendable {
    var status: Int
    var body: [UInt8]
    /// The HTTP major version the answer came with.
    var httpMajor = 1

    /// The body parsed as JSON (or `null`).
    var json: JSONValue { (try? JSONParser.parse(body)) ?? .null }
    /// The `error` member of an error body.
    var errorCode: String? { json["error"]?.stringValue }
}

/// Calls the local and peer listeners of test gateways.
///
/// The client shuts down when released, so a test that fails half-way does not trip
/// AsyncHTTPClient's check for clients released while running (which stops the whole test process).
final class HTTPTestClient: Sendable {
    let client: HTTPClient

    init() {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    deinit { _ = client.shutdown() }

    /// A request to a node's local listener with the token of `role` (or none).
    func local(
        _ node: TestNetwork.Node, _ method: HTTPMethod, _ path: String, role: Role? = .caseworker, body: JSONValue? = nil,
        rawBody: [UInt8]? = nil
    ) async throws -> TestResponse {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(node.localPort)\(path)")
        request.method = method
        if let role { request.headers.add(name: "Authorization", value: "Bearer \(TestNetwork.tokens[role]!)") }
        if let bytes = rawBody ?? body?.serializedBytes() {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: bytes))
        }
        return try await send(request)
    }

    /// A request to a node's peer listener over TLS with the client identity `files` (or none).
    func peer(
        _ node: TestNetwork.Node, _ method: HTTPMethod, _ path: String, as files: TestPKI.Files?, caBundle: String,
        body: [UInt8]? = nil
    ) async throws -> TestResponse {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(caBundle))
        if let files {
            tls.certificateChain = try NIOSSLCertificate.fromPEMFile(files.certificate).map { .certificate($0) }
            tls.privateKey = .privateKey(try NIOSSLPrivateKey(file: files.privateKey, format: .pem))
        }
        var request = HTTPClientRequest(url: "https://127.0.0.1:\(node.peerPort)\(path)")
        request.method = method
        request.tlsConfiguration = tls
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        return try await send(request)
    }

    private func send(_ request: HTTPClientRequest) async throws -> TestResponse {
        let response = try await client.execute(request, timeout: .seconds(20))
        var buffer = try await response.body.collect(upTo: 8 << 20)
        return TestResponse(
            status: Int(response.status.code), body: buffer.readBytes(length: buffer.readableBytes) ?? [],
            httpMajor: response.version.major)
    }

    /// Polls `GET /v1/outbox/{id}` until the state is one of `states` (at most about 20 s).
    func waitForState(_ node: TestNetwork.Node, id: String, _ states: Set<String> = ["delivered"]) async throws -> TestResponse {
        var last = TestResponse(status: 0, body: [])
        for _ in 0..<400 {
            last = try await local(node, .GET, "/v1/outbox/\(id)")
            if let state = last.json["state"]?.stringValue, states.contains(state) { return last }
            try await Task.sleep(for: .milliseconds(50))
        }
        return last
    }
}

/// Synthetic records from the repository's schema examples.
enum Records {
    static let locateChildType = "central-authority.locate-child-request.v1"

    static func example(_ relative: String) throws -> JSONValue {
        let path = RepositoryPaths.schemas() + "/examples/" + relative
        return try JSONParser.parse([UInt8](try Data(contentsOf: URL(fileURLWithPath: path))))
    }

    static func locateChild() throws -> JSONValue {
        try example("central-authority/locate-child-request/valid-identified-child.json")
    }

    static func submission(to: String, record: JSONValue, type: String = locateChildType) -> JSONValue {
        ["to": .string(to), "type": .string(type), "record": record]
    }
}
