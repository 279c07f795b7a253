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
}
