/// Progress of a render, for the command line's stderr lines.
public enum RenderEvent: Sendable {
    /// Stage `index` (0-based) of `count` is starting.
    case started(index: Int, count: Int, directive: String, id: String)
    /// A running stage's own progress line (a download, say).
    case progress(String)
    case finished(StageRecord, count: Int)
}
