/// How a date is generalised by `{"generalise": …}`.
public enum Generalisation: String, Sendable, Hashable, CaseIterable {
    /// `2012-03-15` → `2012-03`.
    case yearMonth = "year-month"
    /// `2012-03-15` → `2012`.
    case year
    /// `2012-03-15` → one of ``AgeBand``, from the record's reference date.
    case ageBand = "age-band"

    /// Orders generalisations from the least to the most coarse.
    var coarseness: Int {
        switch self {
        case .yearMonth: 0
        case .year: 1
        case .ageBand: 2
        }
    }
}
