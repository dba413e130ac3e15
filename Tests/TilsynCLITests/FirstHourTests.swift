import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
import _TilsynTestSupport

/// What a newcomer meets in the first hour outside the README's steps: a mistyped command, a port
/// already taken, the demo's closing pointers, `codes issue` on the demo's register.
@Suite struct FirstHourTests {
    /// Exit 1 and exactly `sentence` (after "Error: ") on standard error, nothing else.
    func expectRefusal(_ arguments: [String], _ sentence: String, in directory: URL? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let r = try CommandRunner.run(arguments, in: directory)
        #expect(r.status == 1, "exit \(r.status): \(r.stderr)", sourceLocation: sourceLocation)
        #expect(r.stderr == "Error: \(sentence)\n", sourceLocation: sourceLocation)
    }

    @Test(arguments: [
        (["lsit"], "Unknown command 'lsit'. Did you mean 'list'?"),
        (["fti", "--spec", "x"], "Unknown command 'fti'. Did you mean 'fit'?"),
        (["serv"], "Unknown command 'serv'. Did you mean 'serve'?"),
        (["modelcards"], "Unknown command 'modelcards'. Did you mean 'modelcard'?"),
        (["codes", "isue", "--data", "r.csv"], "Unknown command 'isue'. Did you mean 'issue'?"),
        (["audit", "verfy"], "Unknown command 'verfy'. Did you mean 'verify'?"),
    ])
    func aMistypedCommandGetsTheNearest(arguments: [String], sentence: String) throws {
        try expectRefusal(arguments, sentence)
    }

    @Test func aWordNearNoCommandListsThem() throws {
        let r = try CommandRunner.run(["xyzzyq"])
        #expect(r.status == 1)
        #expect(r.stderr.hasPrefix("Error: Unknown command 'xyzzyq'; `tilsyn` has: demo, fit, score, explain, list, "), "\(r.stderr)")
        #expect(r.stderr.hasSuffix(", help.\n") && r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
    }

    @Test func realCommandsHelpAndOptionsStillWork() throws {
        #expect(try CommandRunner.run(["help", "fit"]).status == 0)
        #expect(try CommandRunner.run(["--version"]).status == 0)
        #expect(try CommandRunner.run(["audit", "--help"]).status == 0)
        let r = try CommandRunner.run(["fit", "--spec"])
        #expect(r.status != 0 && !r.stderr.contains("Unknown command"), "the parser judges options: \(r.stderr)")
    }

    /// A listening socket on 127.0.0.1 at a free port, held until `close`.
    final class Listener {
        let fd: Int32
        let port: Int
        init() throws {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = 0
            let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
            guard bound == 0, listen(fd, 4) == 0 else { throw CommandRunner.FixtureError(description: "cannot listen: errno \(errno)") }
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
            self.fd = fd
            port = Int(UInt16(bigEndian: address.sin_port))
        }
        deinit {
            #if canImport(Glibc)
            Glibc.close(fd)
            #else
            Darwin.close(fd)
            #endif
        }
    }

    /// The port is checked before anything is read: with a model file that does not even exist, the
    /// port in use is what the one sentence names.
    @Test func servingOnAPortInUseNamesThePortFirst() throws {
        let listener = try Listener()
        try expectRefusal(["serve", "--model", "/nonexistent/model.json", "--data", "/nonexistent/register.csv", "--port", String(listener.port)],
                          "Port \(listener.port) on 127.0.0.1 is already in use by another program; stop it or give another --port (0 takes any free port).")
    }

    @Test func theDemoChecksItsPortBeforeGenerating() throws {
        let listener = try Listener()
        let dir = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let started = Date()
        try expectRefusal(["demo", "--serve", "--port", String(listener.port), "--out", dir.appendingPathComponent("demo").path, "--units", "30000"],
                          "Port \(listener.port) on 127.0.0.1 is already in use by another program; stop it or give another --port (0 takes any free port).")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("demo").path), "nothing generated")
        #expect(Date().timeIntervalSince(started) < 10)
    }

    @Test func anAddressThatIsNotThisMachinesIsNamed() throws {
        let r = try CommandRunner.run(["serve", "--model", "m.json", "--data", "r.csv", "--host", "192.0.2.1", "--port", "8080"])
        #expect(r.status == 1)
        #expect(r.stderr == "Error: Cannot listen on --host 192.0.2.1 --port 8080: cannot assign requested address.\n", "\(r.stderr)")
    }
}
