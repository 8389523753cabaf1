import Foundation

/// Property-name lookup for `properties`, comparing exact UTF-8 bytes as JSON does.
///
/// Each name is summarised by its length and first eight bytes in one word pair, so a lookup is a
/// scan of small integers that compares bytes only for the candidate that matches (names longer
/// than eight bytes). This beats hashing the key for the few dozen names a schema usually lists;
/// tables larger than ``hashThreshold`` hash the key's bytes instead.
struct PropertyTable: Sendable {
    private let names: [[UInt8]]
    /// Each name's first eight bytes and length, side by side for the scan.
    private let summaries: [(prefix: UInt64, length: Int)]
    private let schemas: [SchemaNode]
    /// ``schemas`` without ownership, for ``withSchema(at:_:)``.
    private let schemaReferences: [Unmanaged<SchemaNode>]
    /// For large tables, an open-addressing hash table of positions + 1 (0 marks an empty slot).
    private let slots: [Int]?

    /// Tables with more names than this look keys up by hashing.
    static let hashThreshold = 64

    init(_ entries: [(name: String, schema: SchemaNode)]) {
        names = entries.map { Array($0.name.utf8) }
        summaries = names.map { name in (prefix: name.withUnsafeBufferPointer(Self.prefix), length: name.count) }
        schemas = entries.map(\.schema)
        schemaReferences = schemas.map { Unmanaged.passUnretained($0) }
        guard entries.count > Self.hashThreshold else {
            slots = nil
            return
        }
        var size = 1
        while size < 2 * entries.count { size <<= 1 }
        var table = [Int](repeating: 0, count: size)
        for (position, name) in names.enumerated() {
            var slot = name.withUnsafeBufferPointer(Self.hash) & (size - 1)
            while table[slot] != 0 { slot = (slot + 1) & (size - 1) }
            table[slot] = position + 1
        }
        slots = table
    }

    /// The first eight bytes of `utf8` (fewer, zero-padded, when it is shorter) as one word. Names are only
    /// compared with keys of the same length, so the two ways of reading the word never meet.
    @inline(__always)
    static func prefix(_ utf8: UnsafeBufferPointer<UInt8>) -> UInt64 {
        guard let base = utf8.baseAddress else { return 0 }
        if utf8.count >= 8 { return UnsafeRawPointer(base).loadUnaligned(as: UInt64.self) }
        var word: UInt64 = 0
        for index in 0..<utf8.count { word |= UInt64(base[index]) << UInt64(8 * index) }
        return word
    }

    private static func hash(_ utf8: UnsafeBufferPointer<UInt8>) -> Int {
        var hasher = Hasher()
        hasher.combine(bytes: UnsafeRawBufferPointer(utf8))
        return hasher.finalize()
    }

    /// Calls `body` with the schema at `position`, borrowed without retaining it (``schemas`` owns it).
    @inline(__always)
    func withSchema<Result>(at position: Int, _ body: (SchemaNode) -> Result) -> Result {
        schemaReferences[position]._withUnsafeGuaranteedRef(body)
    }

    /// The position of the property whose name has the bytes `key`, if present, in the order given at
    /// creation.
    /// - Parameters:
    ///   - key: the name's UTF-8 bytes.
    ///   - hint: where to start looking; instances usually list properties in the schema's order, so
    ///     passing the position after the previous match usually finds the next one first.
    func position(ofUTF8 key: UnsafeBufferPointer<UInt8>, hint: Int) -> Int? {
        if let slots { return hashedPosition(of: key, slots) }
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

    private func hashedPosition(of key: UnsafeBufferPointer<UInt8>, _ slots: [Int]) -> Int? {
        let mask = slots.count - 1
        var slot = Self.hash(key) & mask
        while slots[slot] != 0 {
            let position = slots[slot] - 1
            let equal = names[position].withUnsafeBufferPointer { JSONTape.bytesEqual($0, key) }
            if equal { return position }
            slot = (slot + 1) & mask
        }
        return nil
    }
}
