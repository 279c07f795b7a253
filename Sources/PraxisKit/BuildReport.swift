import Foundation

/// What a run did: its diagnostics, counts and the time each stage took.
public struct BuildReport {
    public var diagnostics: [Diagnostic] = []
    public var documents = 0
    public var filesWritten = 0
    public var bytesWritten = 0
    public var stages: [(name: String, seconds: Double)] = []
    /// Wall time from the first stage's start to the last one's end (stages may overlap).
    public var seconds: Double = 0
    /// Pages whose terms were patched into the last build's search index; nil when the index was
    /// merged from every page's terms.
    public var patchedDocuments: Int?
    /// The Link stage's result was the last build's, nothing it reads having changed (`LinkMemo`).
    public var linksKept = false
    /// More than half of the documents were taken from the cache's parsed pages, unread: a
    /// rebuild, whose stages keep what they leave until the process ends (`Leftovers.forStages`).
    public var rebuilt = false
    /// Pages whose "See also" was ranked from the feature lists, not carried over from the last
    /// build's (`SimilarityMemo`); nil when nothing was ranked (a build with errors).
    public var pagesRankedAgain: Int?
    /// Search terms whose entries were scored, not known unchanged from the index the build
    /// patched (`ScoredTerms`), and every term the index has; nil when no index was made.
    public var termsScored: (again: Int, of: Int)?

    public var succeeded: Bool { !diagnostics.hasErrors }

    /// `praxis: 24 documents, 0 errors, 1 warning in 0.42 s`.
    public var summary: String {
        func count(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
        let written = filesWritten > 0 ? ", \(count(filesWritten, "file")) written" : ""
        return "praxis: \(count(documents, "document")), \(count(diagnostics.errorCount, "error")), \(count(diagnostics.warningCount, "warning"))\(written) in \(String(format: "%.2f", seconds)) s"
    }
}

/// What one stage took: wall time, processor time of all its threads, and the process's peak
/// memory when it ended. Processor time above the wall time shows the stage ran on several cores.
public struct StageMeasurement: Sendable {
    public var stage: String
    public var seconds: Double
    public var processorSeconds: Double
    /// Resident bytes, the most the process has held so far.
    public var peakMemory: Int

    /// `parse 4.076 s (cpu 7.81 s, peak memory 263 MB)`.
    public var description: String {
        String(format: "%@ %.3f s (cpu %.2f s, peak memory %d MB)", stage, seconds, processorSeconds, peakMemory / 1_048_576)
    }
}

/// Wall time per stage, in the order the stages ran.
struct StageTimer {
    let progress: (any BuildProgress)?
    private(set) var stages: [(name: String, seconds: Double)] = []
    private let start = DispatchTime.now().uptimeNanoseconds

    init(progress: (any BuildProgress)?) {
        self.progress = progress
    }

    /// Wall time since the timer was made.
    var elapsed: Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }

    mutating func measure<T>(_ stage: String, total: Int? = nil, _ work: () throws -> T) rethrows -> T {
        progress?.stageStarted(stage, total: total)
        let (result, measurement) = try Self.measured(stage, work)
        record(measurement)
        return result
    }

    /// `work`, and what it took, without showing it: for a stage that runs beside others, on
    /// another thread, and is `record`ed when it has joined them. Its processor time is the
    /// whole process's over that time.
    static func measured<T>(_ stage: String, _ work: () throws -> T) rethrows -> (T, StageMeasurement) {
        let start = DispatchTime.now().uptimeNanoseconds
        let (startProcessor, _) = usage()
        let result = try work()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let (processor, peak) = usage()
        return (result, StageMeasurement(stage: stage, seconds: seconds, processorSeconds: processor - startProcessor, peakMemory: peak))
    }

    mutating func record(_ measurement: StageMeasurement) {
        stages.append((measurement.stage, measurement.seconds))
        progress?.stageFinished(measurement)
    }

    /// User and system time of the whole process so far, and its peak resident bytes
    /// (`ru_maxrss` counts kilobytes on Linux, bytes on macOS).
    static func usage() -> (processorSeconds: Double, peakMemory: Int) {
        var usage = rusage()
        guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return (0, 0) }
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        #if os(Linux)
        let peak = usage.ru_maxrss * 1024
        #else
        let peak = usage.ru_maxrss
        #endif
        return (seconds(usage.ru_utime) + seconds(usage.ru_stime), peak)
    }
}
