import Foundation
import Testing

/// `make site` needs only what building needs; the test packages are asked for by `make test`.
/// Make runs with a stand-in `dpkg` that knows only the packages named here and an `id` that is
/// never root, so the Makefile prints what to install instead of installing anything; `swift`
/// and `praxis` are `true`.
@Suite("Makefile packages", .serialized)
struct MakefileTests {
    static let building = ["libcmark-gfm-dev", "libcmark-gfm-extensions-dev", "libmimalloc-dev", "pkg-config"]

    @Test(arguments: ["site", "build", "check"])
    func buildingNeedsOnlyTheBuildPackages(target: String) throws {
        let result = try Self.make(target, installed: Self.building)
        #expect(result.status == 0, "\(result.output)")
        #expect(!result.output.contains("apt-get"))
    }

    @Test func aMissingBuildPackageIsNamedInTheCommandToRun() throws {
        let result = try Self.make("site", installed: ["pkg-config"])
        #expect(result.status != 0)
        #expect(result.output.contains("Praxis needs these Debian packages. Run:\n  sudo apt-get install -y libcmark-gfm-dev libcmark-gfm-extensions-dev libmimalloc-dev\n"))
    }

    @Test func theTestsAskForEverythingTheyNeedAtOnce() throws {
        let result = try Self.make("test", installed: Self.building)
        #expect(result.status != 0)
        #expect(result.output.contains("  sudo apt-get install -y python3 nodejs python3-venv chromium chromium-driver fonts-liberation default-jre-headless\n"))
    }
}

private extension MakefileTests {
    static func make(_ target: String, installed: [String]) throws -> (status: Int32, output: String) {
        let bin = NSTemporaryDirectory() + "praxis-make-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: bin) }
        try stub(bin + "/dpkg", "for p in $PRAXIS_INSTALLED; do [ \"$p\" = \"$2\" ] && exit 0; done; exit 1")
        try stub(bin + "/id", "echo 1000")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["make", "--no-print-directory", "-s", "-C", TestSite.repository, target, "SWIFT=true", "PRAXIS=true"]
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = bin + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        environment["PRAXIS_INSTALLED"] = installed.joined(separator: " ")
        environment["MAKEFLAGS"] = nil
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }

    static func stub(_ path: String, _ script: String) throws {
        try Data("#!/bin/sh\n\(script)\n".utf8).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
    }
}
