import ArgumentParser
import Foundation
import NordgateCore

/// Where the gateway's data folder (the store) is; shared by every command that reads or
/// changes the store.
struct DataOptions: ParsableArguments {
    @Option(name: .long, help: "The data folder (default: $NORDGATE_DATA, else ./Data).")
    var data: String?

    /// The data folder to use.
    var folder: String {
        data ?? ProcessInfo.processInfo.environment["NORDGATE_DATA"] ?? "Data"
    }

    /// Opens the existing store; a missing store is a usage error (exit 2), never created here.
    func openStore(signer: (any AuditSigner)? = nil) throws -> SQLiteGatewayStore {
        do {
            return try SQLiteGatewayStore(
                folder: folder,
                options: .init(auditSigner: signer, createIfMissing: false)
            )
        } catch StoreError.missing {
            throw UsageFailure("No store in \(folder); pass --data DIR or set NORDGATE_DATA.")
        }
    }
}

/// A usage problem found while running a command: printed as one sentence, exit status 2.
struct UsageFailure: Error, CustomStringConvertible {
    let description: String

    init(_ message: String) { description = message }

    /// Prints `message` to standard error and returns the exit code to throw.
    static func exit(_ error: UsageFailure) -> ExitCode {
        FileHandle.standardError.write(Data("Error: \(error.description)\n".utf8))
        return ExitCode(2)
    }
}

extension ParsableCommand {
    /// Runs `body`, turning a ``UsageFailure`` into exit status 2.
    func withUsageExit(_ body: () throws -> Void) throws {
        do { try body() } catch let failure as UsageFailure { throw UsageFailure.exit(failure) }
    }
}

/// RFC 3339 UTC text for CLI output.
enum TimeText {
    static func format(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }

    static func format(seconds: Int64) -> String { format(StoreTime.date(seconds)) }
}

/// The actor recorded in audit events made from the CLI: `operator:<login name>`.
enum OperatorIdentity {
    static var actor: String {
        let name = NSUserName()
        let safe = name.unicodeScalars.allSatisfy { $0.isASCII && $0.properties.generalCategory != .control }
        return safe && !name.isEmpty && name.utf8.count <= 64 ? "operator:\(name)" : "operator"
    }
}
