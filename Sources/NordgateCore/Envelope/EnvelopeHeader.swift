public import Foundation

/// Everything in an envelope but its payload and signature; its canonical form is the payload's
/// associated data.
public struct EnvelopeHeader: Sendable, Hashable {
    /// The format version (always 1 here).
    public var version: Int
    /// The message id, a lowercase UUID chosen by the sender; receivers refuse a repeated id (replay).
    public var id: String
    /// The message type id of the payload, e.g. `police.hit-query.v1`.
    public var type: String
    /// The sending authority.
    public var from: String
    /// The addressed authorities, in the sender's order.
    public var to: [String]
    /// When the sender sealed the envelope (whole seconds, UTC).
    public var created: Date
    /// After this instant the envelope is refused.
    public var expires: Date
    /// The id of the message this one answers or follows up.
    public var correlationId: String?
    /// The handling code (`H0` to `H3`).
    public var handling: String?
    /// The id of the sender's signing key.
    public var signingKeyId: String
    /// The sealed content keys, one per entry of ``to`` and in the same order.
    public var recipients: [SealedContentKey]
    /// The attachments' metadata (empty when there are none; the member is then absent).
    public var attachments: [EnvelopeAttachment]

    /// Makes a header.
    public init(
        version: Int = EnvelopeFormat.version, id: String, type: String, from: String, to: [String], created: Date,
        expires: Date, correlationId: String? = nil, handling: String? = nil, signingKeyId: String,
        recipients: [SealedContentKey], attachments: [EnvelopeAttachment] = []
    ) {
        self.version = version
        self.id = id
        self.type = type
        self.from = from
        self.to = to
        self.created = created
        self.expires = expires
        self.correlationId = correlationId
        self.handling = handling
        self.signingKeyId = signingKeyId
        self.recipients = recipients
        self.attachments = attachments
    }
}
