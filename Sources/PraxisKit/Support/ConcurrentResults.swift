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

    var values: [T] { slots.map { $0! } }

    /// Slots filled with `values`, for a job that takes each one once.
    convenience init(_ values: [T]) {
        self.init(count: values.count)
        for (index, value) in values.enumerated() { slots[index] = value }
    }

    /// The value in slot `index`, which is emptied: what a job has taken can be freed as soon as
    /// the job is done with it.
    func take(_ index: Int) -> T? {
        defer { slots[index] = nil }
        return slots[index]
    }
}
