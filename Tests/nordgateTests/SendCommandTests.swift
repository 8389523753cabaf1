import Foundation
import NordgateTestSupport
import Testing

/// `nordgate send` and `nordgate inbox` against running `nordgate serve` processes.
struct SendCommandTests {
    @Test func sendWithAnAttachmentIsDeliveredAndListedInTheInbox() async throws {
        let network = try TestNetwork(authorities: ["NO-CA", "DK-CA"])
        var cli = try CommandRunner(environment: ["NORDGATE_TOKEN": TestNetwork.caseworkerToken])
        let sender = try await ServeProcess(executable: cli.executable, node: network["NO-CA"])
        let receiver = try await ServeProcess(executable: cli.executable, node: network["DK-CA"])
        let record = RepositoryPaths.schemas() + "/examples/central-authority/locate-child-request/valid-identified-child.json"
        let photo = network.folder.appending("photo.jpg")
        try Data(repeating: 0x5A, count: 70_000).write(to: URL(fileURLWithPath: photo))
        let type = "central-authority.locate-child-request.v1"
        let send = ["send", "--config", network["NO-CA"].configurationPath, "--to", "DK-CA", "--type", type]

        let sent = try cli.run(send + ["--attach", photo, "--wait", "30", record])
        #expect(sent.status == 0, "\(sent.stderr)")
        #expect(sent.stdout.contains("\"state\" : \"delivered\"") || sent.stdout.contains("\"state\": \"delivered\""))
        let id = try #require(sent.stdout.split(separator: " ").first.map(String.init))
        let shown = try cli.run(["inbox", "show", "--config", network["DK-CA"].configurationPath, id])
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(shown.stdout.contains("image/jpeg") && shown.stdout.contains("70000"))

        let missing = try cli.run(send + ["--attach", network.folder.appending("nowhere.pdf"), record])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("cannot be read"))
        cli.environment["NORDGATE_TOKEN"] = "wrong-token"
        let refused = try cli.run(send + [record])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("401"))
        #expect(await sender.stop() == 0)
        #expect(await receiver.stop() == 0)
    }
}
