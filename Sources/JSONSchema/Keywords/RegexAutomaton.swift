/// A deterministic finite automaton that answers ECMA-262 `RegExp.prototype.test` for patterns in the
/// ``RegexSyntax`` subset, on a string's UTF-8 bytes, in one pass and without allocating.
///
/// Patterns in that subset describe regular languages: without back references or lookaround, whether some
/// substring matches does not depend on the order in which a backtracking engine tries alternatives, so a
/// subset construction over the pattern's Thompson automaton gives the same answer as ECMA-262. The search for a
/// match anywhere in the input is built in (the automaton restarts the pattern at every position), `^` holds only
/// at the start and `$` only at the end. Input is read as Unicode scalars, as in Unicode mode.
///
/// Building gives up (``init(_:)`` returns `nil`) when the pattern leaves the subset, when repetition counts
/// expand to more than ``maximumNFAStates`` states, or when the subset construction passes ``maximumStates``
/// states; such patterns go to the general engine.
final class RegexAutomaton: @unchecked Sendable {
    // @unchecked: the tables are written once, by the initialiser, and only read afterwards.
    /// The most states the expanded nondeterministic automaton may have.
    static let maximumNFAStates = 4096
    /// The most states the deterministic automaton may have.
    static let maximumStates = 512

    private static let acceptsNow: UInt8 = 1
    private static let acceptsAtEnd: UInt8 = 2
    private static let dead: UInt8 = 4

    // The tables live in buffers the automaton owns, so that matching reads them without reference counting.
    /// The symbol class of each ASCII byte.
    private let asciiClasses: UnsafeMutableBufferPointer<UInt16>
    /// The first scalar of each piece of the non-ASCII range (from 0x80 on) and its class, for a binary search.
    private let pieceStarts: UnsafeMutableBufferPointer<UInt32>
    private let pieceClasses: UnsafeMutableBufferPointer<UInt16>
    /// The class every non-ASCII scalar has, when they all have the same one.
    private let uniformNonASCIIClass: UInt16?
    private let classCount: Int
    /// The table, one row of `classCount` entries per state: `transitions[row + class]` is the next state's row,
    /// already multiplied by `classCount`. Row 0 is the dead state (no match is possible any more) and the next row
    /// the accepting one (a match has been found), so one comparison per scalar tells whether the answer is known.
    private let transitions: UnsafeMutableBufferPointer<Int32>
    /// Whether the state of each row accepts at the end of the input, by row number.
    private let acceptsAtEnd: UnsafeMutableBufferPointer<Bool>
    /// The start state's row; the answer when the start state is itself dead or accepting.
    private let startRow: Int
    private let startAnswer: Bool?

    /// Builds the automaton of `pattern`; `nil` when the pattern is outside the subset or too large.
    init?(_ pattern: String) {
        guard let syntax = RegexSyntax.parse(pattern), let nfa = NFA(syntax) else { return nil }
        guard let built = Self.determinise(nfa) else { return nil }
        func buffer<Element>(_ elements: [Element]) -> UnsafeMutableBufferPointer<Element> {
            let buffer = UnsafeMutableBufferPointer<Element>.allocate(capacity: elements.count)
            _ = buffer.initialize(from: elements)
            return buffer
        }
        asciiClasses = buffer(built.alphabet.ascii)
        pieceStarts = buffer(built.alphabet.pieceStarts)
        pieceClasses = buffer(built.alphabet.pieceClasses)
        uniformNonASCIIClass = built.alphabet.uniform
        classCount = built.alphabet.count
        // Renumber: row 0 dead, row 1 accepting, state s in row s + 2; an edge into a state that accepts now or is
        // dead goes to those rows instead.
        let classes = built.alphabet.count
        let stateCount = built.flags.count
        func row(of state: Int) -> Int32 {
            if built.flags[state] & Self.acceptsNow != 0 { return Int32(classes) }
            if built.flags[state] & Self.dead != 0 { return 0 }
            return Int32((state + 2) * classes)
        }
        var table = [Int32](repeating: 0, count: (stateCount + 2) * classes)
        for symbol in 0..<classes { table[classes + symbol] = Int32(classes) }
        for state in 0..<stateCount {
            for symbol in 0..<classes {
                table[(state + 2) * classes + symbol] = row(of: Int(built.transitions[state * classes + symbol]))
            }
        }
        transitions = buffer(table)
        acceptsAtEnd = buffer([false, true] + built.flags.map { $0 & Self.acceptsAtEnd != 0 })
        startRow = Int(row(of: 0))
        startAnswer = startRow == 0 ? false : startRow == classes ? true : nil
    }

