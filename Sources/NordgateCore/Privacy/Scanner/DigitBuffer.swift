/// Up to twelve decimal digit values (0...9), stored inline so that the scanner never allocates per candidate number.
struct DigitBuffer: Sendable {
    /// The most digits any supported identity number has (a 12-digit Swedish personnummer).
    static let capacity = 12

    private var storage = InlineArray<12, UInt8>(repeating: 0)

    /// How many digits are held.
    private(set) var count = 0

    /// An empty buffer.
    init() {}

    /// The digit values of `text` if it holds only ASCII digits and at most ``capacity`` of them.
    init?(digitsOf text: some StringProtocol) {
        for byte in text.utf8 {
            guard byte >= 0x30, byte <= 0x39, append(byte - 0x30) else { return nil }
        }
    }

    /// The value (0...9) of the digit at `index`.
    subscript(index: Int) -> Int { Int(storage[index]) }

    /// Appends a digit value; returns false (and changes nothing) when the buffer is full.
    @discardableResult
    mutating func append(_ value: UInt8) -> Bool {
        guard count < Self.capacity else { return false }
        storage[count] = value
        count += 1
        return true
    }

    /// The number formed by `length` digits starting at `start`, e.g. two digits for a day of month.
    func number(at start: Int, length: Int) -> Int {
        var result = 0
        for index in start..<(start + length) { result = result * 10 + self[index] }
        return result
    }

    /// The sum of each digit from index 0 multiplied by the weight at the same position.
    func weightedSum(_ weights: [Int]) -> Int {
        var sum = 0
        for (index, weight) in weights.enumerated() { sum += self[index] * weight }
        return sum
    }
}
