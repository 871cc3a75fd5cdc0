import Dispatch
import Locking
import Synchronization
import Testing

@Suite("Mutex sections through locked")
struct LockedTests {
    @Test("locked serialises its sections: concurrent increments all count, and it returns the body's result")
    func serialises() {
        let counts = Mutex([0, 0])
        DispatchQueue.concurrentPerform(iterations: 8) { k in
            for _ in 0..<5_000 { counts.locked { $0[k % 2] += 1 } }
        }
        #expect(counts.locked { $0 } == [20_000, 20_000])
        #expect(counts.locked { $0.reduce(0, +) } == 40_000)
    }

    @Test("lockedIfAvailable runs when the mutex is free and gives nil while another thread holds it")
    func ifAvailable() {
        let value = Mutex(1)
        #expect(value.lockedIfAvailable { $0 += 1; return $0 } == 2)
        let held = DispatchSemaphore(value: 0), done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            value.locked { _ in
                held.signal()
                done.wait()
            }
        }
        held.wait()
        #expect(value.lockedIfAvailable { $0 } == nil)
        done.signal()
        #expect(value.locked { $0 } == 2)
    }

    @Test("a body's error passes through, typed")
    func throwsTyped() {
        struct Refused: Error, Equatable {}
        let value = Mutex(0)
        #expect(throws: Refused()) { try value.locked { (_: inout Int) throws(Refused) in throw Refused() } }
    }
}