    deinit {
        asciiClasses.deallocate()
        pieceStarts.deallocate()
        pieceClasses.deallocate()
        transitions.deallocate()
        acceptsAtEnd.deallocate()
    }

    /// Whether the pattern matches somewhere in `utf8`, which must be valid UTF-8.
    func matches(utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        if let startAnswer { return startAnswer }
        var row = startRow
        var position = 0
        let count = utf8.count
        let settled = 2 &* classCount
        while position < count {
            let byte = utf8[position]
            let symbol: Int
            if byte < 0x80 {
                symbol = Int(asciiClasses[Int(byte)])
                position &+= 1
            } else {
                let (scalar, length) = Self.decode(utf8, at: position)
                position &+= length
                symbol = Int(uniformNonASCIIClass ?? nonASCIIClass(of: scalar))
            }
            row = Int(transitions[row &+ symbol])
            if row < settled { return row != 0 }
        }
        return acceptsAtEnd[row / classCount]
    }

    /// Whether the pattern matches somewhere in `string`.
    func matches(_ string: String) -> Bool {
        var string = string
        return string.withUTF8 { matches(utf8: $0) }
    }

    /// The scalar of the multi-byte sequence at `position` and its length.
    @inline(__always)
    private static func decode(_ utf8: UnsafeBufferPointer<UInt8>, at position: Int) -> (UInt32, Int) {
        let lead = UInt32(utf8[position])
        let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
        var value = lead & (0x7F >> UInt32(length))
        for offset in 1..<length where position + offset < utf8.count {
            value = value << 6 | UInt32(utf8[position + offset] & 0x3F)
        }
        return (value, length)
    }

    private func nonASCIIClass(of scalar: UInt32) -> UInt16 {
        var low = 0
        var high = pieceStarts.count
        // The last piece whose start is at or below the scalar.
        while high - low > 1 {
            let middle = (low + high) / 2
            if pieceStarts[middle] <= scalar { low = middle } else { high = middle }
        }
        return pieceClasses[low]
    }

    // MARK: - Building

    /// The pattern's Thompson automaton, with repetition counts expanded.
    private struct NFA {
        enum State {
            case consume(set: Int, next: Int)
            case split(Int, Int)
            case startAssertion(next: Int)
            case endAssertion(next: Int)
            case accept
            /// A loop state while its body is being built.
            case placeholder
        }

        var states: [State] = [.accept]
        var sets: [ScalarSet] = []
        private var setIndices: [ScalarSet: Int] = [:]
        private(set) var start = 0
        private var overflow = false

        init?(_ syntax: RegexSyntax) {
            start = build(syntax, next: 0)
            if overflow { return nil }
        }

        private mutating func add(_ state: State) -> Int {
            if states.count >= RegexAutomaton.maximumNFAStates { overflow = true }
            states.append(state)
            return states.count - 1
        }

        /// Builds `syntax` so that it continues at `next`; returns its entry state.
        private mutating func build(_ syntax: RegexSyntax, next: Int) -> Int {
            if overflow { return next }
            switch syntax {
            case .empty:
                return next
            case .scalars(let set):
                let index: Int
                if let known = setIndices[set] {
                    index = known
                } else {
                    index = sets.count
                    sets.append(set)
                    setIndices[set] = index
                }
                return add(.consume(set: index, next: next))
            case .sequence(let parts):
                var entry = next
                for part in parts.reversed() { entry = build(part, next: entry) }
                return entry
            case .alternation(let branches):
                var entry = build(branches[branches.count - 1], next: next)
                for branch in branches.dropLast().reversed() {
                    let first = build(branch, next: next)
                    entry = add(.split(first, entry))
                }
                return entry
            case .repetition(let body, let minimum, let maximum):
                var entry = next
                if let maximum {
                    for _ in 0..<(maximum - minimum) {
                        let once = build(body, next: entry)
                        entry = add(.split(once, next))
                        if overflow { return next }
                    }
                } else {
                    let loop = add(.placeholder)
                    let once = build(body, next: loop)
                    if overflow { return next }
                    states[loop] = .split(once, next)
                    entry = loop
                }
                for _ in 0..<minimum {
                    entry = build(body, next: entry)
                    if overflow { return next }
                }
                return entry
            case .startAnchor:
                return add(.startAssertion(next: next))
            case .endAnchor:
                return add(.endAssertion(next: next))
            }
        }

