/// A JSON object that remembers the order its keys were first inserted in.
///
/// Two objects are equal when they hold the same members, whatever their order. Keys are
/// compared by their exact Unicode scalars, as JSON does, not by Swift's canonical equivalence.
public struct JSONObject: Sendable, Hashable, Sequence {
    /// One key and its value.
    package struct Member: Sendable {
        /// The key.
        package var key: String
        /// The value.
        package var value: JSONValue

        /// Makes a member.
        package init(key: String, value: JSONValue) {
            self.key = key
            self.value = value
        }
    }

    /// The members in insertion order, in one allocation.
    private var members: [Member] = []
    /// The position of each key, kept only for objects with more than ``indexThreshold`` members;
    /// smaller objects are searched linearly, which is faster than hashing for them.
    private var index: [JSONStringKey: Int]?

    /// Objects with more members than this keep a hash index of their keys.
    static let indexThreshold = 32

    /// An empty object.
    public init() {}

    /// Makes an object from members whose keys are known to be distinct, without checking them.
    /// - Parameter distinctMembers: the members in order, no two keys equal.
    package init(distinctMembers: [Member]) {
        self.init(distinctMembers: distinctMembers, index: nil)
    }

    /// Makes an object from members whose keys are known to be distinct.
    /// - Parameters:
    ///   - distinctMembers: the members in order, no two keys equal.
    ///   - index: the position of every key, when the caller already built it.
    init(distinctMembers: [Member], index: [JSONStringKey: Int]?) {
        self.members = distinctMembers
        if distinctMembers.count > Self.indexThreshold {
            self.index = index ?? Self.makeIndex(distinctMembers)
        }
    }

    /// The keys in insertion order (built on each call; iterate the object to visit members).
    public var keys: [String] { members.map(\.key) }

    /// The members in insertion order, as stored (no copy of the storage).
    package var memberList: [Member] { members }

    /// The number of members.
    public var count: Int { members.count }

    /// Whether the object has no members.
    public var isEmpty: Bool { members.isEmpty }

    /// The value of `key`, or `nil`. Setting `nil` removes the member.
    public subscript(key: String) -> JSONValue? {
        get { position(of: key).map { members[$0].value } }
        set {
            if let position = position(of: key) {
                if let newValue {
                    members[position].value = newValue
                } else {
                    members.remove(at: position)
                    index = members.count > Self.indexThreshold ? Self.makeIndex(members) : nil
                }
            } else if let newValue {
                members.append(Member(key: key, value: newValue))
                if index != nil {
                    index?[JSONStringKey(key)] = members.count - 1
                } else if members.count > Self.indexThreshold {
                    index = Self.makeIndex(members)
                }
            }
        }
    }

    /// Calls `body` with the members in insertion order, read in place without copying the object.
    @inline(__always)
    func withMembers<Result>(_ body: (UnsafeBufferPointer<Member>) -> Result) -> Result {
        members.withUnsafeBufferPointer(body)
    }

    /// Whether `key` is a member.
    public func contains(_ key: String) -> Bool { position(of: key) != nil }

    /// The members in insertion order.
    public func makeIterator() -> some IteratorProtocol<(key: String, value: JSONValue)> {
        MemberIterator(members: members)
    }

    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.count == rhs.count else { return false }
        for member in lhs.members {
            guard let other = rhs[member.key], other == member.value else { return false }
        }
        return true
    }

    public func hash(into hasher: inout Hasher) {
        // Combine the members' hashes in an order-independent way, as equality ignores order.
        var combined = 0
        for member in members {
            var memberHasher = Hasher()
            JSONStringKey.hashUTF8(member.key, into: &memberHasher)
            memberHasher.combine(member.value)
            combined ^= memberHasher.finalize()
        }
        hasher.combine(count)
        hasher.combine(combined)
    }

    private func position(of key: String) -> Int? {
        if let index { return index[JSONStringKey(key)] }
        return members.firstIndex { JSONStringKey.utf8Equal($0.key, key) }
    }

    private static func makeIndex(_ members: [Member]) -> [JSONStringKey: Int] {
        var index = [JSONStringKey: Int](minimumCapacity: members.count)
        for (position, member) in members.enumerated() { index[JSONStringKey(member.key)] = position }
        return index
    }

    private struct MemberIterator: IteratorProtocol {
        let members: [Member]
        var position = 0

        mutating func next() -> (key: String, value: JSONValue)? {
            guard position < members.count else { return nil }
            defer { position += 1 }
            return (key: members[position].key, value: members[position].value)
        }
    }
}
