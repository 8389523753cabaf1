import Foundation

/// Case folding and white-space classification of Unicode scalars for term matching.
///
/// A scalar folds to `lowercase(uppercase(lowercase(scalar)))`, using the full (possibly multi-scalar) Unicode
/// case mappings. For letters this equals Unicode full case folding as far as term matching can tell: `Ø` and
/// `ø` fold alike, `ß`, `ẞ` and `SS` all fold to `ss`, final `ς` folds with `σ`. Diacritics are kept: `Østby`
/// does not match `Ostby`. Folds and canonical decompositions of the first ``tableSize`` scalars (ASCII,
/// Latin-1 and Latin Extended-A/B, which cover the Nordic alphabets) and folds of Greek, Cyrillic and Armenian are
/// computed once, into tables; scalars without case map to themselves without computing anything.
enum TermCaseFolding {
    /// The unit that stands for any run of white space.
    static let space: UInt32 = 0x20

    /// Scalars below this value have precomputed folds and decompositions.
    static let tableSize: UInt32 = 0x250

    /// Up to four scalar values, stored inline.
    struct Units {
        var count = 0
        private var storage = InlineArray<4, UInt32>(repeating: 0)

        init(_ values: some Sequence<UInt32>) {
            for value in values {
                // No fold or decomposition in the table range exceeds three scalars; four is a safe bound.
                precondition(count < 4, "fold longer than four scalars")
                storage[count] = value
                count += 1
            }
        }

        subscript(index: Int) -> UInt32 { storage[index] }

        var first: UInt32 { storage[0] }
    }

    private static let folds: [Units] = (0..<tableSize).map { Units(computeFold(Unicode.Scalar($0)!)) }

    /// Greek, Cyrillic and Armenian, also folded once (only decompositions are limited to ``tableSize``).
    private static let extendedTableEnd: UInt32 = 0x0590

    private static let extendedFolds: [Units] = (tableSize..<extendedTableEnd).map {
        Units(computeFold(Unicode.Scalar($0)!))
    }

    private static let decompositions: [Units] = (0..<tableSize).map { value in
        Units(
            String(Character(Unicode.Scalar(value)!)).decomposedStringWithCanonicalMapping.unicodeScalars.map(\.value)
        )
    }

    /// The fold of the scalar with value `value`: one or more scalar values, or one ``space`` for white space.
    static func fold(_ value: UInt32) -> Units {
        if value < tableSize { return folds[Int(value)] }
        if value < extendedTableEnd { return extendedFolds[Int(value - tableSize)] }
        guard let scalar = Unicode.Scalar(value) else { return Units([value]) }
        // Most scripts (CJK, Arabic, Hebrew, Indic, symbols) have no case: skip the allocating case mappings.
        if !scalar.properties.changesWhenCaseMapped {
            return scalar.properties.isWhitespace ? Units([space]) : Units([value])
        }
        let folded = computeFold(scalar)
        // Longer expansions do not occur in Unicode's case mappings; keep such a scalar unfolded if one appears.
        return folded.count <= 4 ? Units(folded) : Units([value])
    }

    /// The canonical decomposition of a scalar below ``tableSize``.
    static func canonicalDecomposition(_ value: UInt32) -> Units {
        decompositions[Int(value)]
    }

    /// The fold of an ASCII byte (no white-space handling).
    @inline(__always)
    static func foldASCII(_ byte: UInt8) -> UInt32 {
        UInt32(byte &- 0x41 < 26 ? byte | 0x20 : byte)
    }

    /// Whether the ASCII byte is white space.
    @inline(__always)
    static func isASCIISpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte &- 0x09 < 5
    }

    private static func computeFold(_ scalar: Unicode.Scalar) -> [UInt32] {
        if scalar.properties.isWhitespace { return [space] }
        let lowered = scalar.properties.lowercaseMapping
        var upper = ""
        for part in lowered.unicodeScalars { upper += part.properties.uppercaseMapping }
        var result: [UInt32] = []
        for part in upper.unicodeScalars {
            result.append(contentsOf: part.properties.lowercaseMapping.unicodeScalars.map(\.value))
        }
        return result
    }
}
