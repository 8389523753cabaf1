/// A plaintext file to attach when sealing.
public struct EnvelopeAttachmentSource: Sendable, Hashable {
    /// The file's path; it is read in 64 KiB chunks.
    public var path: String
    /// The file's media type, e.g. `application/pdf` (lowercase `type/subtype`).
    public var mediaType: String

    /// Names a file to attach.
    public init(path: String, mediaType: String) {
        self.path = path
        self.mediaType = mediaType
    }
}
