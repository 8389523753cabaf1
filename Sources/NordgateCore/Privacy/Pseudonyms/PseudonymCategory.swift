/// What kind of value a pseudonym stands for. The category chooses the normalisation applied
/// before hashing and is part of the hashed input, so equal text in two categories gives two
/// unrelated pseudonyms.
public enum PseudonymCategory: String, Sendable, Hashable, CaseIterable, Codable {
    /// A given name, family name or alias.
    case personName = "person-name"
    /// A national identity number.
    case nationalID = "national-id"
    /// A phone number (normalised to E.164).
    case phone
    /// An e-mail address.
    case email
    /// A case or file reference.
    case caseRef = "case-ref"
    /// A street address.
    case address
    /// Anything else: document numbers, online handles, vehicle registrations.
    case other
}
