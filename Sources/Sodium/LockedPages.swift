import CSodium
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Keeps the memory pages that hold secrets locked into RAM for as long as any secret on them lives.
///
/// `mlock` works on whole pages and does not count: unlocking the pages of one secret would also unlock a
/// neighbour that shares a page with it and is still alive. So each page is locked (`sodium_mlock`, which
/// also keeps it out of core dumps) when its first secret arrives and unlocked (`munlock`, which does not
/// touch the bytes) when its last one leaves.
enum LockedPages {
    private static let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))
    /// Live secrets per locked page, by page address.
    private static let secrets = Mutex<[UInt: Int]>([:])

    /// Locks the pages of `count` bytes at `start`, all or none.
    /// - Returns: `true` when all are locked (the caller must then call ``unlock(_:count:)``); `false` when
    ///   the system refused one (`RLIMIT_MEMLOCK`), in which case none of them is counted for this secret.
    static func lock(_ start: UnsafeRawPointer, count: Int) -> Bool {
        let pages = self.pages(start, count: count)
        return secrets.withLock { secrets in
            for (index, page) in pages.enumerated() {
                if let live = secrets[page] {
                    secrets[page] = live + 1
                } else if sodium_mlock(UnsafeMutableRawPointer(bitPattern: page)!, pageSize) == 0 {
                    secrets[page] = 1
                } else {
                    for counted in pages.prefix(index) { release(counted, in: &secrets) }
                    return false
                }
            }
            return true
        }
    }

    /// Gives back what ``lock(_:count:)`` took for `count` bytes at `start`; a page is unlocked when no
    /// other live secret is on it.
    static func unlock(_ start: UnsafeRawPointer, count: Int) {
        let pages = self.pages(start, count: count)
        secrets.withLock { secrets in
            for page in pages { release(page, in: &secrets) }
        }
    }

    /// How many live secrets are counted on the page holding `address` (for tests).
    static func secretsOnPage(of address: UnsafeRawPointer) -> Int {
        let page = UInt(bitPattern: address) & ~UInt(pageSize - 1)
        return secrets.withLock { $0[page] ?? 0 }
    }

    private static func release(_ page: UInt, in secrets: inout [UInt: Int]) {
        guard let live = secrets[page] else { return }
        if live > 1 {
            secrets[page] = live - 1
        } else {
            secrets[page] = nil
            _ = munlock(UnsafeRawPointer(bitPattern: page), pageSize)
        }
    }

    private static func pages(_ start: UnsafeRawPointer, count: Int) -> StrideTo<UInt> {
        let mask = ~UInt(pageSize - 1)
        let first = UInt(bitPattern: start) & mask
        let last = (UInt(bitPattern: start) + UInt(Swift.max(count, 1)) - 1) & mask
        return stride(from: first, to: last + UInt(pageSize), by: pageSize)
    }
}
