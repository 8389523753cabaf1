package import Foundation
package import Sodium

/// One of our encryption keys as an opener sees it.
package struct EnvelopeDecryptionKey: Sendable {
    /// The key id.
    package var id: String
    /// The key pair, or `nil` for a key that can no longer be used.
    package var keyPair: BoxKeyPair?
    /// The stored state.
    package var state: KeyState
    /// The end of a decrypt-only key's grace period.
    package var notAfter: Date?

    /// Makes a decryption key entry.
    package init(id: String, keyPair: BoxKeyPair?, state: KeyState, notAfter: Date? = nil) {
        self.id = id
        self.keyPair = keyPair
        self.state = state
        self.notAfter = notAfter
    }

    /// The state at `date`: a decrypt-only key past its grace period counts as retired.
    func effectiveState(at date: Date) -> KeyState {
        if state == .decryptOnly, let notAfter, date >= notAfter { return .retired }
        return state
    }
}
