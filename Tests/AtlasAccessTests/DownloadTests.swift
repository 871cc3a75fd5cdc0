import AtlasAccess
import Checksums
import Foundation
import Testing
import TestSupport

/// Downloads through libcurl against the real bucket server, with injected faults.
@Suite(.needsPython) struct DownloadTests {
    static let fastRetry = RetryPolicy(attempts: 4, checksumAttempts: 2, initialDelay: 0.05, maxDelay: 0.2, connectTimeout: 5, stallTimeout: 10)
    static let matrix = "expression_matrices/WMB-10Xv3/20230630/WMB-10Xv3-MB-raw.h5ad"

    func open(_ server: BucketServer, cache: URL) async throws -> AtlasRelease {
        let project = AtlasProject(source: try AtlasSource(baseURL: server.baseURL), cache: AtlasCache(root: cache), retry: Self.fastRetry)
        return try await project.open(.pinned("20250101"))
    }

    @Test func downloadsVerifiesAndRecords() async throws {
        let bucket = try TestBucket()
        let server = try BucketServer(root: bucket.root)
        let cache = try TestPaths.temporaryDirectory("cache")
        let release = try await open(server, cache: cache)
        let fetched = try await release.fetch(try release.file(directory: "WMB-10Xv3", name: "WMB-10Xv3-MB/raw"))
        #expect(fetched.origin == .downloaded)
        #expect(fetched.path == cache.appendingPathComponent(Self.matrix))
        #expect(try Data(contentsOf: fetched.path) == bucket.data(Self.matrix))
        #expect(!FileManager.default.fileExists(atPath: fetched.path.path + ".part"))
        let recorded = try JSONSerialization.jsonObject(with: Data(contentsOf: cache.appendingPathComponent("_downloaded_data.json"))) as? [String]
        #expect(recorded == [fetched.path.resolvingSymlinksInPath().path])
        #expect(try String(contentsOf: cache.appendingPathComponent("_manifest_last_used.txt"), encoding: .utf8) == "releases/20250101/manifest.json")

        // A second fetch, even by a new project over the same cache, makes no request.
        let before = try server.requests().count
        let again = try await open(server, cache: cache)
        let second = try await again.fetch(try again.file(directory: "WMB-10Xv3", name: "WMB-10Xv3-MB/raw"))
        #expect(second.origin == .cached)
        #expect(try server.requests().count == before)
    }

    @Test func droppedConnectionResumesWithRange() async throws {
        let bucket = try TestBucket()
        let server = try BucketServer(root: bucket.root, faults: [Self.matrix: [.drop(after: 70_000)]])
        let release = try await open(server, cache: try TestPaths.temporaryDirectory("cache"))
        let events = EventLog()
        let fetched = try await release.fetch(try release.file(directory: "WMB-10Xv3", name: "WMB-10Xv3-MB/raw"), progress: events.add)
        #expect(try Data(contentsOf: fetched.path) == bucket.data(Self.matrix))
        let requests = try server.requests(for: Self.matrix)
        #expect(requests.count == 2)
        #expect(requests.last?.range == "bytes=70000-")
        #expect(requests.last?.status == 206)
        #expect(Double(requests.reduce(0) { $0 + $1.bytes }) < 1.2 * Double(TestBucket.matrixSize))
        #expect(events.phases.contains(.started(resumingAt: 70_000)))
        #expect(events.phases.contains { if case .retrying = $0 { true } else { false } })
        #expect(events.phases.last == .finished)
    }

    /// Fetches the MB matrix into a cache that holds its first `count` bytes as a `.part`, as an
    /// interrupted process leaves it, and checks the result.
    func fetchMatrix(_ bucket: TestBucket, _ server: BucketServer, leavingPartOf count: Int) async throws {
        let cache = try TestPaths.temporaryDirectory("cache")
        let part = cache.appendingPathComponent(Self.matrix + ".part")
        try FileManager.default.createDirectory(at: part.deletingLastPathComponent(), withIntermediateDirectories: true)
        try bucket.data(Self.matrix).prefix(count).write(to: part)
        let release = try await open(server, cache: cache)
        let fetched = try await release.fetch(try release.file(directory: "WMB-10Xv3", name: "WMB-10Xv3-MB/raw"))
        #expect(try Data(contentsOf: fetched.path) == bucket.data(Self.matrix))
    }

