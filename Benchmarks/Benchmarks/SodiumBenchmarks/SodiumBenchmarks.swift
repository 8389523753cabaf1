// Throughput of the Sodium module's primitives. Each iteration handles one message of the size in the benchmark's
// name, so MB/s = throughput (operations per second) x size. Run from Benchmarks/: see docs/benchmarks.md.
import Benchmark
import Sodium

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.throughput, .wallClock],
        timeUnits: .nanoseconds,
        warmupIterations: 10,
        maxDuration: .seconds(1),
        maxIterations: 100_000
    )

    let sizes = [(label: "1 KB", count: 1024), (label: "64 KB", count: 64 * 1024)]

    let aeadKey = AEAD.generateKey()
    let nonce = AEAD.generateNonce()
    let associatedData = SecureRandom.bytes(32)
    let macKey = SecretBytes.random(count: 32)
    let signer = SigningKeyPair.generate()

    for size in sizes {
        let message = SecureRandom.bytes(size.count)
        // Preconditions keep a broken setup from producing figures for work that was never done.
        let sealed = try! AEAD.seal(message, key: aeadKey, nonce: nonce, associatedData: associatedData)
        let signature = signer.sign(message)
        precondition(Signature.verify(signature, message: message, publicKey: signer.publicKey))

        Benchmark("AEAD seal \(size.label)") { _ in
            blackHole(try! AEAD.seal(message, key: aeadKey, nonce: nonce, associatedData: associatedData))
        }
        Benchmark("AEAD open \(size.label)") { _ in
            blackHole(try! AEAD.open(sealed, key: aeadKey, nonce: nonce, associatedData: associatedData))
        }
        Benchmark("Ed25519 sign \(size.label)") { _ in
            blackHole(signer.sign(message))
        }
        Benchmark("Ed25519 verify \(size.label)") { _ in
            blackHole(Signature.verify(signature, message: message, publicKey: signer.publicKey))
        }
        Benchmark("BLAKE2b keyed \(size.label)") { _ in
            blackHole(try! GenericHash.keyedHash(message, key: macKey))
        }
    }

    let recipient = BoxKeyPair.generate()
    let contentKey = SecureRandom.bytes(32)
    let box = try! SealedBox.seal(contentKey, to: recipient.publicKey)
    Benchmark("SealedBox seal 32 B key") { _ in
        blackHole(try! SealedBox.seal(contentKey, to: recipient.publicKey))
    }
    Benchmark("SealedBox open 32 B key") { _ in
        blackHole(try! SealedBox.open(box, with: recipient))
    }

    let streamKey = SecretBytes.random(count: 32)
    let chunk = SecureRandom.bytes(64 * 1024)
    let sealer = try! SecretStreamSealer(key: streamKey)
    Benchmark("SecretStream seal 64 KB chunk") { _ in
        blackHole(try! sealer.seal(chunk, isFinal: false))
    }

    let passphrase = SecretBytes(copying: Array("benchmark passphrase".utf8))
    let salt = SecureRandom.bytes(PasswordHash.saltLength)
    Benchmark(
        "Argon2id interactive (64 MiB, 2 passes)",
        configuration: .init(
            metrics: [.throughput, .wallClock, .peakMemoryResident],
            timeUnits: .milliseconds,
            warmupIterations: 1,
            maxDuration: .seconds(5),
            maxIterations: 10
        )
    ) { _ in
        blackHole(try! PasswordHash.deriveKey(passphrase: passphrase, salt: salt, length: 32, cost: .interactive))
    }
}
