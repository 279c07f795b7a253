import Foundation
import PraxisKit

/// On a terminal, one live line per stage (`praxis: parse 4,200/10,000`), redrawn at most ten
/// times a second and erased when the stage ends; elsewhere (CI logs), one line per finished stage.
final class TerminalProgress: BuildProgress, @unchecked Sendable {
    private let lock = NSLock()
    private let interactive: Bool
    private let showStages: Bool
    private var stage = ""
    private var done = 0
    private var total: Int?
    private var lastDraw = 0.0

    init(showStages: Bool) {
        interactive = isatty(STDERR_FILENO) == 1 && ProcessInfo.processInfo.environment["CI"] == nil
        self.showStages = showStages || !interactive
    }

    func stageStarted(_ stage: String, total: Int?) {
        lock.withLock {
            self.stage = stage
            self.total = total
            done = 0
            draw(force: true)
        }
    }

    func advance(by count: Int) {
        lock.withLock {
            done += count
            draw(force: false)
        }
    }

    func stageFinished(_ measurement: StageMeasurement) {
        lock.withLock {
            if interactive { write("\r\u{1B}[2K") }
            if showStages { write("praxis: \(measurement.description)\n") }
        }
    }

    private func draw(force: Bool) {
        guard interactive else { return }
        let now = Date().timeIntervalSinceReferenceDate
        guard force || now - lastDraw > 0.1 else { return }
        lastDraw = now
        let count = total.map { " \(done)/\($0)" } ?? ""
        write("\r\u{1B}[2Kpraxis: \(stage)…\(count)")
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
