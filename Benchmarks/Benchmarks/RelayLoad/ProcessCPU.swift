import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// CPU time (user + system) a process has used, from `/proc/PID/stat`: unlike wall-clock rates it
/// does not count time the hypervisor gave to other machines, so it compares runs on a busy host.
enum ProcessCPU {
    /// Seconds of CPU used so far by `pid` (this process when `nil`), or `nil` when it cannot be read.
    static func seconds(_ pid: Int32? = nil) -> Double? {
        let path = "/proc/\(pid.map(String.init) ?? "self")/stat"
        guard let text = try? String(contentsOfFile: path, encoding: .utf8),
            let end = text.lastIndex(of: ")")
        else { return nil }
        // After "pid (comm)" come the fields from `state` (field 3) on; utime and stime are fields 14 and 15.
        let fields = text[text.index(after: end)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }
}
