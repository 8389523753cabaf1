import ArgumentParser

@main
struct Nordgate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nordgate",
        abstract: "A privacy-preserving data-exchange gateway between Nordic authorities.",
        subcommands: [KeysCommand.self, PeersCommand.self]
    )
}
