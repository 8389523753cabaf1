import Foundation

extension AuditEvent {
    /// Most members of ``details``.
    public static let maxDetails = 16
    /// Longest ``actor`` or ``subject``, and longest detail value, in bytes.
    public static let maxTextBytes = 200
    /// Longest ``kind`` or detail key, in bytes.
    public static let maxKeyBytes = 64

    /// Checks the rules that keep the log small and free of free text: `kind` and detail keys
    /// are 1–64 of `a-z A-Z 0-9 . _ -`; `actor`, `subject` and detail values are 1–200 bytes
    /// (values may be empty) without control characters; at most 16 details.
    /// - Throws: ``StoreError/invalidInput(field:reason:)`` naming the field, never its value.
    public func validate() throws(StoreError) {
        try Self.checkKey(kind, field: "audit kind")
        try Self.checkText(actor, field: "audit actor", allowEmpty: false)
        try Self.checkText(subject, field: "audit subject", allowEmpty: false)
        guard details.count <= Self.maxDetails else {
            throw .invalidInput(
                field: "audit details",
                reason: "has \(details.count) members, at most \(Self.maxDetails)"
            )
        }
        for (key, value) in details {
            try Self.checkKey(key, field: "audit detail key")
            try Self.checkText(value, field: "audit detail value", allowEmpty: true)
        }
        guard abs(time.timeIntervalSince1970) < 9_007_199_254_740_992 else {
            throw .invalidInput(field: "audit time", reason: "is out of range")
        }
    }

    private static func checkKey(_ value: String, field: String) throws(StoreError) {
        let allowed = value.utf8.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || "._-".utf8.contains(byte)
        }
        guard (1...maxKeyBytes).contains(value.utf8.count), allowed else {
            throw .invalidInput(field: field, reason: "must be 1 to \(maxKeyBytes) of a-z A-Z 0-9 . _ -")
        }
    }

    private static func checkText(_ value: String, field: String, allowEmpty: Bool) throws(StoreError) {
        guard value.utf8.count <= maxTextBytes, allowEmpty || !value.isEmpty else {
            throw .invalidInput(field: field, reason: "must be \(allowEmpty ? 0 : 1) to \(maxTextBytes) bytes")
        }
        // General category Cc is exactly U+0000–U+001F and U+007F–U+009F.
        guard !value.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) else {
            throw .invalidInput(field: field, reason: "must not contain control characters")
        }
    }
}
