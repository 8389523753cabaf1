/// A plaintext file (or bytes in memory) to attach when sealing.
public struct EnvelopeAttachmentSource: Sendable, Hashable {
    /// The file's path; it is read in 64 KiB chunks. Unused when ``content`` is set.
    public var path: String
    /// The plaintext itself, when it is already in memory (it never touches the disk in clear).
    public var content: [UInt8]?
    /// The file's media type, e.g. `application/pdf` (lowercase `type/subtype`).
    public var mediaType: String
    /// The attachment id to use (a lowercase UUID, e.g. one the record already refers to); `nil` for a fresh one.
    public var id: String?

    /// Names a file to attach.
    public init(path: String, mediaType: String, id: String? = nil) {
        self.path = path
        self.mediaType = mediaType
        self.id = id
    }

    /// Names bytes in memory to attach.
    public init(content: [UInt8], mediaType: String, id: String? = nil) {
        self.init(path: "", mediaType: mediaType, id: id)
        self.content = content
    }
}
