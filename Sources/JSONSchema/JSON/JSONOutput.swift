/// A growable byte buffer the serializers write JSON text into.
///
/// Appending a byte is a store and a count update, with no copy-on-write check as an `Array` append has;
/// runs of bytes are copied in one `memcpy`-like move. ``bytes`` copies the text out once at the end.
final class JSONOutput {
    private var base: UnsafeMutablePointer<UInt8>
    private var count = 0
    private var capacity: Int

    /// Makes an empty buffer with room for `capacity` bytes before it grows.
    init(capacity: Int = 256) {
        self.capacity = Swift.max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    deinit {
        base.deallocate()
    }

    /// The bytes written so far.
    var bytes: [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }

    /// Appends one byte.
    @inline(__always)
    func append(_ byte: UInt8) {
        if count == capacity { grow(to: count + 1) }
        base[count] = byte
        count &+= 1
    }

    /// Appends `bytes`.
    @inline(__always)
    func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress else { return }
        if count + bytes.count > capacity { grow(to: count + bytes.count) }
        (base + count).update(from: source, count: bytes.count)
        count &+= bytes.count
    }

    /// Lets `body` write at most `maximum` bytes at the end directly; it returns how many it wrote.
    @inline(__always)
    func append(atMost maximum: Int, _ body: (UnsafeMutablePointer<UInt8>) -> Int) {
        if count + maximum > capacity { grow(to: count + maximum) }
        count &+= body(base + count)
    }

    /// Appends the UTF-8 bytes of `text`.
    func append(_ text: StaticString) {
        append(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// Appends the UTF-8 bytes of `text`.
    func append(_ text: String) {
        if text.utf8.withContiguousStorageIfAvailable({ append($0) }) == nil { append(text.utf8) }
    }

    /// Appends `bytes`.
    func append(_ bytes: some Collection<UInt8>) {
        for byte in bytes { append(byte) }
    }

    /// Appends `byte` `count` times.
    func append(_ byte: UInt8, count repeats: Int) {
        for _ in 0..<repeats { append(byte) }
    }

    private func grow(to minimum: Int) {
        let larger = Swift.max(capacity * 2, minimum)
        let storage = UnsafeMutablePointer<UInt8>.allocate(capacity: larger)
        storage.moveInitialize(from: base, count: count)
        base.deallocate()
        base = storage
        capacity = larger
    }
}
