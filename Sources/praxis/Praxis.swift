import ArgumentParser
import Foundation
import PraxisKit

/// Turns arguments into a `SiteBuilder` run and its report into output and an exit status.
@main
struct Praxis: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Validate, cross-link and render a Praxis knowledge repository.",
        subcommands: [Build.self, Check.self],
        defaultSubcommand: Build.self)
}

struct CommonOptions: ParsableArguments {
    @Option(name: .long, help: "The repository root (holds site.yml and content/).")
    var root: String = FileManager.default.currentDirectoryPath

    @Flag(name: .long, help: "Include documents with `status: draft`.")
    var drafts = false

    @Flag(name: .long, help: "Print the time each stage took (always printed when not on a terminal).")
    var timings = false

    @Flag(name: .long, help: "Ignore the build cache (.praxis-cache/) and do every step again.")
    var noCache = false

    var progress: TerminalProgress { TerminalProgress(showStages: timings) }

    var paths: ProjectPaths { ProjectPaths(root: absolute(root)) }

    func options(write: Bool) -> SiteBuilder.Options {
        .init(includeDrafts: drafts, write: write, progress: progress, useCache: !noCache, endsProcess: true)
    }

    func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }
}

struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Build the site into the output folder (default _site/).")

    @OptionGroup var common: CommonOptions

    @Option(name: .shortAndLong, help: "The output folder; replaced only when the build succeeds.")
    var output: String?

    func run() throws {
        let paths = ProjectPaths(root: common.paths.root, output: output.map(common.absolute))
        let report = SiteBuilder(paths: paths, options: common.options(write: true)).run()
        try finish(report)
        print(paths.output + "/index.html")
    }
}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Validate everything a build would, and write nothing.")

    @OptionGroup var common: CommonOptions

    func run() throws {
        try finish(SiteBuilder(paths: common.paths, options: common.options(write: false)).run())
    }
}

/// Prints every diagnostic and the summary to standard error; exit status 1 when any is an error.
func finish(_ report: BuildReport) throws {
    var lines = report.diagnostics.map(\.description)
    lines.append(report.summary)
    FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
    if !report.succeeded { throw ExitCode(1) }
}
