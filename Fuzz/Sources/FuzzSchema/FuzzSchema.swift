import FuzzDriver
import JSONSchema

/// libFuzzer entry point: the draft 2020-12 schema compiler and validator, both inputs fuzzed.
///
/// The input is split at its first NUL byte: the schema before it, the instance after it (an
/// input without NUL is a schema validated against itself). A schema either is refused with a
/// `SchemaError` or compiles; validating must then finish, and `isValid` must agree with the
/// full result.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSchema(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    let split = bytes.firstIndex(of: 0)
    let schemaBytes = UnsafeBufferPointer(rebasing: bytes[..<(split ?? size)])
    guard let schema = try? JSONParser.parse(schemaBytes) else { return 0 }
    let instance: JSONValue
    if let split {
        guard let parsed = try? JSONParser.parse(UnsafeBufferPointer(rebasing: bytes[(split + 1)...])) else { return 0 }
        instance = parsed
    } else {
        instance = schema
    }
    for assertFormats in [false, true] {
        var options = Validator.Options()
        options.assertFormats = assertFormats
        guard let validator = try? Validator(schema: schema, options: options) else { return 0 }
        let result = validator.validate(instance)
            precondition(validator.isValid(instance) == result.isValid, "isValid disagrees with validate")
    }
    return 0
}

/// The program's entry point (see `FuzzDriver.h`): runs libFuzzer on ``fuzzSchema(_:_:)``.
@_cdecl("FuzzSchema_main")
public func fuzzSchemaMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    fuzz_driver_main(argc, argv)
}
