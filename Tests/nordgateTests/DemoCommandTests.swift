import Foundation
import NordgateTestSupport
import Testing

/// `nordgate demo` end to end: the flows run, and nothing is left behind.
struct DemoCommandTests {
    @Test func demoRunsEveryFlowAndLeavesNothingBehind() throws {
        let cli = try CommandRunner()
        let workspace = try TemporaryFolder(prefix: "nordgate-demo-test")
        let result = try cli.run(["demo", "--workspace", workspace.path])
        #expect(result.status == 0, "\(result.stderr)")
        for expected in [
            "receipt \"relayed\" from NO-CA", "refused, not-addressed-to-us", "final receipt \"accepted\" signed by FI-CA",
            "-> DK-CA: own envelope", "-> SE-CA: own envelope", "= \"Testoffer\"", "no gateway restarted",
            "identical to what NO-CA sent",
        ] {
            #expect(result.stdout.contains(expected), "missing: \(expected)")
        }
        #expect(result.stdout.components(separatedBy: ": whole").count - 1 == 7)
        // Tokens are never printed, and the temporary folder is gone.
        #expect(!result.stdout.contains("ngt_") && !result.stderr.contains("ngt_"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: workspace.path).isEmpty)
    }

    @Test func demoRefusesAWorkspaceItCannotWrite() throws {
        let result = try CommandRunner().run(["demo", "--workspace", "/proc/nordgate-nowhere"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("--workspace"))
    }
}
