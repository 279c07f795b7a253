import Foundation

/// The workplace's shared inputs the tests read (gen-corpus.py, the Snowball vectors), kept in
/// the repository under `Tests/fixtures/shared/` so a fresh clone on any machine has them;
/// `PRAXIS_SHARED` points elsewhere (e.g. at `../shared` to try a newer copy).
enum SharedInputs {
    static let root: String = ProcessInfo.processInfo.environment["PRAXIS_SHARED"]
        ?? TestSite.repository + "/Tests/fixtures/shared"

    static func path(_ relative: String) -> String { root + "/" + relative }
}
