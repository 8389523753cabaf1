public import Foundation
public import NordgateCore
public import Sodium

/// Keyrings for tests: the cheapest Argon2id cost, a fixed synthetic passphrase.
public enum TestKeyrings {
    /// The passphrase every test keyring uses.
    public static let passphraseText = "test passphrase, not secret"

    /// A fresh copy of the test passphrase.
    public static var passphrase: SecretBytes { SecretBytes(copying: Array(passphraseText.utf8)) }

    /// Creates a keyring for `authority` in a subfolder of `folder`.
    public static func make(
        _ authority: String, in folder: TemporaryFolder, now: Date = Date()
    ) throws -> Keyring {
        try Keyring.create(
            in: folder.appending(authority), authority: authority, passphrase: passphrase, cost: .minimum, now: now)
    }
}
