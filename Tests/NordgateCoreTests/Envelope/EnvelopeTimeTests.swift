import Foundation
import NordgateCore
import Testing

/// Envelope times are exactly `YYYY-MM-DDTHH:MM:SSZ`, one text per instant.
@Suite struct EnvelopeTimeTests {
    @Test(arguments: [
        ("1970-01-01T00:00:00Z", 0.0), ("2026-11-29T10:00:00Z", 1_795_946_400), ("2024-02-29T23:59:59Z", 1_709_251_199),
        ("2000-03-01T00:00:00Z", 951_868_800), ("1969-12-31T23:59:59Z", -1),
    ])
    func knownInstantsRoundTrip(text: String, seconds: Double) {
        #expect(EnvelopeTime.parse(text) == Date(timeIntervalSince1970: seconds))
        #expect(EnvelopeTime.format(Date(timeIntervalSince1970: seconds)) == text)
    }

    @Test(arguments: [
        "2026-11-29T10:00:00", "2026-11-29T10:00:00z", "2026-11-29T10:00:00.0Z", "2026-11-29T10:00:00+00:00",
        "2026-11-29 10:00:00Z", "2026-02-29T10:00:00Z", "2026-13-01T10:00:00Z", "2026-11-31T10:00:00Z",
        "2026-11-29T24:00:00Z", "2026-11-29T10:60:00Z", "2026-11-29T10:00:60Z", "0000-01-01T00:00:00Z",
        "２026-11-29T10:00:00Z", "",
    ])
    func anythingElseIsRefused(text: String) {
        #expect(EnvelopeTime.parse(text) == nil)
    }

    @Test func fractionsOfASecondAreDroppedWhenFormatting() {
        #expect(EnvelopeTime.format(Date(timeIntervalSince1970: 1_795_946_400.999)) == "2026-11-29T10:00:00Z")
    }
}
