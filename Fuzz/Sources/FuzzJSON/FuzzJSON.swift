import FuzzDriver
import JSONSchema

/// libFuzzer entry point: the strict JSON parser, its serializer and the RFC 8785 canonical form.
///
/// Any input either is refused with a `JSONParseError` or parses to a value that
/// - serializes (compact and pretty) to text that parses back to an equal value, and
/// - has a canonical form (when its numbers fit a double) that is a fixed point: parsing and
///   canonicalising it again gives the same bytes.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSON(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    guard let value = try? JSONParser.parse(bytes) else { return 0 }
    for pretty in [false, true] {
        let text = value.serializedBytes(pretty: pretty)
        guard let again = try? JSONParser.parse(text) else { fatalError("serialized JSON does not parse (pretty: \(pretty))") }
        precondition(again == value, "serialize then parse changed the value (pretty: \(pretty))")
    }
    guard let canonical = try? value.canonicalBytes() else { return 0 }
    guard let reparsed = try? JSONParser.parse(canonical) else { fatalError("canonical JSON does not parse") }
    guard let twice = try? reparsed.canonicalBytes() else { fatalError("canonical JSON has no canonical form") }
    precondition(twice == canonical, "canonical form is not idempotent")
    return 0
}

/// The program's entry point (see `FuzzDriver.h`): runs libFuzzer on ``fuzzJSON(_:_:)``.
@_cdecl("FuzzJSON_main")
public func fuzzJSONMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    fuzz_driver_main(argc, argv)
}
