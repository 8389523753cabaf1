import Foundation

/// Runs the built `nordgate` executable as an operator would, for end-to-end tests.
public struct CommandRunner: Sendable {
    /// What one run printed and how it ended.
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// The path of the `nordgate` executable.
    public let executable: String
    /// Variables added to every run's environment.
    public var environment: [String: String]

    /// Finds `nordgate` next to the test bundle (`swift build --build-tests` puts both in one folder).
    public init(environment: [String: String] = [:]) throws {
        var candidates = [Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent()]
        if let argument = CommandLine.arguments.first {
            candidates.append(URL(fileURLWithPath: argument).deletingLastPathComponent())
        }
        for folder in candidates {
            let path = folder.appendingPathComponent("nordgate").path
            if FileManager.default.isExecutableFile(atPath: path) {
                executable = path
                self.environment = environment
                return
            }
        }
        throw CocoaError(.fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "build nordgate before its tests"])
    }

    /// Runs `nordgate` with `arguments` and waits for it.
    public func run(_ arguments: [String], input: String? = nil) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["NORDGATE_PASSPHRASE"] = nil
        env["NORDGATE_KEYS"] = nil
        env.merge(environment) { _, new in new }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        let stdin = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try stdin.fileHandleForWriting.close()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }
}
