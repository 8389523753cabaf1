import Foundation
import NordgateTestSupport
import Testing

/// `docs/threat-model.md` names, for each threat, the tests that prove its defence: every one of
/// them must still exist, so the page cannot silently go out of date.
@Suite struct ThreatModelDocTests {
    @Test func everyTestTheThreatModelNamesExists() throws {
        let root = URL(fileURLWithPath: RepositoryPaths.root())
        let page = try String(contentsOf: root.appendingPathComponent("docs/threat-model.md"), encoding: .utf8)
        let named = Set(page.matches(of: /`([A-Z][A-Za-z]+Tests)\.([a-z][A-Za-z0-9]+)`/).map { "\($0.1).\($0.2)" })
        #expect(named.count >= 40)
        let sources = try RepositoryPaths.swiftSources(under: "Tests").map(\.text)
        for name in named.sorted() {
            let parts = name.split(separator: ".")
            let exists = sources.contains { $0.contains("struct \(parts[0])") && $0.contains("func \(parts[1])(") }
            #expect(exists, "docs/threat-model.md names \(name), which is not a test")
        }
    }
}
