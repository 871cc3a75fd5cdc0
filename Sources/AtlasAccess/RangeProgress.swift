import Locking
import Synchronization
import Foundation
import TextFormats

/// Progress of one file's ranged fetch: bytes fetched against the bytes to fetch, requests,
/// rate and time left.
public struct RangeProgress: Sendable {
    public let file: AtlasFile
    public let fetched: Int64
    public let needed: Int64
    public let requests: Int
    public let retries: Int
    public let seconds: Double
    public let finished: Bool

    public var bytesPerSecond: Double { seconds > 0 ? Double(fetched) / seconds : 0 }
    public var secondsRemaining: Double? {
        bytesPerSecond > 0 && needed >= fetched ? Double(needed - fetched) / bytesPerSecond : nil
    }

    public var text: String {
        let rate = bytesPerSecond > 0 ? "\(ByteSize.format(Int64(bytesPerSecond)))/s" : "-"
        let retried = retries > 0 ? ", \(retries) retried" : ""
        if finished {
            return "\(file.fileName): ranges done, \(ByteSize.format(fetched)) in \(requests) requests\(retried), \(rate)"
        }
        let eta = secondsRemaining.map { String(format: ", ETA %d:%02d", Int($0) / 60, Int($0) % 60) } ?? ""
        return "\(file.fileName): ranges \(ByteSize.format(fetched)) / \(ByteSize.format(needed)), \(requests) requests\(retried), \(rate)\(eta)"
    }
}

/// Counts a prefetch's bytes and requests from its threads and reports at most every quarter second.
final class RangeMeter: Sendable {
    private struct Counts {
        var fetched: Int64 = 0
        var requests = 0
        var retries = 0
        var lastReport = Date.distantPast
    }
    private let file: AtlasFile
    private let needed: Int64
    private let report: (@Sendable (RangeProgress) -> Void)?
    private let started = Date()
    private let counts = Mutex(Counts())

    init(file: AtlasFile, needed: Int64, report: (@Sendable (RangeProgress) -> Void)?) {
        self.file = file
        self.needed = needed
        self.report = report
    }

    func add(_ bytes: Int) { counts.locked { $0.fetched += Int64(bytes) } }
    func retry() { counts.locked { $0.retries += 1 } }

    func request() {
        let due: RangeProgress? = counts.locked { counts in
            counts.requests += 1
            guard Date().timeIntervalSince(counts.lastReport) >= 0.25 else { return nil }
            counts.lastReport = Date()
            return snapshot(counts, finished: false)
        }
        if let due { report?(due) }
    }

    func finish() {
        guard needed > 0 else { return }
        report?(counts.locked { snapshot($0, finished: true) })
    }

    private func snapshot(_ counts: Counts, finished: Bool) -> RangeProgress {
        RangeProgress(file: file, fetched: counts.fetched, needed: needed, requests: counts.requests, retries: counts.retries,
                      seconds: Date().timeIntervalSince(started), finished: finished)
    }
}
