import Foundation
import Locking
import Synchronization

/// What a running stage sees: its place in the document, the params, the earlier stages'
/// results by id, where relative paths resolve, and where to report progress.
public final class StageContext: Sendable {
    /// The report's Markdown file.
    public let document: URL
    /// Relative paths in options resolve against the report's folder, so a render gives the
    /// same outputs whatever the working directory.
    public var baseDirectory: URL { document.deletingLastPathComponent() }
    public let params: [String: Value]
    /// `render --verify`: inputs the cache vouches for are hashed again, not trusted.
    public let verifyInputs: Bool
    /// This stage's id and the line of its opening fence.
    public let id: String
    public let line: Int
    /// Earlier stages by id, in document order.
    public let earlier: [(id: String, directive: String, result: StageResult)]
    /// Progress lines for long stages (downloads); shown under the stage's progress line.
    public let progress: @Sendable (String) -> Void
    /// Which files the stage may read and write (`input(_:option:)`, `output(_:option:)`).
    public let paths: PathPolicy
    /// Ids of earlier stages this stage asked for, in order: with the `{{ id.field }}` ids of
    /// its body, what its result depends on (the stage cache keys on their keys).
    public var usedStages: [String] { used.locked { $0 } }
    /// A stage may call `result(of:)` from tasks of its own.
    private let used = Mutex<[String]>([])
    /// Supplied by the renderer: re-runs a stage served from the cache whose run had produced
    /// an in-memory object, and returns its result with the object (nil when there is nothing
    /// to rebuild).
    let materialize: (@Sendable (_ id: String) async throws -> StageResult?)?

    public init(document: URL, params: [String: Value], id: String, line: Int,
                earlier: [(id: String, directive: String, result: StageResult)], verifyInputs: Bool = false,
                progress: @escaping @Sendable (String) -> Void = { _ in },
                paths: PathPolicy? = nil,
                materialize: (@Sendable (_ id: String) async throws -> StageResult?)? = nil) {
        self.document = document
        self.paths = paths ?? PathPolicy(reportFolder: document.deletingLastPathComponent())
        self.params = params
        self.verifyInputs = verifyInputs
        self.id = id
        self.line = line
        self.earlier = earlier
        self.progress = progress
        self.materialize = materialize
    }

    /// An option's path resolved against the report's folder (absolute paths kept).
    public func resolve(_ path: String) -> URL {
        if path.hasPrefix("/") { return URL(fileURLWithPath: path).standardizedFileURL }
        return baseDirectory.appendingPathComponent(path).standardizedFileURL
    }

    /// A file an option names for reading, resolved as `resolve` does; outside the report's
    /// folder only where the command line allows it (`PathPolicy`).
    public func input(_ path: String, option: String) throws(DirectiveError) -> URL {
        try paths.check(path, option: option, access: .read)
    }

    /// A file (or folder) an option names for writing, with the same rule as `input`.
    public func output(_ path: String, option: String) throws(DirectiveError) -> URL {
        try paths.check(path, option: option, access: .write)
    }

    /// A file as the report names it: from the report's folder (see `RelativePath`); `resolve`
    /// turns it back into the file.
    public func relativePath(_ url: URL) -> String {
        RelativePath.from(baseDirectory, to: url)
    }

    /// The result of an earlier stage, or an error listing the ids there are. A stage served
    /// from the stage cache has no `object` here; use `resolvedResult(of:)` when you need it.
    public func result(of id: String) throws -> StageResult {
        guard let found = earlier.last(where: { $0.id == id }) else {
            throw DirectiveError.unknownStage(id: id, known: earlier.map(\.id))
        }
        markUsed(id)
        return found.result
    }

    /// The most recent earlier stage made by the given directive (the `atlas` a `metadata`
    /// stage uses, say).
    public func latest(directive name: String) -> (id: String, result: StageResult)? {
        guard let found = earlier.last(where: { $0.directive == name }) else { return nil }
        markUsed(found.id)
        return (found.id, found.result)
    }

    /// As `result(of:)`, but with the stage's in-memory `object` even when the stage was
    /// served from the stage cache (which does not hold objects): such a stage is run again,
    /// once per render, and its fresh result returned. Results without an object come back as
    /// `result(of:)` gives them.
    public func resolvedResult(of id: String) async throws -> StageResult {
        let found = try result(of: id)
        guard found.object == nil, let materialize else { return found }
        return try await materialize(id) ?? found
    }

    /// As `latest(directive:)`, with the object rebuilt as `resolvedResult(of:)` does.
    public func resolvedLatest(directive name: String) async throws -> (id: String, result: StageResult)? {
        guard let found = latest(directive: name) else { return nil }
        guard found.result.object == nil, let materialize else { return found }
        return (found.id, try await materialize(found.id) ?? found.result)
    }

    private func markUsed(_ id: String) {
        used.locked { if !$0.contains(id) { $0.append(id) } }
    }
}
