import Foundation

/// A fresh folder under the system's temporary directory, removed when released.
public final class TemporaryFolder: @unchecked Sendable {
    // @unchecked: the path is immutable after init; the folder is only removed in deinit.

    /// The folder's path.
    public let path: String

    /// Creates the folder (mode 0700).
    public init(prefix: String = "nordgate-test") throws {
        let base = (NSTemporaryDirectory() as NSString).appendingPathComponent(
            "\(prefix)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(
            atPath: base, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        path = base
    }

    /// A path inside the folder.
    public func appending(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}
