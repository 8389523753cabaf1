import GRDB
import Synchronization

/// Group commit: write operations submitted concurrently share one transaction, and so one
/// WAL fsync, while each keeps its own outcome.
///
/// Each operation runs inside its own savepoint of the shared transaction: one that throws is
/// rolled back alone and gets its own error; the others commit together. No caller is resumed
/// before the shared transaction is committed (durable), so "returned" still means "on disk".
/// While one batch commits, the next collects; under load a batch holds up to
/// ``maxBatch`` operations, and alone an operation is committed at once.
final class GroupCommitter: Sendable {
    /// Most operations in one transaction.
    static let maxBatch = 256

    private struct Job: Sendable {
        /// Runs the operation in a savepoint and keeps its result.
        let run: @Sendable (Database) -> Void
        /// Resumes the caller after the transaction ended, with the commit error if any.
        let finish: @Sendable ((any Error)?) -> Void
    }

    private struct State {
        var pending: [Job] = []
        var running = false
    }

    private let pool: DatabasePool
    private let state = Mutex(State())

    init(pool: DatabasePool) {
        self.pool = pool
    }

    /// Runs `operation` in the next shared transaction and returns its result once committed.
    func write<T: Sendable>(_ operation: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let outcome = Mutex<Result<T, any Error>?>(nil)
            let job = Job(
                run: { db in
                    do {
                        var value: T?
                        try db.inSavepoint {
                            value = try operation(db)
                            return .commit
                        }
                        outcome.withLock { $0 = .success(value!) }
                    } catch {
                        outcome.withLock { $0 = .failure(error) }
                    }
                },
                finish: { commitError in
                    let result = outcome.withLock { $0 } ?? .failure(commitError ?? CancellationError())
                    switch (result, commitError) {
                    case (.failure(let error), _): continuation.resume(throwing: error)
                    case (.success, let error?): continuation.resume(throwing: error)
                    case (.success(let value), nil): continuation.resume(returning: value)
                    }
                }
            )
            let start = state.withLock { state -> Bool in
                state.pending.append(job)
                if state.running { return false }
                state.running = true
                return true
            }
            if start { runBatch() }
        }
    }

    private func runBatch() {
        pool.asyncWriteWithoutTransaction { db in
            let jobs = self.state.withLock { state -> [Job] in
                let jobs = Array(state.pending.prefix(Self.maxBatch))
                state.pending.removeFirst(jobs.count)
                return jobs
            }
            var commitError: (any Error)?
            do {
                try db.inTransaction(.immediate) {
                    for job in jobs { job.run(db) }
                    return .commit
                }
            } catch {
                commitError = error
            }
            for job in jobs { job.finish(commitError) }
            let more = self.state.withLock { state -> Bool in
                if state.pending.isEmpty {
                    state.running = false
                    return false
                }
                return true
            }
            if more { self.runBatch() }
        }
    }
}
