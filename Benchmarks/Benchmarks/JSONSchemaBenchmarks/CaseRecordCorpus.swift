// Deterministic synthetic case records (2-8 KB each) for the validator benchmark. All names, places and
// identifiers are made up from fixed word lists; about one record in ten breaks one rule of the schema.
import Foundation

/// Builds the benchmark corpus: the case-record schema and N instances as UTF-8 bytes.
enum CaseRecordCorpus {
    /// The schema file, found from this source file's location.
    static var schemaPath: String {
        URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("fixtures/case-record.schema.json").path
    }

    /// The schema text.
    static func schemaBytes() -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: schemaPath) else {
            preconditionFailure("benchmark schema missing at \(schemaPath)")
        }
        return [UInt8](data)
    }

    /// `count` instances generated from a fixed seed.
    static func instances(count: Int, seed: UInt64 = 0x4E_6F_72_64_67_61_74_65) -> [[UInt8]] {
        var generator = SplitMix64(state: seed)
        return (0..<count).map { index in Array(record(index, &generator).utf8) }
    }

    /// Writes the schema and instances into `directory` (`schema.json`, `instances/00000.json`, ...).
    static func export(to directory: String, instances: [[UInt8]]) throws {
        let root = URL(fileURLWithPath: directory, isDirectory: true)
        let folder = root.appendingPathComponent("instances", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data(schemaBytes()).write(to: root.appendingPathComponent("schema.json"))
        for (index, bytes) in instances.enumerated() {
            let name = String(repeating: "0", count: max(0, 5 - String(index).count)) + String(index) + ".json"
            try Data(bytes).write(to: folder.appendingPathComponent(name))
        }
    }

    struct SplitMix64 {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func int(_ range: ClosedRange<Int>) -> Int {
            range.lowerBound + Int(next() % UInt64(range.upperBound - range.lowerBound + 1))
        }
        mutating func pick<T>(_ values: [T]) -> T { values[int(0...(values.count - 1))] }
        mutating func chance(_ percent: Int) -> Bool { int(0...99) < percent }
    }

    private static let givenNames = ["Ada", "Bo", "Cleo", "Dag", "Eli", "Fenna", "Gus", "Hedda", "Ivo", "Juno", "Kai", "Liv"]
    private static let familyNames = ["Aalto", "Berg", "Costa", "Dahl", "Eklund", "Ferro", "Grau", "Holm", "Ilves", "Jansen"]
    private static let countries = ["NO", "SE", "DK", "FI", "DE", "NL", "PL", "IT", "ES", "FR", "RO", "LT"]
    private static let cities = ["Bergen", "Lund", "Aarhus", "Turku", "Kiel", "Delft", "Gdansk", "Parma", "Vigo", "Lyon"]
    private static let words = [
        "report", "received", "from", "school", "staff", "concerning", "the", "child", "who", "was", "seen", "near",
        "station", "with", "an", "adult", "not", "known", "to", "services", "follow", "up", "visit", "planned",
    ]

    private static func uuid(_ g: inout SplitMix64) -> String {
        let hex = Array("0123456789abcdef")
        var text = ""
        for position in 0..<32 {
            if [8, 12, 16, 20].contains(position) { text.append("-") }
            text.append(hex[Int(g.next() & 15)])
        }
        return text
    }

    private static func date(_ g: inout SplitMix64, years: ClosedRange<Int>) -> String {
        let month = g.int(1...12)
        let day = g.int(1...28)
        return "\(g.int(years))-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)"
    }

    private static func text(_ g: inout SplitMix64, words count: Int) -> String {
        (0..<count).map { _ in g.pick(words) }.joined(separator: " ")
    }

    private static func quoted(_ value: String) -> String { "\"" + value + "\"" }

    private static func name(_ g: inout SplitMix64) -> String {
        var fields = ["\"given\":\(quoted(g.pick(givenNames)))", "\"family\":\(quoted(g.pick(familyNames)))"]
        if g.chance(20) { fields.append("\"aliases\":[\(quoted(g.pick(givenNames) + " " + g.pick(familyNames)))]") }
        return "{" + fields.joined(separator: ",") + "}"
    }

    private static func person(_ g: inout SplitMix64, id: String) -> String {
        var fields = [
            "\"personId\":\(quoted(id))",
            "\"role\":\(quoted(g.pick(["victim", "suspect", "witness", "parent", "guardian", "sibling", "caseworker"])))",
            "\"name\":\(name(&g))",
        ]
        if g.chance(80) { fields.append("\"birthDate\":\(quoted(date(&g, years: 1950...2020)))") }
        if g.chance(30) { fields.append("\"presumedMinor\":\(g.chance(50))") }
        if g.chance(70) { fields.append("\"gender\":\(quoted(g.pick(["female", "male", "other", "unknown"])))") }
        if g.chance(60) {
            let first = g.pick(countries)
            let second = g.pick(countries.filter { $0 != first })
            fields.append("\"nationalities\":[\(quoted(first))\(g.chance(30) ? "," + quoted(second) : "")]")
        }
        if g.chance(50) { fields.append("\"languages\":[\(quoted(g.pick(["no", "sv", "de", "pl", "ar", "fa"])))]") }
        if g.chance(60) {
            fields.append(
                "\"address\":{\"street\":\"\(g.int(1...200)) \(g.pick(familyNames))gata\",\"postalCode\":\"\(g.int(1000...99999))\",\"city\":\(quoted(g.pick(cities))),\"country\":\(quoted(g.pick(countries)))}"
            )
        }
        if g.chance(40) { fields.append("\"phone\":\"+47\(g.int(10_000_000...99_999_999))\"") }
        if g.chance(30) { fields.append("\"email\":\"\(g.pick(givenNames).lowercased())\(g.int(1...99))@example.org\"") }
        if g.chance(40) {
            fields.append(
                "\"identifiers\":[{\"scheme\":\(quoted(g.pick(["passport", "national-id", "residence-permit"]))),\"value\":\"X\(g.int(100_000...999_999))\",\"issuer\":\(quoted(g.pick(countries)))}]"
            )
        }
        return "{" + fields.joined(separator: ",") + "}"
    }

    private static func event(_ g: inout SplitMix64, participants: [String]) -> String {
        var fields = [
            "\"eventId\":\(quoted(uuid(&g)))",
            "\"type\":\(quoted(g.pick(["report", "interview", "placement", "transfer", "hearing", "decision", "contact"])))",
            "\"date\":\(quoted(date(&g, years: 2020...2026)))",
        ]
        if g.chance(50) { fields.append("\"place\":\(g.int(0...5))") }
        if g.chance(80) { fields.append("\"description\":\(quoted(text(&g, words: g.int(8...60))))") }
        if !participants.isEmpty && g.chance(70) {
            fields.append("\"participants\":[\(participants.prefix(g.int(1...3)).map(quoted).joined(separator: ","))]")
        }
        return "{" + fields.joined(separator: ",") + "}"
    }

    /// One record; `index % 10 == 9` records carry one deliberate violation.
    static func record(_ index: Int, _ g: inout SplitMix64) -> String {
        let personIds = (0..<g.int(2...8)).map { _ in uuid(&g) }
        let persons = personIds.map { person(&g, id: $0) }
        let events = (0..<g.int(2...9)).map { _ in event(&g, participants: personIds) }
        let year = g.int(2020...2026)
        var fields = [
            "\"caseId\":\"\(g.pick(countries))-\(year)-\(g.int(100_000...999_999))\"",
            "\"version\":\(g.int(1...9))",
            "\"createdAt\":\"\(date(&g, years: 2020...2025))T\(g.int(10...23)):\(g.int(10...59)):\(g.int(10...59))Z\"",
            "\"status\":\(quoted(g.pick(["open", "under-review", "referred", "closed", "archived"])))",
            "\"priority\":\(quoted(g.pick(["low", "normal", "high", "urgent"])))",
            "\"jurisdiction\":\(quoted(g.pick(countries)))",
            "\"sendingAuthority\":{\"code\":\"\(g.pick(countries))-CA-\(g.int(100...999))\",\"country\":\(quoted(g.pick(countries))),\"name\":\"Central Authority\",\"contact\":\"desk@ca.example.org\"}",
            "\"subject\":{\"personId\":\(quoted(uuid(&g))),\"name\":\(name(&g)),\"birthDate\":\(quoted(date(&g, years: 2008...2024))),\"ageBand\":\(quoted(g.pick(["0-5", "6-11", "12-15", "16-17"]))),\"placement\":\(quoted(g.pick(["family", "foster-care", "institution", "unaccompanied", "unknown"]))),\"needs\":[\(quoted(text(&g, words: 6)))]}",
            "\"persons\":[\(persons.joined(separator: ","))]",
            "\"events\":[\(events.joined(separator: ","))]",
        ]
        if g.chance(60) {
            fields.append(
                "\"receivingAuthority\":{\"code\":\"\(g.pick(countries))-CA-\(g.int(100...999))\",\"country\":\(quoted(g.pick(countries)))}"
            )
        }
        if g.chance(50) {
            let places = (0..<g.int(1...4)).map { _ in
                "{\"country\":\(quoted(g.pick(countries))),\"city\":\(quoted(g.pick(cities))),\"latitude\":\(g.int(-89...89)).\(g.int(1000...9999)),\"longitude\":\(g.int(-179...179)).\(g.int(1000...9999))}"
            }
            fields.append("\"places\":[\(places.joined(separator: ","))]")
        }
        if g.chance(50) { fields.append("\"handlingCode\":\(quoted(g.pick(["H0", "H1", "H2", "H3"])))") }
        if g.chance(40) {
            fields.append("\"sourceEvaluation\":\(quoted(g.pick(["A", "B", "C", "D", "E", "X"])))")
            fields.append("\"informationEvaluation\":\(g.int(1...4))")
        }
        if g.chance(60) {
            let tags = Array(Set((0..<g.int(1...5)).map { _ in g.pick(words) })).sorted()
            fields.append("\"tags\":[\(tags.map(quoted).joined(separator: ","))]")
        }
        if g.chance(50) { fields.append("\"riskScore\":\(g.int(0...199) / 2)\(g.chance(50) ? ".5" : "")") }
        if g.chance(70) { fields.append("\"summary\":\(quoted(text(&g, words: g.int(20...200))))") }
        if g.chance(30) { fields.append("\"relatedCases\":[\(quoted(uuid(&g)))]") }
        if g.chance(50) { fields.append("\"consentGiven\":\(g.chance(50))") }
        if g.chance(40) { fields.append("\"deadline\":\(quoted(date(&g, years: 2025...2027)))") }
        if index % 10 == 9 {
            switch g.int(0...5) {
            case 0: fields[0] = "\"caseId\":\"no-such-format\""
            case 1: fields.append("\"unexpected\":true")
            case 2: fields[3] = "\"status\":\"reopened\""
            case 3:
                fields.removeAll { $0.hasPrefix("\"riskScore\"") }
                fields.append("\"riskScore\":250")
            case 4: fields[8] = "\"persons\":[]"
            default: fields[1] = "\"version\":0"
            }
        }
        var record = "{" + fields.joined(separator: ",") + "}"
        if record.utf8.count < 2048 {
            // Keep every record at 2 KB or more with a longer free-text summary.
            fields.removeAll { $0.hasPrefix("\"summary\"") }
            let base = fields.joined(separator: ",").utf8.count
            var summary = text(&g, words: 40)
            while base + summary.utf8.count < 2100 { summary += " " + g.pick(words) }
            fields.append("\"summary\":\(quoted(summary))")
            record = "{" + fields.joined(separator: ",") + "}"
        }
        return record
    }
}