        /// The states reachable from `seeds` without consuming input: consuming states, the accepting state and
        /// end assertions (which only ``closure(of:atStart:atEnd:)`` at the end follows), sorted.
        func closure(of seeds: [Int], atStart: Bool, atEnd: Bool, marks: inout [UInt32], generation: UInt32)
            -> [Int32]
        {
            var result: [Int32] = []
            var stack = seeds
            while let state = stack.popLast() {
                if marks[state] == generation { continue }
                marks[state] = generation
                switch states[state] {
                case .consume, .accept:
                    result.append(Int32(state))
                case .split(let first, let second):
                    stack.append(second)
                    stack.append(first)
                case .startAssertion(let next):
                    if atStart { stack.append(next) }
                case .endAssertion(let next):
                    if atEnd { stack.append(next) } else { result.append(Int32(state)) }
                case .placeholder:
                    break
                }
            }
            return result.sorted()
        }
    }

    /// How scalars map to the symbol classes the automaton reads.
    private struct Alphabet {
        var ascii: [UInt16]
        var pieceStarts: [UInt32]
        var pieceClasses: [UInt16]
        var uniform: UInt16?
        var count: Int
        /// `members[set]` lists whether each class is in the set.
        var members: [[Bool]]

        /// Splits the scalars where any of `sets` starts or ends, and numbers the pieces by which sets hold them.
        init(_ sets: [ScalarSet]) {
            var cuts: Set<UInt32> = [0, 0x80]
            for set in sets {
                for range in set.ranges {
                    cuts.insert(range.lowerBound)
                    if range.upperBound < ScalarSet.maximum { cuts.insert(range.upperBound + 1) }
                }
            }
            let starts = cuts.sorted()
            var classOfSignature: [[Bool]: UInt16] = [:]
            var signatures: [[Bool]] = []
            var pieceClass: [UInt16] = []
            for start in starts {
                let signature = sets.map { $0.contains(start) }
                if let known = classOfSignature[signature] {
                    pieceClass.append(known)
                } else {
                    let id = UInt16(signatures.count)
                    classOfSignature[signature] = id
                    signatures.append(signature)
                    pieceClass.append(id)
                }
            }
            count = signatures.count
            members = sets.indices.map { set in signatures.map { $0[set] } }
            var ascii = [UInt16](repeating: 0, count: 128)
            var piece = 0
            for byte in 0..<128 {
                while piece + 1 < starts.count, starts[piece + 1] <= UInt32(byte) { piece += 1 }
                ascii[byte] = pieceClass[piece]
            }
            self.ascii = ascii
            let firstNonASCII = starts.firstIndex(of: 0x80)!
            pieceStarts = Array(starts[firstNonASCII...])
            pieceClasses = Array(pieceClass[firstNonASCII...])
            uniform = Set(pieceClasses).count == 1 ? pieceClasses[0] : nil
        }
    }

    private static func determinise(_ nfa: NFA) -> (alphabet: Alphabet, transitions: [Int32], flags: [UInt8])? {
        let alphabet = Alphabet(nfa.sets)
        var marks = [UInt32](repeating: 0, count: nfa.states.count)
        var generation: UInt32 = 0
        func closure(_ seeds: [Int], atStart: Bool, atEnd: Bool) -> [Int32] {
            generation += 1
            return nfa.closure(of: seeds, atStart: atStart, atEnd: atEnd, marks: &marks, generation: generation)
        }
        func flags(of set: [Int32], endSeeds: [Int], atStart: Bool) -> UInt8 {
            var result: UInt8 = 0
            if set.contains(0) { result |= acceptsNow }
            if closure(endSeeds, atStart: atStart, atEnd: true).contains(0) { result |= acceptsAtEnd }
            if set.isEmpty { result |= dead }
            return result
        }

        // State 0 is the start, kept apart from any later state with the same set: only there do `^` hold.
        var sets: [[Int32]] = [closure([nfa.start], atStart: true, atEnd: false)]
        var flagList: [UInt8] = [flags(of: sets[0], endSeeds: [nfa.start], atStart: true)]
        var indexOfSet: [[Int32]: Int32] = [:]
        var transitions: [Int32] = []
        var pending = 0
        while pending < sets.count {
            let current = sets[pending]
            pending += 1
            for symbol in 0..<alphabet.count {
                var seeds = [nfa.start]
                for state in current {
                    if case .consume(let set, let next) = nfa.states[Int(state)], alphabet.members[set][symbol] {
                        seeds.append(next)
                    }
                }
                let target = closure(seeds, atStart: false, atEnd: false)
                if let known = indexOfSet[target] {
                    transitions.append(known)
                    continue
                }
                guard sets.count < maximumStates else { return nil }
                let index = Int32(sets.count)
                indexOfSet[target] = index
                sets.append(target)
                flagList.append(flags(of: target, endSeeds: target.map(Int.init), atStart: false))
                transitions.append(index)
            }
        }
        return (alphabet, transitions, flagList)
    }
}
