import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A `nordgate serve` process for one node of a ``TestNetwork``, for tests that kill, pause and
/// restart gateways as an operator's machine might.
public final class ServeProcess: @unchecked Sendable {
    // @unchecked: `process` is set once; Foundation's Process is safe to signal and query from any thread.
    private let process: Process

    /// Starts `nordgate serve` for `node` and waits (up to 20 s) until its local listener accepts connections.
    /// - Parameters:
    ///   - executable: the built `nordgate` (see ``CommandRunner/executable``).
    ///   - node: the gateway to run.
    /// - Throws: when the process cannot start or does not listen in time.
    public init(executable: String, node: TestNetwork.Node) async throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["serve", "--config", node.configurationPath, "--log-level", "error"]
        var environment = ProcessInfo.processInfo.environment
        environment["NORDGATE_PASSPHRASE"] = TestKeyrings.passphraseText
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Each probe is a connection of its own: stop probing once one is taken, or after 20 s.
        let deadline = ContinuousClock.now + .seconds(20)
        while !Self.canConnect(port: node.localPort), process.isRunning, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
        }
        guard Self.canConnect(port: node.localPort) else {
            kill(process.processIdentifier, SIGKILL)
            throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: "nordgate serve did not start listening"])
        }
    }

    deinit { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }

    /// Whether the process still runs.
    public var isRunning: Bool { process.isRunning }

    /// Sends `signal` (default SIGTERM) and, unless it is SIGSTOP or SIGCONT, waits (up to 30 s) for the process to end.
    /// - Returns: the exit status, or `nil` when the process did not end (or was only paused or resumed).
    @discardableResult
    public func stop(signal: Int32 = 15) async -> Int32? {
        kill(process.processIdentifier, signal)
        guard signal != SIGSTOP, signal != SIGCONT else { return nil }
        for _ in 0..<3_000 where process.isRunning { try? await Task.sleep(for: .milliseconds(10)) }
        return process.isRunning ? nil : process.terminationStatus
    }

    /// Whether something accepts TCP connections on 127.0.0.1:`port`.
    public static func canConnect(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }
}
