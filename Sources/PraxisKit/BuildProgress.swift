/// Receives progress while a build runs, for a live display. Called from worker threads too,
/// so implementations must be thread-safe. `SiteBuilder` works the same without one.
public protocol BuildProgress: Sendable {
    /// A stage begins; `total` is the number of items it will report, when known.
    func stageStarted(_ stage: String, total: Int?)
    /// `count` more items of the current stage are done.
    func advance(by count: Int)
    func stageFinished(_ measurement: StageMeasurement)
}
