import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// nginx as a plain mutual-TLS reverse proxy: the same CA, certificates, bodies and keep-alive as
/// the gateway's peer listener, two workers, in front of a second nginx server that answers 200.
struct NginxReference {
    let port: Int
    private let process: Process

    /// Writes a configuration under `folder` and starts `nginx` in the foreground.
    static func start(
        nginx: String, folder: String, tls: (certificate: String, privateKey: String, caBundle: String), port: Int,
        upstreamPort: Int
    ) async throws -> NginxReference {
        try FileManager.default.createDirectory(atPath: folder + "/logs", withIntermediateDirectories: true)
        let user = getuid() == 0 ? "user root;\n" : ""
        let configuration = """
            \(user)worker_processes 2;
            pid \(folder)/nginx.pid;
            error_log \(folder)/logs/error.log warn;
            events { worker_connections 1024; }
            http {
                access_log off;
                client_body_temp_path \(folder)/body;
                proxy_temp_path \(folder)/proxy;
                upstream backend { server 127.0.0.1:\(upstreamPort); keepalive 64; }
                server {
                    listen 127.0.0.1:\(port) ssl;
                    ssl_certificate \(tls.certificate);
                    ssl_certificate_key \(tls.privateKey);
                    ssl_client_certificate \(tls.caBundle);
                    ssl_verify_client on;
                    ssl_protocols TLSv1.2 TLSv1.3;
                    keepalive_requests 1000000;
                    client_max_body_size 4m;
                    client_body_buffer_size 64k;
                    location / {
                        proxy_pass http://backend;
                        proxy_http_version 1.1;
                        proxy_set_header Connection "";
                    }
                }
                server {
                    listen 127.0.0.1:\(upstreamPort);
                    keepalive_requests 1000000;
                    client_max_body_size 4m;
                    client_body_buffer_size 64k;
                    location / { return 200 '{"status":"accepted"}'; }
                }
            }
            """
        let path = folder + "/nginx.conf"
        try configuration.write(toFile: path, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: nginx)
        process.arguments = ["-p", folder, "-c", path, "-g", "daemon off;"]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        for _ in 0..<100 where !LoadNetwork.listening(port) { try await Task.sleep(for: .milliseconds(100)) }
        guard process.isRunning, LoadNetwork.listening(port) else {
            throw LoadError("nginx did not start; see \(folder)/logs/error.log")
        }
        return NginxReference(port: port, process: process)
    }

    func stop() async { await LoadNetwork.stop(process) }
}
