import Foundation
public import HTTPTypes
public import Hummingbird
import JSONSchema
import NIOCore

/// An error a client of either listener may see: an HTTP status, a stable code and a fixed,
/// generic message. Never holds personal data, record values or key bytes.
public struct RelayError: HTTPResponseError, Sendable, Equatable, CustomStringConvertible {
    /// The HTTP status.
    public var status: HTTPResponse.Status
    /// A stable code such as `envelope.signature-invalid` or `peer.sender-mismatch`.
    public var code: String
    /// One short sentence.
    public var message: String

    /// An error with a status, a stable code and a fixed message.
    public init(status: HTTPResponse.Status, code: String, message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }

    /// The JSON error body `{"error": code, "message": message}`.
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let body: JSONValue = ["error": .string(code), "message": .string(message)]
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(
            status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body.serializedBytes())))
    }

    /// A receipt that cannot be read.
    static func receiptInvalid(_ reason: String) -> RelayError {
        RelayError(status: .badGateway, code: "receipt.invalid", message: "the receipt is invalid: \(reason)")
    }

    static func badRequest(_ code: String, _ message: String) -> RelayError {
        RelayError(status: .badRequest, code: code, message: message)
    }

    static func forbidden(_ code: String, _ message: String) -> RelayError {
        RelayError(status: .forbidden, code: code, message: message)
    }

    static func notFound(_ what: String) -> RelayError {
        RelayError(status: .notFound, code: "not-found", message: "no \(what) with this id")
    }

    static let tooLarge = RelayError(
        status: .contentTooLarge, code: "request.too-large", message: "the request body is larger than the limit")
    static let rateLimited = RelayError(
        status: .tooManyRequests, code: "peer.rate-limited", message: "too many requests; slow down and retry")
    static let unauthorized = RelayError(
        status: .unauthorized, code: "auth.missing", message: "a valid bearer token is required")
    static func roleRefused(_ roles: [Role]) -> RelayError {
        RelayError(
            status: .forbidden, code: "auth.role",
            message: "this needs the role \(roles.map(\.rawValue).joined(separator: " or "))")
    }
    static let storeUnavailable = RelayError(
        status: .serviceUnavailable, code: "store.unavailable", message: "the store could not complete the request; retry later")
}
