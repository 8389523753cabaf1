import Foundation
import FuzzDriver
import FuzzedNordgateServer
import JSONSchema

/// libFuzzer entry point: the gateway configuration parser (`docs/configuration.md`).
///
/// The input is split at its first NUL byte: the configuration file before it, the content of
/// `policy.json` beside it after it. Tokens come from a fixed valid tokens file (through
/// `NORDGATE_TOKENS_FILE`), so inputs get past the token check. Every input must be refused
/// with an error or give a configuration; nothing may crash, hang or leak.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzConfig(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    let split = bytes.firstIndex(of: 0) ?? size
    let policy = split < size ? Data(bytes[(split + 1)...]) : Data("{}".utf8)
    guard FileManager.default.createFile(atPath: ConfigFolder.policy, contents: policy),
        let value = try? JSONParser.parse(UnsafeBufferPointer(rebasing: bytes[..<split]))
    else { return 0 }
    _ = try? GatewayConfiguration.parse(value, base: ConfigFolder.path, environment: ConfigFolder.environment)
    return 0
}

/// A private folder holding the files a configuration may name: `tokens.json` and `policy.json`.
enum ConfigFolder {
    static let path: String = {
        var template = Array("\(NSTemporaryDirectory())/nordgate-fuzz-config-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { fatalError("no temporary folder") }
        let path = String(cString: made)
        let token = #"[{"name":"fuzz","role":"caseworker","hash":"\#(String(repeating: "ab", count: 32))"}]"#
        guard FileManager.default.createFile(atPath: "\(path)/tokens.json", contents: Data(token.utf8)) else {
            fatalError("no tokens file")
        }
        return path
    }()
    static let policy = "\(path)/policy.json"
    static let environment = ["NORDGATE_TOKENS_FILE": "\(path)/tokens.json"]
}

/// The program's entry point (see `FuzzDriver.h`): runs libFuzzer on ``fuzzConfig(_:_:)``.
@_cdecl("FuzzConfig_main")
public func fuzzConfigMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    fuzz_driver_main(argc, argv)
}
