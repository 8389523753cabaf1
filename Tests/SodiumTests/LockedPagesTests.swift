@testable import Sodium
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Secrets share memory pages, and `mlock` does not count: releasing one secret must not unlock a page that
/// another live secret is on.
struct LockedPagesTests {
    private let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))

    private func page(_ secret: SecretBytes) -> UInt {
        secret.withUnsafeBytes { UInt(bitPattern: $0.baseAddress!) } & ~UInt(pageSize - 1)
    }

    private func secretsOnPage(_ secret: SecretBytes) -> Int {
        secret.withUnsafeBytes { LockedPages.secretsOnPage(of: $0.baseAddress!) }
    }

    @Test func aPageStaysLockedWhileAnotherSecretOnItLives() throws {
        // Small secrets come from the heap, so two of a few dozen land on one page.
        var candidates: [SecretBytes] = []
        var pair: (first: SecretBytes, second: SecretBytes)?
        for _ in 0..<64 where pair == nil {
            let next = SecretBytes.random(count: 32)
            if let match = candidates.first(where: { page($0) == page(next) }) { pair = (match, next) } else { candidates.append(next) }
        }
        let second = try #require(pair).second
        pair = nil
        let before = secretsOnPage(second)
        try #require(before >= 2, "both secrets are locked and counted on their shared page")
        // The candidates are on different pages, and the one on the shared page is the first secret's last reference.
        candidates.removeAll()
        #expect(secretsOnPage(second) >= 1, "the page is still locked for the secret that lives on")
        #expect(secretsOnPage(second) < before)
        withExtendedLifetime(second) {}
    }

    @Test func aSecretAcrossAPageBoundaryCountsOnBothPages() {
        let secret = SecretBytes.random(count: 3 * pageSize)
        secret.withUnsafeBytes { bytes in
            #expect(LockedPages.secretsOnPage(of: bytes.baseAddress!) >= 1)
            #expect(LockedPages.secretsOnPage(of: bytes.baseAddress! + bytes.count - 1) >= 1)
        }
    }
}
