import Foundation
import Testing
@testable import PraxisKit

/// What a build lets go of is freed on another thread, unless the process ends with the build
/// (the command line, `SiteBuilder.Options.endsProcess`): then a rebuild frees nothing at all.
@Suite("Leftovers")
struct LeftoversTests {
    private final class Value: @unchecked Sendable {}

    @Test func whatABuildLetsGoOfIsFreedOnAnotherThread() async throws {
        weak var value: Value?
        do {
            let made = Value()
            value = made
            Leftovers().free(made)
        }
        for _ in 0..<200 where value != nil { try await Task.sleep(for: .milliseconds(10)) }
        #expect(value == nil, "freed once the other thread has run")
    }

    @Test func aProcessThatEndsWithTheBuildKeepsWhatItLetsGoOfUntilThen() async throws {
        weak var stage: Value?
        weak var end: Value?
        do {
            let leftovers = Leftovers(untilExit: true)
            let (first, second) = (Value(), Value())
            (stage, end) = (first, second)
            leftovers.free(first)
            leftovers.keep(second)
            leftovers.release()
        }
        try await Task.sleep(for: .milliseconds(200))
        #expect(stage != nil && end != nil, "neither freed: the process takes it all back when it ends")
    }

    @Test func onlyARebuildOfAFewTensOfThousandsOfPagesKeepsWhatItsStagesLeave() {
        let leftovers = Leftovers(untilExit: true)
        #expect(Leftovers.forStages(of: leftovers, rebuilding: true, pages: 10_000) === leftovers)
        #expect(!Leftovers.forStages(of: leftovers, rebuilding: false, pages: 10_000).untilExit, "a full build frees its parsed pages as it goes")
        #expect(!Leftovers.forStages(of: leftovers, rebuilding: true, pages: 100_000).untilExit, "a large site's rebuild keeps its peak down")
    }
}
