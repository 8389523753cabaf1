import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// File operations for secrets: owner-only permissions, checked on every read, and atomic
/// replacement (write a temporary file, fsync, rename, fsync the folder), so a crash leaves
/// either the old or the new file, never a torn one.
package enum SecureFile {
    /// Mode for folders holding secrets.
    package static let folderMode: UInt16 = 0o700
    /// Mode for files holding secrets.
    package static let fileMode: UInt16 = 0o600

    /// Whether `path` exists (file or folder).
    package static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    /// Creates a folder readable only by its owner.
    package static func createFolder(_ path: String) throws(KeyringError) {
        if mkdir(path, mode_t(folderMode)) != 0, errno != EEXIST {
            throw .io(path: path, reason: String(cString: strerror(errno)))
        }
        _ = chmod(path, mode_t(folderMode))
    }

    /// Refuses a path that is missing, of the wrong type, not owned by us, or open to others.
    package static func checkPermissions(_ path: String, folder: Bool) throws(KeyringError) {
        var info = stat()
        guard lstat(path, &info) == 0 else {
            throw .io(path: path, reason: String(cString: strerror(errno)))
        }
        let type = info.st_mode & S_IFMT
        guard type == (folder ? S_IFDIR : S_IFREG) else {
            throw .malformed(path: path, reason: folder ? "not a folder" : "not a regular file")
        }
        guard info.st_uid == geteuid() else { throw .wrongOwner(path: path) }
        let mode = UInt16(info.st_mode & 0o777)
        let expected = folder ? folderMode : fileMode
        if mode & 0o077 != 0 {
            throw .insecurePermissions(path: path, mode: mode, expected: expected)
        }
    }

    /// Reads a whole file after checking its permissions.
    package static func read(_ path: String, limit: Int = 16 << 20) throws(KeyringError) -> [UInt8] {
        try checkPermissions(path, folder: false)
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw .io(path: path, reason: "cannot open for reading")
        }
        defer { try? handle.close() }
        let data: Data?
        do { data = try handle.read(upToCount: limit + 1) } catch {
            throw .io(path: path, reason: "read failed")
        }
        let bytes = [UInt8](data ?? Data())
        guard bytes.count <= limit else { throw .malformed(path: path, reason: "larger than \(limit) bytes") }
        return bytes
    }

    /// Replaces `path` atomically with `bytes`, mode 0600.
    /// - Parameter beforeRename: runs after the new content is durable but before it replaces
    ///   the old file; tests use it to simulate a crash between the steps.
    package static func atomicWrite(
        _ bytes: [UInt8], to path: String, beforeRename: (() throws -> Void)? = nil
    ) throws {
        let temporary = "\(path).tmp-\(UInt64.random(in: 0...UInt64.max))"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode_t(fileMode))
        guard fd >= 0 else { throw KeyringError.io(path: temporary, reason: String(cString: strerror(errno))) }
        var written = 0
        let ok = bytes.withUnsafeBytes { buffer -> Bool in
            while written < buffer.count {
                let n = write(fd, buffer.baseAddress! + written, buffer.count - written)
                if n <= 0 { return false }
                written += n
            }
            return fsync(fd) == 0
        }
        close(fd)
        guard ok else {
            unlink(temporary)
            throw KeyringError.io(path: temporary, reason: "write or fsync failed")
        }
        do {
            try beforeRename?()
        } catch {
            // A real crash would leave the temporary file; the next open removes leftovers.
            throw error
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw KeyringError.io(path: path, reason: reason)
        }
        syncFolder(containing: path)
    }

    /// Removes temporary files that an interrupted ``atomicWrite(_:to:beforeRename:)`` left behind.
    package static func removeLeftovers(of path: String) {
        let folder = (path as NSString).deletingLastPathComponent
        let prefix = (path as NSString).lastPathComponent + ".tmp-"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        for name in names where name.hasPrefix(prefix) {
            unlink((folder as NSString).appendingPathComponent(name))
        }
    }

    private static func syncFolder(containing path: String) {
        let folder = (path as NSString).deletingLastPathComponent
        let fd = open(folder.isEmpty ? "." : folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd >= 0 {
            fsync(fd)
            close(fd)
        }
    }
}

/// An exclusive advisory lock on a folder (a `.lock` file inside it), held until released,
/// so two operators' commands cannot interleave their read-modify-write cycles.
package final class FolderLock {
    private var fd: Int32

    /// Blocks until the lock on `folder` is ours.
    package init(folder: String) throws(KeyringError) {
        let path = (folder as NSString).appendingPathComponent(".lock")
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, mode_t(SecureFile.fileMode))
        guard fd >= 0 else { throw .io(path: path, reason: String(cString: strerror(errno))) }
        guard flock(fd, LOCK_EX) == 0 else {
            close(fd)
            throw .io(path: path, reason: "cannot lock")
        }
    }

    /// Releases the lock (also done on deinit).
    package func release() {
        if fd >= 0 {
            flock(fd, LOCK_UN)
            close(fd)
            fd = -1
        }
    }

    deinit { release() }
}

extension SecureFile {
    /// Reads a passphrase file, refusing one that others can read.
    package static func readPassphraseFile(_ path: String) throws(KeyringError) -> [UInt8] {
        guard exists(path) else { throw .io(path: path, reason: "no such file") }
        return try read(path, limit: 4096)
    }
}
