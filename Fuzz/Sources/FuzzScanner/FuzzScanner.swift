import FuzzDriver
import NordgateCore

/// libFuzzer entry point: the free-text scanner (identity numbers, e-mail, phone numbers, terms).
///
/// The input is split at its first NUL byte: newline-separated terms before it, the text after it
/// (an input without NUL is text only). Any UTF-8 or non-UTF-8 input must give matches in text
/// order, not overlapping, inside the text, with byte offsets that agree with their string
/// ranges, and a redaction that replaces exactly those matches.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzScanner(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    var terms: [String] = []
    var textBytes = bytes[...]
    if let split = bytes.firstIndex(of: 0) {
        terms = String(decoding: bytes[..<split], as: UTF8.self).split(separator: "\n").map(String.init)
        textBytes = bytes[(split + 1)...]
    }
    let text = String(decoding: textBytes, as: UTF8.self)
    let scanner = FreeTextScanner(terms: terms)
    let matches = scanner.matches(in: text)
    let utf8 = text.utf8
    var previousEnd = 0
    for match in matches {
        let start = utf8.distance(from: utf8.startIndex, to: match.range.lowerBound)
        let end = utf8.distance(from: utf8.startIndex, to: match.range.upperBound)
        precondition(start == match.utf8Range.lowerBound && end == match.utf8Range.upperBound, "range and utf8Range differ")
        precondition(start >= previousEnd && start < end && end <= utf8.count, "matches overlap, are empty or out of order")
        if case .term(let index) = match.kind { precondition(terms.indices.contains(index), "term index out of range") }
        previousEnd = end
    }
    let marker = "[#]"
    let redacted = scanner.redact(text) { _ in marker }
    let removed = matches.reduce(0) { $0 + $1.utf8Range.count }
    precondition(
        redacted.utf8.count == utf8.count - removed + matches.count * marker.utf8.count,
        "redaction did not replace exactly the matches")
    return 0
}

/// The program's entry point (see `FuzzDriver.h`): runs libFuzzer on ``fuzzScanner(_:_:)``.
@_cdecl("FuzzScanner_main")
public func fuzzScannerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    fuzz_driver_main(argc, argv)
}
