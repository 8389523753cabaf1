import Foundation

/// Paths inside the repository, found from a test file's `#filePath`.
public enum RepositoryPaths {
    /// The repository root: the nearest folder above `file` that holds `Package.swift`.
    public static func root(from file: String = #filePath) -> String {
        var url = URL(fileURLWithPath: file).resolvingSymlinksInPath().deletingLastPathComponent()
        while url.path != "/" {
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
                return url.path
            }
            url.deleteLastPathComponent()
        }
        return FileManager.default.currentDirectoryPath
    }

    /// Every `.swift` file below `folder` (a path relative to the repository root), with its path relative to
    /// `folder` and its text.
    public static func swiftSources(under folder: String, from file: String = #filePath) throws -> [(path: String, text: String)] {
        let base = URL(fileURLWithPath: root(from: file)).appendingPathComponent(folder)
        var sources: [(path: String, text: String)] = []
        let walker = FileManager.default.enumerator(atPath: base.path)
        while let relative = walker?.nextObject() as? String {
            guard relative.hasSuffix(".swift") else { continue }
            sources.append((relative, try String(contentsOf: base.appendingPathComponent(relative), encoding: .utf8)))
        }
        return sources
    }

    /// The repository's `Schemas/` folder.
    public static func schemas(from file: String = #filePath) -> String {
        (root(from: file) as NSString).appendingPathComponent("Schemas")
    }
}
