import Foundation

/// Slots for `DispatchQueue.concurrentPerform` to fill: each iteration writes only its own index,
/// so no lock is needed; results come back in index order, whatever order threads finished in.
final class ConcurrentResults<T>: @unchecked Sendable {
    private let slots: UnsafeMutableBufferPointer<T?>

    init(count: Int) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil)
    }

    deinit {
        slots.deinitialize()
        slots.deallocate()
    }

    subscript(index: Int) -> T? {
        get { slots[index] }
        set { slots[index] = newValue }
    }

    /// Slots filled with `values`, for a job that takes each one once.
    convenience init(_ values: [T]) {
        self.init(count: values.count)
        for (index, value) in values.enumerated() { slots[index] = value }
    }

    /// The value in slot `index`, which is emptied: what a job has taken can be freed as soon as
    /// the job is done with it.
    func take(_ index: Int) -> T? {
        // Moved out, not copied and then released: a parsed page holds dozens of references.
        let value = (slots.baseAddress! + index).move()
        (slots.baseAddress! + index).initialize(to: nil)
        return value
    }

    /// Every value, moved out in index order; the slots are left empty.
    func takeAll() -> [T] {
        (0..<slots.count).map { take($0)! }
    }
}

/// `transform(number)` for every number below `count`, on every core, in number order. Each
/// result is made in its place in the array: there is no second copy of them all.
func concurrentMap<T>(_ count: Int, _ transform: @Sendable (Int) -> T) -> [T] {
    guard count > 0 else { return [] }
    return Array(unsafeUninitializedCapacity: count) { buffer, initialized in
        let shared = SharedStorage(buffer: buffer)
        DispatchQueue.concurrentPerform(iterations: count) { (shared.buffer.baseAddress! + $0).initialize(to: transform($0)) }
        initialized = count
    }
}

/// A buffer whose elements the cores of one `concurrentPerform` write, each its own.
struct SharedStorage<Element>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<Element>
}

/// `side` on another thread while `main` runs on this one: two independent pieces of work side
/// by side. If no thread has taken `side` up by the time `main` is done, this thread runs it, so
/// a busy pool never leaves the caller waiting for a job nobody runs.
func alongside<Side, Main>(_ side: @escaping @Sendable () -> Side, _ main: () -> Main) -> (Side, Main) {
    let job = SideJob(side)
    DispatchQueue.global().async { if job.runIfUnclaimed() { job.done.signal() } }
    let mainResult = main()
    if !job.runIfUnclaimed() { job.done.wait() }
    return (job.result!, mainResult)
}

private final class SideJob<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var work: (@Sendable () -> T)?
    private(set) var result: T?
    let done = DispatchSemaphore(value: 0)

    init(_ work: @escaping @Sendable () -> T) { self.work = work }

    /// Runs the work unless another thread has: true if this call ran it.
    func runIfUnclaimed() -> Bool {
        let claimed = lock.withLock { () -> (@Sendable () -> T)? in
            defer { work = nil }
            return work
        }
        guard let claimed else { return false }
        result = claimed()
        return true
    }
}
