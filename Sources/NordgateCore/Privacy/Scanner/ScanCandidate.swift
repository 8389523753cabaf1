/// A possible match found by one matcher, before overlapping candidates are resolved.
struct ScanCandidate {
    /// The UTF-8 offset of the first byte.
    var start: Int
    /// The UTF-8 offset just after the last byte.
    var end: Int
    var kind: FreeTextScanner.Match.Kind

    var length: Int { end - start }

    /// Keeps, among overlapping candidates, the longest; between equally long ones the earliest; between
    /// candidates covering the same text, the kind with the lower ``FreeTextScanner/Match/Kind/tieBreakRank``.
    ///
    /// - Parameters:
    ///   - candidates: candidates in any order.
    ///   - textLength: the length of the scanned text in bytes.
    /// - Returns: non-overlapping candidates sorted by start.
    static func resolve(_ candidates: [ScanCandidate], textLength: Int) -> [ScanCandidate] {
        var sorted = candidates.sorted {
            ($0.start, -$0.length, $0.kind.tieBreakRank) < ($1.start, -$1.length, $1.kind.tieBreakRank)
        }
        var overlaps = false
        for index in sorted.indices.dropFirst() where sorted[index].start < sorted[index - 1].end {
            overlaps = true
            break
        }
        guard overlaps else { return sorted }

        sorted.sort { ($1.length, $0.start, $0.kind.tieBreakRank) < ($0.length, $1.start, $1.kind.tieBreakRank) }
        var covered = [Bool](repeating: false, count: textLength)
        var kept: [ScanCandidate] = []
        for candidate in sorted where !covered[candidate.start..<candidate.end].contains(true) {
            for offset in candidate.start..<candidate.end { covered[offset] = true }
            kept.append(candidate)
        }
        return kept.sorted { $0.start < $1.start }
    }
}
