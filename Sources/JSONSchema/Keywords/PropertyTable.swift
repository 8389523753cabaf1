import Foundation

/// Property-name lookup for `properties`, comparing exact UTF-8 bytes as JSON does.
///
/// Small tables (the usual case) are searched linearly by length and bytes, which beats hashing
/// a key for a handful of names; larger ones use a dictionary.
struct PropertyTable: Sendable {
    private let names: [[UInt8]]
    private let schemas: [SchemaNode]
    private let index: [JSONStringKey: Int]?

    init(_ entries: [(name: String, schema: SchemaNode)]) {
        names = entries.map { Array($0.name.utf8) }
        schemas = entries.map(\.schema)
        var index: [JSONStringKey: Int]?
        if entries.count > 12 {
            var table = [JSONStringKey: Int](minimumCapacity: entries.count)
            for (position, entry) in entries.enumerated() { table[JSONStringKey(entry.name)] = position }
            index = table
        }
        self.index = index
    }

    /// The schema for property `name`, if the table has one.
    @inline(__always)
    func schema(for name: String) -> SchemaNode? {
        position(of: name).map { schemas[$0] }
    }

    /// The schema at a position returned by ``position(of:)``.
    @inline(__always)
    func schema(at position: Int) -> SchemaNode { schemas[position] }

    /// The position of property `name` in the table (the order given at creation), if present.
    @inline(__always)
    func position(of name: String) -> Int? {
        if let index { return index[JSONStringKey(name)] }
        let utf8 = name.utf8
        let length = utf8.count
        let position: Int?? = utf8.withContiguousStorageIfAvailable { key in
            for position in names.indices where names[position].count == length {
                if names[position].withUnsafeBufferPointer({ memcmp($0.baseAddress!, key.baseAddress!, length) == 0 }) {
                    return position
                }
            }
            return nil
        }
        if let position { return position }
        return names.firstIndex { $0.elementsEqual(utf8) }
    }
}
