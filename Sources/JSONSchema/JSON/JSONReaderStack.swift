/// A growable stack of values that the reader pushes container contents onto.
///
/// Unlike an `Array`, pushing does no copy-on-write uniqueness check and popping a run does not
/// go through `replaceSubrange`; both matter on the parser's hot path. It owns its elements and
/// releases any left behind (after an error) when it is freed.
final class JSONReaderStack<Element> {
    private var storage: UnsafeMutablePointer<Element>
    private var capacity: Int
    /// The number of elements on the stack.
    private(set) var count = 0

    /// Makes an empty stack with room for `capacity` elements before it grows.
    init(capacity: Int) {
        self.capacity = Swift.max(capacity, 1)
        storage = UnsafeMutablePointer<Element>.allocate(capacity: self.capacity)
    }

    deinit {
        storage.deinitialize(count: count)
        storage.deallocate()
    }

    /// Pushes `element`.
    @inline(__always)
    func push(_ element: consuming Element) {
        if count == capacity { grow() }
        (storage + count).initialize(to: element)
        count += 1
    }

    /// The element at `position`, counted from the bottom.
    @inline(__always)
    subscript(position: Int) -> Element {
        storage[position]
    }

    /// The address of the element at `position`, to read one of its fields without copying the rest;
    /// valid until the next push or pop.
    @inline(__always)
    func address(of position: Int) -> UnsafeMutablePointer<Element> {
        storage + position
    }

    /// Removes the elements from `start` to the top and returns them, bottom first, in a new array.
    func popRun(from start: Int) -> [Element] {
        let runCount = count - start
        // reserveCapacity + append is specialised for Element, unlike
        // init(unsafeUninitializedCapacity:), which looks up generic metadata on every call.
        var run: [Element] = []
        run.reserveCapacity(runCount)
        for position in start..<count { run.append((storage + position).move()) }
        count = start
        return run
    }

    /// Removes the elements from `start` to the top.
    func removeAbove(_ start: Int) {
        (storage + start).deinitialize(count: count - start)
        count = start
    }

    private func grow() {
        let larger = UnsafeMutablePointer<Element>.allocate(capacity: capacity * 2)
        larger.moveInitialize(from: storage, count: count)
        storage.deallocate()
        storage = larger
        capacity *= 2
    }
}
