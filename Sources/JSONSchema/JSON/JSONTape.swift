import Foundation

/// A JSON document as one flat array of fixed-size entries, the form the validator reads.
///
/// Each value is one ``Entry`` in document order; an array or object entry is followed by its
/// contents (an object's members as key entry, value entries) and records where they end, so a
/// value is skipped in one step. Strings are not copied: an entry names a byte range of the source
/// (or, for strings with escapes and for tapes encoded from a ``JSONValue``, of the tape's own
/// byte buffer). Numbers with at most 19 significant digits and an exponent that fits in 32 bits are
/// held inline in normalised form (no leading or trailing zeros, as ``JSONNumber``), larger ones as
/// ``JSONNumber``s on the side, so two equal numbers always have the same form.
///
/// Building a tape allocates a handful of buffers, where a ``JSONValue`` tree allocates for every
/// array, object and long string; reading one needs no reference counting. A tape is immutable
/// once built.
final class JSONTape: @unchecked Sendable {
    // @unchecked: the buffers are written only while the tape is built (by its reader or encoder,
    // before the tape is handed out) and are read-only afterwards.

    /// The kind of a value.
    enum Kind: UInt8 {
        case null, `false`, `true`, number, bigNumber, string, array, object
    }

    /// One value: 16 bytes.
    ///
    /// - null, false, true: only the kind.
    /// - number: `payload` is the significand, `length` the exponent (as `Int32` bits), ``negativeFlag`` the sign.
    /// - bigNumber: `payload` is the index in ``numbers``.
    /// - string: `payload` is the byte offset and `length` the UTF-8 length, in the source or, with
    ///   ``sideFlag``, in the tape's own bytes.
    /// - array, object: `payload` is the index just after the last entry inside, `length` the number of
    ///   elements or members.
    struct Entry {
        var header: UInt32
        var length: UInt32
        var payload: UInt64

        // The kinds are numbered 0...7 in declaration order, so the byte is the case's own representation.
        @inline(__always) var kind: Kind { unsafeBitCast(UInt8(truncatingIfNeeded: header), to: Kind.self) }
        @inline(__always) var rawKind: UInt8 { UInt8(truncatingIfNeeded: header) }
    }

    /// The sign of a number entry.
    static let negativeFlag: UInt32 = 1 << 8
    /// A string entry whose bytes are in the tape's own buffer.
    static let sideFlag: UInt32 = 1 << 9

    private(set) var entries: UnsafeMutablePointer<Entry>
    /// The number of entries.
    private(set) var count = 0
    private var capacity: Int
    /// The document the string entries without ``sideFlag`` point into.
    let source: UnsafePointer<UInt8>?
    private let ownsSource: Bool
    /// The tape whose source this one shares (see ``init(sharingSourceOf:)``), kept alive with it.
    private let sourceOwner: JSONTape?
    /// Bytes of strings that are not in the source as they are.
    private(set) var side: UnsafeMutablePointer<UInt8>?
    private var sideCount = 0
    private var sideCapacity = 0
    /// Numbers too large for an inline entry.
    private var numbers: UnsafeMutablePointer<JSONNumber>?
    private var numberCount = 0
    private var numberCapacity = 0

    /// Makes an empty tape over `source`.
    /// - Parameters:
    ///   - source: the document's bytes; string entries will point into it.
    ///   - copySource: whether the tape keeps its own copy (otherwise the caller keeps `source` alive and
    ///     unchanged as long as the tape is used).
    ///   - expectedEntries: room to reserve.
    ///   - expectedSideBytes: room to reserve for strings kept in the tape's own buffer.
    init(source: UnsafeBufferPointer<UInt8>, copySource: Bool, expectedEntries: Int, expectedSideBytes: Int = 0) {
        if copySource, source.count > 0 {
            let copy = UnsafeMutablePointer<UInt8>.allocate(capacity: source.count)
            copy.initialize(from: source.baseAddress!, count: source.count)
            self.source = UnsafePointer(copy)
            ownsSource = true
        } else {
            self.source = source.baseAddress
            ownsSource = false
        }
        sourceOwner = nil
        capacity = Swift.max(expectedEntries, 4)
        entries = .allocate(capacity: capacity)
        if expectedSideBytes > 0 {
            side = .allocate(capacity: expectedSideBytes)
            sideCapacity = expectedSideBytes
        }
    }

    /// Makes an empty tape whose string entries may point into the source of `other`, so that
    /// ``appendCopy(of:from:)`` copies `other`'s values without copying their strings.
    init(sharingSourceOf other: JSONTape, expectedEntries: Int) {
        source = other.source
        ownsSource = false
        sourceOwner = other
        capacity = Swift.max(expectedEntries, 4)
        entries = .allocate(capacity: capacity)
        sideCapacity = 1024
        side = .allocate(capacity: sideCapacity)
    }

    deinit {
        entries.deallocate()
        side?.deallocate()
        numbers?.deinitialize(count: numberCount)
        numbers?.deallocate()
        if ownsSource, let source { UnsafeMutablePointer(mutating: source).deallocate() }
    }

    // MARK: - Building

