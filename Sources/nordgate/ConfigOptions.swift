import ArgumentParser
import Foundation
import NordgateCore
import NordgateServer
import Sodium

/// `--config FILE` and what follows from it: the checked configuration, the keyring passphrase
/// and local API tokens; shared by `serve`, `status`, `send`, `inbox` and `peers refresh`.
struct ConfigOptions: ParsableArguments {
    @Option(name: .long, help: "The gateway configuration file (JSON; see docs/configuration.md).")
    var config: String

    /// The checked configuration; a bad key stops here with a message naming it.
    func load() throws -> GatewayConfiguration {
        do { return try GatewayConfiguration.load(path: config) } catch {
            throw UsageFailure("\(error).")
        }
    }

    /// The keyring passphrase: the configured `passphraseFile`, else `$NORDGATE_PASSPHRASE`.
    func passphrase(for configuration: GatewayConfiguration) throws -> SecretBytes {
        if let file = configuration.passphraseFile {
            var bytes = try SecureFile.readPassphraseFile(file)
            while bytes.last == UInt8(ascii: "\n") || bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
            return SecretBytes(wiping: &bytes)
        }
        guard let value = ProcessInfo.processInfo.environment["NORDGATE_PASSPHRASE"], !value.isEmpty else {
            throw UsageFailure("No passphrase: set passphraseFile in the configuration or NORDGATE_PASSPHRASE.")
        }
        var bytes = Array(value.utf8)
        return SecretBytes(wiping: &bytes)
    }
}

/// The bearer token for the local API: `--token-file FILE`, else `$NORDGATE_TOKEN`.
struct TokenOptions: ParsableArguments {
    @Option(name: .long, help: "A file holding the local API bearer token (else $NORDGATE_TOKEN).")
    var tokenFile: String?

    func token() throws -> String {
        if let tokenFile {
            guard let data = FileManager.default.contents(atPath: tokenFile),
                let text = String(data: data, encoding: .utf8)?.trimmingCharacters(in: .whitespacesAndNewlines),
                !text.isEmpty
            else { throw UsageFailure("Cannot read a token from \(tokenFile).") }
            return text
        }
        guard let token = ProcessInfo.processInfo.environment["NORDGATE_TOKEN"], !token.isEmpty else {
            throw UsageFailure("No token: pass --token-file FILE or set NORDGATE_TOKEN.")
        }
        return token
    }
}

/// Runs async work from a synchronous command and waits for it.
func runBlocking<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
    let box = ResultBox<T>()
    let semaphore = DispatchSemaphore(value: 0)
    Task {
        do { box.set(.success(try await body())) } catch { box.set(.failure(error)) }
        semaphore.signal()
    }
    semaphore.wait()
    return try box.get()
}

/// Hands a result from the task to the waiting thread.
private final class ResultBox<T: Sendable>: @unchecked Sendable {
    // @unchecked: written once by the task before the semaphore is signalled, read after the wait.
    private var result: Result<T, any Error>?
    func set(_ value: Result<T, any Error>) { result = value }
    func get() throws -> T { try result!.get() }
}
