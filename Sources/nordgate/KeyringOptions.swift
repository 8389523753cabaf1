import ArgumentParser
import Foundation
import NordgateCore
import Sodium

#if canImport(Glibc)
import Glibc
#endif

/// Where the keyring is and how to get the operator's passphrase; shared by every command
/// that touches keys.
struct KeyringOptions: ParsableArguments {
    @Option(name: .long, help: "The keyring folder (default: $NORDGATE_KEYS, else ./Keys).")
    var keys: String?

    @Option(
        name: .long,
        help: "Read the passphrase from this file (mode 0600). Else $NORDGATE_PASSPHRASE, else a prompt.")
    var passphraseFile: String?

    /// The keyring folder to use.
    var folder: String {
        keys ?? ProcessInfo.processInfo.environment["NORDGATE_KEYS"] ?? "Keys"
    }

    /// The passphrase, from the file, the environment or a prompt without echo.
    /// - Parameter confirm: ask twice on a terminal (for a new keyring).
    func passphrase(confirm: Bool = false) throws -> SecretBytes {
        if let passphraseFile {
            var bytes = try SecureFile.readPassphraseFile(passphraseFile)
            if bytes.last == UInt8(ascii: "\n") { bytes.removeLast() }
            if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
            return try nonEmpty(SecretBytes(wiping: &bytes))
        }
        if let value = ProcessInfo.processInfo.environment["NORDGATE_PASSPHRASE"] {
            var bytes = Array(value.utf8)
            return try nonEmpty(SecretBytes(wiping: &bytes))
        }
        guard isatty(STDIN_FILENO) == 1 else {
            throw ValidationError(
                "No passphrase: pass --passphrase-file FILE or set NORDGATE_PASSPHRASE (no terminal to prompt on).")
        }
        let first = try nonEmpty(Prompt.readSecret("Keyring passphrase: "))
        if confirm {
            let second = try Prompt.readSecret("Repeat the passphrase: ")
            guard first.constantTimeEquals(second) else {
                throw ValidationError("The two passphrases differ; nothing was created.")
            }
        }
        return first
    }

    private func nonEmpty(_ secret: SecretBytes) throws -> SecretBytes {
        guard secret.count > 0 else { throw ValidationError("The passphrase is empty; choose a long passphrase.") }
        return secret
    }
}

/// Reading a secret from the terminal with echo turned off.
enum Prompt {
    static func readSecret(_ prompt: String) throws -> SecretBytes {
        FileHandle.standardError.write(Data(prompt.utf8))
        var saved = termios()
        tcgetattr(STDIN_FILENO, &saved)
        var silent = saved
        silent.c_lflag &= ~tcflag_t(ECHO)
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent)
        defer {
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved)
            FileHandle.standardError.write(Data("\n".utf8))
        }
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while read(STDIN_FILENO, &byte, 1) == 1, byte != UInt8(ascii: "\n") {
            bytes.append(byte)
        }
        return SecretBytes(wiping: &bytes)
    }
}