    @Test func partLeftByAnotherProcessIsResumed() async throws {
        let bucket = try TestBucket()
        let server = try BucketServer(root: bucket.root)
        try await fetchMatrix(bucket, server, leavingPartOf: 123_456)
        let requests = try server.requests(for: Self.matrix)
        #expect(requests.map(\.range) == ["bytes=123456-"])
        #expect(requests.first?.bytes == TestBucket.matrixSize - 123_456)
    }

    @Test func serverIgnoringRangeRestartsThePart() async throws {
        let bucket = try TestBucket()
        let server = try BucketServer(root: bucket.root, faults: [Self.matrix: [.ignoreRange]])
        try await fetchMatrix(bucket, server, leavingPartOf: 50_000)
        let requests = try server.requests(for: Self.matrix)
        // curl refuses the 200 answer to its range request; the part starts over from byte 0.
        #expect(requests.map(\.range) == ["bytes=50000-", nil])
        #expect(requests.last?.bytes == TestBucket.matrixSize)
    }

    @Test func wrongBytesAreRetriedThenAccepted() async throws {
        let bucket = try TestBucket()
        let server = try BucketServer(root: bucket.root, faults: [Self.matrix: [.corrupt]])
        let release = try await open(server, cache: try TestPaths.temporaryDirectory("cache"))
        let fetched = try await release.fetch(try release.file(directory: "WMB-10Xv3", name: "WMB-10Xv3-MB/raw"))
        #expect(try Data(contentsOf: fetched.path) == bucket.data(Self.matrix))
        let requests = try server.requests(for: Self.matrix)
        #expect(requests.count == 2)
        #expect(requests.allSatisfy { $0.range == nil })
    }

    @Test func persistentlyWrongBytesFailNamingBothHashes() async throws {
        let bucket = try TestBucket()
        let server = try BucketServer(root: bucket.root, faults: [Self.matrix: [.corrupt, .corrupt, .corrupt]])
        let cache = try TestPaths.temporaryDirectory("cache")
        let release = try await open(server, cache: cache)
        let file = try release.file(directory: "WMB-10Xv3", name: "WMB-10Xv3-MB/raw")
        let wrong = Checksums.FileDigest.md5(of: Data(try bucket.data(Self.matrix).map { $0 ^ 0xFF }))
        let error = await #expect(throws: AtlasAccessError.self) { try await release.fetch(file) }
        let text = try #require(error).description
        #expect(text.contains(file.md5) && text.contains(wrong))
        #expect(text.contains(server.baseURL.absoluteString + Self.matrix))
        let final = cache.appendingPathComponent(Self.matrix)
        #expect(!FileManager.default.fileExists(atPath: final.path))
        #expect(!FileManager.default.fileExists(atPath: final.path + ".part"))
    }

    @Test func endlessBodyStopsAtTheManifestSize() async throws {
        let bucket = try TestBucket()
        let server = try BucketServer(root: bucket.root, faults: [Self.matrix: [.endless]])
        let cache = try TestPaths.temporaryDirectory("cache")
        let release = try await open(server, cache: cache)
        let file = try release.file(directory: "WMB-10Xv3", name: "WMB-10Xv3-MB/raw")
        let error = await #expect(throws: AtlasAccessError.self) { try await release.fetch(file) }
        let text = try #require(error).description
        #expect(text.contains(cache.appendingPathComponent(Self.matrix).path) && text.contains("more than the manifest's \(TestBucket.matrixSize) bytes"))
        let final = cache.appendingPathComponent(Self.matrix)
        #expect(!FileManager.default.fileExists(atPath: final.path))
        #expect(!FileManager.default.fileExists(atPath: final.path + ".part"))
        // One request, cut off: the server (which logs once its writes fail) got far less than its 1 GiB cap out.
        var requests = try server.requests(for: Self.matrix)
        for _ in 0..<50 where requests.isEmpty {
            try await Task.sleep(for: .milliseconds(100))
            requests = try server.requests(for: Self.matrix)
        }
        #expect(requests.count == 1)
        #expect(requests.allSatisfy { $0.bytes < 100 * TestBucket.matrixSize })
    }

    @Test func serviceUnavailableIsRetried() async throws {
        let bucket = try TestBucket()
        let server = try BucketServer(root: bucket.root, faults: [Self.matrix: [.status(503), .status(503)]])
        let release = try await open(server, cache: try TestPaths.temporaryDirectory("cache"))
        let fetched = try await release.fetch(try release.file(directory: "WMB-10Xv3", name: "WMB-10Xv3-MB/raw"))
        #expect(try Data(contentsOf: fetched.path) == bucket.data(Self.matrix))
        #expect(try server.requests(for: Self.matrix).map(\.status) == [503, 503, 200])
    }

