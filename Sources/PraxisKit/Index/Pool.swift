import Foundation

/// Values that are costly to make again and are used by one thread at a time (a tokenizer and
/// what it remembers, an excerpt picker's scratch arrays): a job takes one, or a new one when
/// all are taken, and gives it back when done. What a value holds must not change what a job
/// makes with it, only how fast, since which value a job gets depends on scheduling.
final class Pool<Value>: @unchecked Sendable {
    private let make: () -> Value
    private let lock = NSLock()
    private var idle: [Value] = []

    init(_ make: @escaping () -> Value) { self.make = make }

    func take() -> Value {
        lock.withLock { idle.popLast() } ?? make()
    }

    func give(back value: Value) {
        lock.withLock { idle.append(value) }
    }
}
