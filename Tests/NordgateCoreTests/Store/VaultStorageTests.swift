import Foundation
import NordgateCore
import NordgateTestSupport
import Sodium
import Testing

/// The re-identification vault's storage.
@Suite struct VaultStorageTests {
    let folder: TemporaryFolder

    init() throws { folder = try TemporaryFolder() }

    func entry(_ pseudonym: String, fill: UInt8) -> VaultEntry {
        VaultEntry(
            pseudonym: pseudonym,
            keyID: "NO-CA.vault.20261119-0a0b0c",
            nonce: [UInt8](repeating: fill, count: 24),
            ciphertext: [UInt8](repeating: fill, count: 40),
            created: StoreFixtures.now
        )
    }

    @Test func storedEntriesReadBackAndSurviveReopening() throws {
        let entries = [entry("psn:v1:1:AAAA", fill: 1), entry("psn:v1:1:BBBB", fill: 2)]
        do {
            let store = try StoreFixtures.open(folder)
            try store.storeVaultEntries(entries)
            try store.close()
        }
        let store = try StoreFixtures.open(folder)
        #expect(try store.vaultEntry(for: "psn:v1:1:AAAA") == entries[0])
        #expect(try store.vaultEntry(for: "psn:v1:1:BBBB") == entries[1])
        #expect(try store.vaultEntry(for: "psn:v1:1:CCCC") == nil)
    }

    @Test func storingAnExistingPseudonymLeavesTheFirstEntry() throws {
        let store = try StoreFixtures.open(folder)
        try store.storeVaultEntries([entry("psn:v1:1:AAAA", fill: 1)])
        try store.storeVaultEntries([entry("psn:v1:1:AAAA", fill: 9), entry("psn:v1:1:BBBB", fill: 2)])
        #expect(try store.vaultEntry(for: "psn:v1:1:AAAA")?.ciphertext.first == 1)
        #expect(try store.vaultEntry(for: "psn:v1:1:BBBB")?.ciphertext.first == 2)
    }

    @Test func malformedEntriesAreRefusedAndNothingOfTheBatchIsStored() throws {
        let store = try StoreFixtures.open(folder)
        var oversized = entry("psn:v1:1:BBBB", fill: 2)
        oversized.ciphertext = [UInt8](repeating: 0, count: StoreLimits.maxVaultCiphertextBytes + 1)
        #expect(throws: StoreError.self) { try store.storeVaultEntries([entry("psn:v1:1:AAAA", fill: 1), oversized]) }
        #expect(throws: StoreError.self) { try store.storeVaultEntries([entry("has space", fill: 1)]) }
        #expect(try store.vaultEntry(for: "psn:v1:1:AAAA") == nil)
    }

    @Test func entriesStoredWithoutBlockingShareTheGroupCommitAndReadBack() async throws {
        let store = try StoreFixtures.open(folder)
        async let first: Void = store.storeVaultEntries([entry("psn:v1:1:AAAA", fill: 1)])
        async let second: Void = store.storeVaultEntries([entry("psn:v1:1:AAAA", fill: 9), entry("psn:v1:1:BBBB", fill: 2)])
        _ = try await (first, second)
        let kept = try #require(try store.vaultEntry(for: "psn:v1:1:AAAA")?.ciphertext.first)
        #expect(kept == 1 || kept == 9)
        #expect(try store.vaultEntry(for: "psn:v1:1:BBBB")?.ciphertext.first == 2)
        await #expect(throws: StoreError.self) { try await store.storeVaultEntries([self.entry("has space", fill: 1)]) }
    }
}
