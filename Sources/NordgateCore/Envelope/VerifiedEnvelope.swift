/// An envelope whose signature, signing key and times ``EnvelopeOpener/verify(_:now:)`` checked.
///
/// Only the opener makes one, so holding one means those checks passed; a relay forwards it, a
/// recipient decrypts it with ``EnvelopeOpener/open(_:now:)`` (the overload taking it).
public struct VerifiedEnvelope: Sendable {
    /// The envelope.
    public let envelope: Envelope
    /// BLAKE2b-256 of the exact envelope bytes (what a receipt signs), computed once.
    public let digest: [UInt8]

    init(_ envelope: Envelope) {
        self.envelope = envelope
        digest = envelope.digest
    }

    /// The verified header.
    public var header: EnvelopeHeader { envelope.header }
    /// The exact envelope bytes.
    public var bytes: [UInt8] { envelope.bytes }
}
