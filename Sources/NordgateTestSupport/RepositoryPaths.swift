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

    /// The repository's `Schemas/` folder.
    public static func schemas(from file: String = #filePath) -> String {
        (root(from: file) as NSString).appendingPathComponent("Schemas")
    }
}
