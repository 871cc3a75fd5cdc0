import Jobs
import Locking
import Synchronization
import Testing

@Suite struct BoundedJobsTests {
    /// Items running now and the most at once.
    final class Gauge: Sendable {
        private let state = Mutex((now: 0, most: 0))
        var most: Int { state.locked { $0.most } }
        func enter() { state.locked { $0.now += 1; $0.most = max($0.most, $0.now) } }
        func leave() { state.locked { $0.now -= 1 } }
    }

    struct Failure: Error, Equatable { let item: Int }

    @Test("results come back in item order with at most `jobs` items running at once")
    func mapIsBounded() async throws {
        let gauge = Gauge()
        let results = try await BoundedJobs.map(Array(0..<20), jobs: 3) { item in
            gauge.enter()
            defer { gauge.leave() }
            try await Task.sleep(for: .milliseconds(5 * (item % 4)))
            return item * item
        }
        #expect(results == (0..<20).map { $0 * $0 })
        #expect(gauge.most <= 3 && gauge.most >= 2)
    }

    @Test("after the first error no new item starts, and that error is thrown")
    func firstErrorStops() async {
        let started = Mutex<[Int]>([])
        await #expect(throws: Failure(item: 1)) {
            try await BoundedJobs.forEach(Array(0..<10), jobs: 2) { item in
                started.locked { $0.append(item) }
                if item == 1 { throw Failure(item: 1) }
                try await Task.sleep(for: .milliseconds(200))
                return item
            } onResult: { _, _ in }
        }
        #expect(started.locked { $0.count } <= 3)
    }
}