    @Test func missingObjectFailsWithURLPathAndStatus() async throws {
        let bucket = try TestBucket()
        try FileManager.default.removeItem(at: bucket.root.appendingPathComponent(Self.matrix))
        let server = try BucketServer(root: bucket.root)
        let cache = try TestPaths.temporaryDirectory("cache")
        let release = try await open(server, cache: cache)
        let file = try release.file(directory: "WMB-10Xv3", name: "WMB-10Xv3-MB/raw")
        let error = await #expect(throws: AtlasAccessError.self) { try await release.fetch(file) }
        let text = try #require(error).description
        #expect(text.contains("HTTP 404") && text.contains("curl code 22"))
        #expect(text.contains(server.baseURL.absoluteString + Self.matrix) && text.contains(cache.appendingPathComponent(Self.matrix).path))
        #expect(try server.requests(for: Self.matrix).count == 1)
    }

    @Test func cancellingStopsTheTransferAndKeepsTheResumablePart() async throws {
        let bucket = try TestBucket()
        let server = try BucketServer(root: bucket.root, faults: [Self.matrix: [.slow(chunk: 2048, delay: 0.1)]])
        let cache = try TestPaths.temporaryDirectory("cache")
        let release = try await open(server, cache: cache)
        let file = try release.file(directory: "WMB-10Xv3", name: "WMB-10Xv3-MB/raw")
        let events = EventLog()
        let task = Task { try await release.fetch(file, progress: events.add) }
        while events.bytesReported == 0 { try await Task.sleep(for: .milliseconds(20)) }
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
        let part = cache.appendingPathComponent(Self.matrix + ".part")
        let kept = try Data(contentsOf: part)
        #expect(kept.count > 0 && kept.count < TestBucket.matrixSize)
        #expect(try kept == bucket.data(Self.matrix).prefix(kept.count))
        #expect(!FileManager.default.fileExists(atPath: cache.appendingPathComponent(Self.matrix).path))
    }

    @Test func severalFilesInParallel() async throws {
        let bucket = try TestBucket()
        let server = try BucketServer(root: bucket.root, faults: [Self.matrix: [.drop(after: 10_000)]])
        let release = try await open(server, cache: try TestPaths.temporaryDirectory("cache"))
        let files = try release.files(in: "WMB-10Xv3")
        #expect(files.count == 4)
        let fetched = try await release.fetch(files + [files[0]], jobs: 3)
        #expect(fetched.map(\.file) == files + [files[0]])
        #expect(try server.requests(for: files[0].relativePath).count == 1)
        for item in fetched {
            #expect(try Data(contentsOf: item.path) == bucket.data(item.file.relativePath))
        }
    }
}

extension DownloadTests {
    @Test("several names fetched at once, thirty times over on fresh caches, some resuming a part: all complete")
    func repeatedParallelFetches() async throws {
        let bucket = try TestBucket()
        let server = try BucketServer(root: bucket.root)
        for round in 0..<30 {
            let cache = try TestPaths.temporaryDirectory("cache")
            defer { try? FileManager.default.removeItem(at: cache) }
            if round % 2 == 1 {
                let part = cache.appendingPathComponent(Self.matrix + ".part")
                try FileManager.default.createDirectory(at: part.deletingLastPathComponent(), withIntermediateDirectories: true)
                try bucket.data(Self.matrix).prefix(1_000 * round).write(to: part)
            }
            let release = try await open(server, cache: cache)
            let files = try release.files(in: "WMB-10Xv3") + release.files(in: "WMB-10X")
            let fetched = try await release.fetch(files, jobs: 1 + round % 4)
            #expect(fetched.map(\.file) == files)
            for item in fetched { #expect(try Data(contentsOf: item.path) == bucket.data(item.file.relativePath)) }
        }
    }
}

/// Collects progress events from the download threads.
final class EventLog: @unchecked Sendable {
    private let lock = NSLock()
    private var events: [DownloadEvent] = []

    var add: DownloadProgressHandler { { [self] event in lock.withLock { events.append(event) } } }
    var phases: [DownloadEvent.Phase] { lock.withLock { events.map(\.phase) } }
    /// The most bytes a progress event reported.
    var bytesReported: Int64 { lock.withLock { events.filter { $0.phase == .progress }.map(\.bytes).max() ?? 0 } }
}
