import Foundation

/// What a run did: its diagnostics, counts and the time each stage took.
public struct BuildReport {
    public var diagnostics: [Diagnostic] = []
    public var documents = 0
    public var filesWritten = 0
    public var bytesWritten = 0
    public var stages: [(name: String, seconds: Double)] = []

    public var seconds: Double { stages.reduce(0) { $0 + $1.seconds } }
    public var succeeded: Bool { !diagnostics.hasErrors }

    /// `praxis: 24 documents, 0 errors, 1 warning in 0.42 s`.
    public var summary: String {
        func count(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
        let written = filesWritten > 0 ? ", \(count(filesWritten, "file")) written" : ""
        return "praxis: \(count(documents, "document")), \(count(diagnostics.errorCount, "error")), \(count(diagnostics.warningCount, "warning"))\(written) in \(String(format: "%.2f", seconds)) s"
    }
}

/// Wall time per stage, in the order the stages ran.
struct StageTimer {
    let progress: (any BuildProgress)?
    private(set) var stages: [(name: String, seconds: Double)] = []

    mutating func measure<T>(_ stage: String, total: Int? = nil, _ work: () throws -> T) rethrows -> T {
        progress?.stageStarted(stage, total: total)
        let start = DispatchTime.now().uptimeNanoseconds
        defer {
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            stages.append((stage, seconds))
            progress?.stageFinished(stage, seconds: seconds, peakMemory: Self.peakMemory())
        }
        return try work()
    }

    /// The process's peak resident memory in bytes (`ru_maxrss`, kilobytes on Linux).
    static func peakMemory() -> Int {
        var usage = rusage()
        guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return 0 }
        #if os(Linux)
        return usage.ru_maxrss * 1024
        #else
        return usage.ru_maxrss
        #endif
    }
}
