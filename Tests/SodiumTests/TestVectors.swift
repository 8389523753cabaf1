import Foundation
import Sodium
import Testing

/// A vector file: a description of the source and its cases.
struct VectorFile<Vector: Decodable>: Decodable {
    let description: String
    let vectors: [Vector]
}

/// Loads the JSON vector files copied into the test bundle under `Vectors/<source>/`.
enum TestVectors {
    /// Decodes `Vectors/<source>/<file>` from the test bundle.
    static func load<Vector: Decodable>(_ source: String, _ file: String, as type: Vector.Type) throws -> [Vector] {
        let url = try #require(
            Bundle.module.url(forResource: file, withExtension: nil, subdirectory: "Vectors/\(source)"),
            "missing vector file \(source)/\(file)"
        )
        let vectors = try JSONDecoder().decode(VectorFile<Vector>.self, from: Data(contentsOf: url)).vectors
        try #require(!vectors.isEmpty)
        return vectors
    }
}

/// Decodes hex that is known to be valid test data.
func hex(_ text: String) throws -> [UInt8] {
    try Hex.decode(text)
}

/// Returns `bytes` with bit `bit` (0 = lowest bit of the first byte) inverted.
func flippingBit(_ bytes: [UInt8], _ bit: Int) -> [UInt8] {
    var copy = bytes
    copy[bit / 8] ^= UInt8(1) << UInt8(bit % 8)
    return copy
}

extension SecretBytes {
    /// The secret as an array, for comparing with expected test values.
    var testBytes: [UInt8] { withUnsafeBytes { Array($0) } }
}
