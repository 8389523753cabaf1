import ArgumentParser
import Foundation
import Logging
import NordgateCore
import NordgateServer
import Sodium

/// `nordgate demo`: a small Nordic network on loopback, shown step by step.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run a small Nordic network of gateways on loopback and show the main flows, step by step.",
        discussion: """
            In a temporary folder it makes a throwaway CA, keyrings and configurations for the central
            authorities NO-CA, DK-CA, SE-CA, FI-CA and IS-CA and the police desks NO-POL and DK-POL, starts
            the seven gateways on 127.0.0.1, and then: NO-CA asks DK-CA to help locate a child and gets a
            signed receipt; NO-CA warns DK-CA and SE-CA of a child in danger; NO-POL sends DK-POL a
            trafficking report with the persons pseudonymised; IS-CA reaches FI-CA through NO-CA, which
            cannot read it; DK-CA rotates its encryption key while running; every audit log is verified.
            All data is synthetic. Everything is stopped and removed at the end (unless --keep).
            """)

    @Option(help: "Where to make the temporary folder (default: the system's temporary directory).")
    var workspace: String?
    @Flag(help: "Keep the folder with keyrings, configurations, stores and logs afterwards.")
    var keep = false

    func run() throws { try withUsageExit { try perform() } }

    private func perform() throws {
        let base = workspace ?? NSTemporaryDirectory()
        let folder = (base as NSString).appendingPathComponent("nordgate-demo-\(UUID().uuidString.prefix(8).lowercased())")
        do {
            try FileManager.default.createDirectory(
                atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw UsageFailure("Cannot create a folder in \(base); pass --workspace DIR with a writable folder.")
        }
        let keep = keep
        defer {
            if keep { print("\nKept \(folder) (keyrings, configurations, stores, logs).") } else {
                try? FileManager.default.removeItem(atPath: folder)
            }
        }
        let start = Date()
        let tour = try DemoTour(folder: folder)
        try runBlocking { try await tour.run() }
        print(String(format: "\nDone in %.1f s: delivered with signed receipts, pseudonymised per policy, relayed blind,", Date().timeIntervalSince(start)))
        print("rotated live, every audit log whole. Nothing is left running.")
    }
}