    /// Appends an entry and returns its index.
    @inline(__always)
    @discardableResult
    func append(_ entry: Entry) -> Int {
        if count == capacity { grow() }
        (entries + count).initialize(to: entry)
        count &+= 1
        return count &- 1
    }

    /// Removes the entries from `index` on (their side bytes stay, unused).
    func truncate(to index: Int) {
        count = index
    }

    /// Appends the value at `index` of `other`, everything inside it included, as one block of entries.
    ///
    /// `other` must share this tape's source (``init(sharingSourceOf:)``): strings of the source keep their
    /// offsets, strings of `other`'s own buffer and big numbers are copied.
    func appendCopy(of index: Int, from other: JSONTape) {
        precondition(other.source == source, "copying from a tape over another source")
        let view = other.view
        let end = view.next(after: index)
        let shift = count - index
        if count + (end - index) > capacity { grow(toAtLeast: count + (end - index)) }
        for position in index..<end {
            var entry = view.entries[position]
            switch entry.kind {
            case .array, .object:
                entry.payload = UInt64(Int(entry.payload) + shift)
            case .string where entry.header & Self.sideFlag != 0:
                entry.payload = UInt64(appendSide(view.utf8(at: position)))
            case .bigNumber:
                entry.payload = UInt64(appendNumber(view.number(at: position)))
            default:
                break
            }
            (entries + count).initialize(to: entry)
            count &+= 1
        }
    }

    /// Sets the end and count of the container whose entry is at `index`, now that its contents are in.
    @inline(__always)
    func close(_ index: Int, count members: Int) {
        entries[index].payload = UInt64(count)
        entries[index].length = UInt32(truncatingIfNeeded: members)
    }

    /// Copies `bytes` into the tape's own buffer and returns their offset there.
    @inline(__always)
    func appendSide(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        let offset = sideCount
        if sideCount + bytes.count <= sideCapacity, let side, let base = bytes.baseAddress {
            // Most strings are short: a loop costs less than a call to memcpy.
            if bytes.count <= 16 {
                for index in 0..<bytes.count { side[sideCount &+ index] = base[index] }
            } else {
                (side + sideCount).initialize(from: base, count: bytes.count)
            }
            sideCount &+= bytes.count
            return offset
        }
        return appendSideGrowing(bytes)
    }

    private func appendSideGrowing(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        let offset = sideCount
        if sideCount + bytes.count > sideCapacity {
            let larger = Swift.max(sideCapacity * 2, sideCount + bytes.count, 64)
            let storage = UnsafeMutablePointer<UInt8>.allocate(capacity: larger)
            if let side {
                storage.moveInitialize(from: side, count: sideCount)
                side.deallocate()
            }
            side = storage
            sideCapacity = larger
        }
        if let base = bytes.baseAddress, let side { (side + sideCount).initialize(from: base, count: bytes.count) }
        sideCount += bytes.count
        return offset
    }

    /// Keeps `number` on the side and returns its index.
    func appendNumber(_ number: JSONNumber) -> Int {
        if numberCount == numberCapacity {
            let larger = Swift.max(numberCapacity * 2, 4)
            let storage = UnsafeMutablePointer<JSONNumber>.allocate(capacity: larger)
            if let numbers {
                storage.moveInitialize(from: numbers, count: numberCount)
                numbers.deallocate()
            }
            numbers = storage
            numberCapacity = larger
        }
        (numbers! + numberCount).initialize(to: number)
        numberCount += 1
        return numberCount - 1
    }

    /// The tape's contents as raw pointers, for reading; valid while the tape is alive and until the next
    /// entry, string or number is added.
    var view: JSONTapeView {
        JSONTapeView(
            entries: UnsafePointer(entries), source: source, side: side.map { UnsafePointer($0) },
            numbers: numbers.map { UnsafePointer($0) })
    }

    private func grow(toAtLeast minimum: Int = 0) {
        let larger = Swift.max(capacity * 2, minimum)
        let storage = UnsafeMutablePointer<Entry>.allocate(capacity: larger)
        storage.moveInitialize(from: entries, count: count)
        entries.deallocate()
        entries = storage
        capacity = larger
    }

    // MARK: - Helpers

    /// Whether two byte ranges are equal.
    @inline(__always)
    static func bytesEqual(_ lhs: UnsafeBufferPointer<UInt8>, _ rhs: UnsafeBufferPointer<UInt8>) -> Bool {
        lhs.count == rhs.count && (lhs.count == 0 || memcmp(lhs.baseAddress!, rhs.baseAddress!, lhs.count) == 0)
    }

    /// A `String` of valid UTF-8 bytes.
    @inline(__always)
    static func makeString(_ utf8: UnsafeBufferPointer<UInt8>) -> String {
        if utf8.count <= 15 {
            // Strings this short are stored inline; this initialiser checks an ASCII one with a single
            // bit test instead of running the full UTF-8 validation again.
            return String(unsafeUninitializedCapacity: utf8.count) { buffer in
                if let base = utf8.baseAddress { buffer.baseAddress!.initialize(from: base, count: utf8.count) }
                return utf8.count
            }
        }
        return String(decoding: utf8, as: UTF8.self)
    }
}

