import Foundation

/// Property-name lookup for `properties`, comparing exact UTF-8 bytes as JSON does.
///
/// Each name is summarised by its length and first eight bytes in one word pair, so a lookup is a
/// scan of small integers that compares bytes only for the candidate that matches (names longer
/// than eight bytes). This beats hashing the key for the few dozen names a schema usually lists;
/// tables larger than ``hashThreshold`` use a dictionary instead.
struct PropertyTable: Sendable {
    private let names: [[UInt8]]
    /// Each name's first eight bytes and length, side by side for the scan.
    private let summaries: [(prefix: UInt64, length: Int)]
    private let schemas: [SchemaNode]
    /// ``schemas`` without ownership, for ``withSchema(at:_:)``.
    private let schemaReferences: [Unmanaged<SchemaNode>]
    private let index: [JSONStringKey: Int]?

    /// Tables with more names than this look keys up by hashing.
    static let hashThreshold = 64

    init(_ entries: [(name: String, schema: SchemaNode)]) {
        names = entries.map { Array($0.name.utf8) }
        summaries = names.map { name in (prefix: name.withUnsafeBufferPointer(Self.prefix), length: name.count) }
        schemas = entries.map(\.schema)
        schemaReferences = schemas.map { Unmanaged.passUnretained($0) }
        var index: [JSONStringKey: Int]?
        if entries.count > Self.hashThreshold {
            var table = [JSONStringKey: Int](minimumCapacity: entries.count)
            for (position, entry) in entries.enumerated() { table[JSONStringKey(entry.name)] = position }
            index = table
        }
        self.index = index
    }

    /// The first eight bytes of `utf8` (fewer, zero-padded, when it is shorter) as one word.
    @inline(__always)
    static func prefix(_ utf8: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var word: UInt64 = 0
        withUnsafeMutableBytes(of: &word) { target in
            target.copyMemory(from: UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(utf8).prefix(8)))
        }
        return word
    }

    /// The schema for property `name`, if the table has one.
    @inline(__always)
    func schema(for name: String) -> SchemaNode? {
        position(of: name).map { schemas[$0] }
    }

    /// The schema at a position returned by ``position(of:)``.
    @inline(__always)
    func schema(at position: Int) -> SchemaNode { schemas[position] }

    /// Calls `body` with the schema at `position`, borrowed without retaining it (``schemas`` owns it).
    @inline(__always)
    func withSchema<Result>(at position: Int, _ body: (SchemaNode) -> Result) -> Result {
        schemaReferences[position]._withUnsafeGuaranteedRef(body)
    }

    /// The position of property `name` in the table (the order given at creation), if present.
    /// - Parameters:
    ///   - name: the property name.
    ///   - hint: where to start looking; instances usually list properties in the schema's order, so
    ///     passing the position after the previous match usually finds the next one first.
    @inline(__always)
    func position(of name: String, hint: Int = 0) -> Int? {
        if let index { return index[JSONStringKey(name)] }
        if let found = name.utf8.withContiguousStorageIfAvailable({ position(ofUTF8: $0, hint: hint) }) {
            return found
        }
        return Array(name.utf8).withUnsafeBufferPointer { position(ofUTF8: $0, hint: hint) }
    }

    /// The position of the property whose name has the bytes `key`, if present, looking from `hint` on
    /// and then from the start.
    func position(ofUTF8 key: UnsafeBufferPointer<UInt8>, hint: Int) -> Int? {
        let length = key.count
        let prefix = Self.prefix(key)
        return summaries.withUnsafeBufferPointer { entries in
            let count = entries.count
            var position = hint < count && hint >= 0 ? hint : 0
            for _ in 0..<count {
                let entry = entries[position]
                if entry.prefix == prefix && entry.length == length {
                    if length <= 8 { return position }
                    let equal = names[position].withUnsafeBufferPointer { name in
                        memcmp(name.baseAddress! + 8, key.baseAddress! + 8, length - 8) == 0
                    }
                    if equal { return position }
                }
                position += 1
                if position == count { position = 0 }
            }
            return nil
        }
    }
}
