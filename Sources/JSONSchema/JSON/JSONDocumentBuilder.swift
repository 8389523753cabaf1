/// Builds a ``JSONDocument`` value by value, copying whole subtrees of another document in one step.
///
/// A caller that derives one record from another (the pseudonymiser) describes the result while it builds
/// it: containers, keys and new values are appended, and values passed on unchanged are copied from the
/// source document as blocks of entries, without encoding them again. Objects and arrays are appended in
/// document order: ``beginContainer(object:)``, then the members (key, value) or elements, then
/// ``endContainer(_:count:)``.
package final class JSONDocumentBuilder {
    private let source: JSONDocument
    private let tape: JSONTape

    /// Makes an empty builder whose copies come from `source`.
    /// - Parameter source: the document ``appendCopy(ofValueAt:)`` copies from.
    package init(copyingFrom source: JSONDocument) {
        self.source = source
        tape = JSONTape(sharingSourceOf: source.tape, expectedEntries: 256)
    }

    /// The number of entries appended so far; a mark for ``truncate(to:)``.
    package var count: Int { tape.count }

    /// Appends `value`.
    package func append(_ value: JSONValue) {
        tape.encode(value)
    }

    /// Appends an object key; its value comes next.
    package func appendKey(_ key: String) {
        tape.encode(key)
    }

    /// Appends a copy of the value at `index` of the source document.
    package func appendCopy(ofValueAt index: Int) {
        tape.appendCopy(of: index, from: source.tape)
    }

    /// Opens an object or an array and returns its mark for ``endContainer(_:count:)``.
    package func beginContainer(object: Bool) -> Int {
        tape.append(
            JSONTape.Entry(
                header: UInt32((object ? JSONTape.Kind.object : JSONTape.Kind.array).rawValue), length: 0, payload: 0))
    }

    /// Closes the container opened at `mark`, which holds `count` members or elements.
    package func endContainer(_ mark: Int, count: Int) {
        tape.close(mark, count: count)
    }

    /// Removes everything appended since `mark` (a member that turned out to be dropped).
    package func truncate(to mark: Int) {
        tape.truncate(to: mark)
    }

    /// The document built so far; append nothing more once it has been read.
    package var document: JSONDocument { JSONDocument(tape: tape) }
}

extension JSONDocument {
    /// The index of the root value, for ``JSONDocumentBuilder/appendCopy(ofValueAt:)`` and the navigation below.
    package static let rootIndex = 0

    /// The index of the first member's key of the object at `index`, or of the first element of the array there
    /// (an index past the container when it is empty).
    package func firstChild(of index: Int) -> Int { index + 1 }

    /// The index just after the value at `index` and everything inside it: the next element, or the next key
    /// after a member's value.
    package func index(after index: Int) -> Int {
        withExtendedLifetime(tape) { tape.view.next(after: index) }
    }

    /// What a value is, for reading a document without building its tree.
    package enum Kind {
        case null, bool, number, string, array, object
    }

    /// The kind of the value at `index`.
    package func kind(at index: Int) -> Kind {
        switch withExtendedLifetime(tape, { tape.view.kind(at: index) }) {
        case .null: .null
        case .false, .true: .bool
        case .number, .bigNumber: .number
        case .string: .string
        case .array: .array
        case .object: .object
        }
    }

    /// The number of members or elements of the object or array at `index`.
    package func count(at index: Int) -> Int {
        withExtendedLifetime(tape) { tape.view.containerCount(at: index) }
    }

    /// The string or key at `index`.
    package func string(at index: Int) -> String {
        withExtendedLifetime(tape) { tape.view.string(at: index) }
    }

    /// Calls `body` with the UTF-8 bytes of the string or key at `index`; they are valid only inside it.
    package func withUTF8<Result>(at index: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows
        -> Result
    {
        try withExtendedLifetime(tape) { try body(tape.view.utf8(at: index)) }
    }

    /// The index of the value of member `name` of the object at `index`, if it has one.
    package func member(_ name: String, in index: Int) -> Int? {
        withExtendedLifetime(tape) { tape.view.member(name, in: index) }
    }

    /// The value at `index` as a tree.
    package func value(at index: Int) -> JSONValue {
        withExtendedLifetime(tape) { tape.view.value(at: index) }
    }
}