/// A read-only view of a ``JSONTape`` as plain pointers, which the validator passes around and reads without
/// any reference counting. Valid only while its tape is alive.
struct JSONTapeView {
    typealias Entry = JSONTape.Entry
    typealias Kind = JSONTape.Kind

    let entries: UnsafePointer<Entry>
    let source: UnsafePointer<UInt8>?
    let side: UnsafePointer<UInt8>?
    let numbers: UnsafePointer<JSONNumber>?

    /// The entry at `index`.
    @inline(__always)
    subscript(index: Int) -> Entry { entries[index] }

    /// The kind of the value at `index`.
    @inline(__always)
    func kind(at index: Int) -> Kind { entries[index].kind }

    /// The index just after the value at `index` and everything inside it.
    @inline(__always)
    func next(after index: Int) -> Int {
        let entry = entries[index]
        return entry.rawKind >= Kind.array.rawValue ? Int(truncatingIfNeeded: entry.payload) : index &+ 1
    }

    /// The index just after the last entry inside the array or object at `index`.
    @inline(__always)
    func end(of index: Int) -> Int { Int(truncatingIfNeeded: entries[index].payload) }

    /// The number of elements or members of the array or object at `index`.
    @inline(__always)
    func containerCount(at index: Int) -> Int { Int(entries[index].length) }

    /// The UTF-8 bytes of the string (or key) at `index`.
    @inline(__always)
    func utf8(at index: Int) -> UnsafeBufferPointer<UInt8> {
        let entry = entries[index]
        let base = entry.header & JSONTape.sideFlag != 0 ? side : source
        return UnsafeBufferPointer(
            start: base.map { $0 + Int(truncatingIfNeeded: entry.payload) }, count: Int(entry.length))
    }

    /// The string (or key) at `index`.
    func string(at index: Int) -> String {
        JSONTape.makeString(utf8(at: index))
    }

    /// The number at `index` as a ``JSONNumber``.
    func number(at index: Int) -> JSONNumber {
        let entry = entries[index]
        if entry.kind == .bigNumber { return numbers![Int(entry.payload)] }
        if entry.payload == 0 { return JSONNumber(normalisedNegative: false, significand: "0", exponent: 0) }
        return JSONNumber(
            normalisedNegative: entry.header & JSONTape.negativeFlag != 0, significand: String(entry.payload),
            exponent: Int(Int32(bitPattern: entry.length)))
    }

    /// The inline parts of the number at `index`, or `nil` for a big number.
    @inline(__always)
    func inlineNumber(at index: Int) -> (negative: Bool, significand: UInt64, exponent: Int)? {
        let entry = entries[index]
        guard entry.rawKind == Kind.number.rawValue else { return nil }
        return (entry.header & JSONTape.negativeFlag != 0, entry.payload, Int(Int32(bitPattern: entry.length)))
    }

    /// Whether the number at `index` is a whole number.
    @inline(__always)
    func isInteger(at index: Int) -> Bool {
        let entry = entries[index]
        if entry.rawKind == Kind.number.rawValue { return Int32(bitPattern: entry.length) >= 0 }
        return numbers![Int(entry.payload)].isInteger
    }

    /// The index of the value of member `name` in the object at `index`, if it has one.
    func member(_ name: UnsafeBufferPointer<UInt8>, in index: Int) -> Int? {
        let end = self.end(of: index)
        var key = index &+ 1
        while key < end {
            if JSONTape.bytesEqual(utf8(at: key), name) { return key &+ 1 }
            key = next(after: key &+ 1)
        }
        return nil
    }

    /// The index of the value of member `name` in the object at `index`, if it has one.
    func member(_ name: String, in index: Int) -> Int? {
        var name = name
        return name.withUTF8 { member($0, in: index) }
    }

    /// Whether the values at `lhs` and `rhs` are equal as JSON (as ``JSONValue``'s `==`: numbers by value,
    /// objects whatever their member order, strings by their bytes).
    func equal(_ lhs: Int, _ rhs: Int) -> Bool {
        let left = entries[lhs]
        let right = entries[rhs]
        guard left.rawKind == right.rawKind else { return false }
        switch left.kind {
        case .null, .false, .true:
            return true
        case .number:
            // Inline numbers are normalised, so equal values have equal entries.
            return left.header == right.header && left.length == right.length && left.payload == right.payload
        case .bigNumber:
            return number(at: lhs) == number(at: rhs)
        case .string:
            return JSONTape.bytesEqual(utf8(at: lhs), utf8(at: rhs))
        case .array:
            guard left.length == right.length else { return false }
            var a = lhs &+ 1
            var b = rhs &+ 1
            let end = self.end(of: lhs)
            while a < end {
                if !equal(a, b) { return false }
                a = next(after: a)
                b = next(after: b)
            }
            return true
        case .object:
            guard left.length == right.length else { return false }
            var key = lhs &+ 1
            let end = self.end(of: lhs)
            while key < end {
                guard let other = member(utf8(at: key), in: rhs), equal(key &+ 1, other) else { return false }
                key = next(after: key &+ 1)
            }
            return true
        }
    }
}
