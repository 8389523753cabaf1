extension FreeTextScanner {
    /// The country whose identity-number rule a match passed.
    ///
    /// The raw value is the ISO 3166-1 alpha-2 code.
    public enum Country: String, Sendable, Hashable, CaseIterable {
        /// Norway: fødselsnummer, D-number, H-number or synthetic number (``NorwegianIdentityNumber``).
        case norway = "NO"
        /// Denmark: CPR number (``DanishCPRNumber``).
        case denmark = "DK"
        /// Sweden: personnummer or samordningsnummer (``SwedishPersonalIdentityNumber``).
        case sweden = "SE"
        /// Finland: henkilötunnus (``FinnishPersonalIdentityCode``).
        case finland = "FI"
        /// Iceland: a person's kennitala (``IcelandicKennitala``).
        case iceland = "IS"
    }

    /// One identifier found in a text.
    public struct Match: Sendable, Hashable {
        /// What was found.
        public enum Kind: Sendable, Hashable {
            /// A national identity number that passed the check rule of `Country`.
            case nationalID(Country)
            /// An e-mail address.
            case email
            /// A telephone number.
            case phone
            /// The caller-supplied term at this index of the `terms` the scanner was made with.
            case term(Int)
        }

        /// What was found.
        public let kind: Kind
        /// Where it is, as indices into the scanned string.
        public let range: Range<String.Index>
        /// Where it is, as byte offsets into the scanned string's UTF-8 encoding.
        public let utf8Range: Range<Int>
    }
}

extension FreeTextScanner.Match.Kind {
    /// Which kind wins when two candidates cover exactly the same text: lower wins.
    var tieBreakRank: Int {
        switch self {
        case .term: 0
        case .nationalID: 1
        case .email: 2
        case .phone: 3
        }
    }
}
