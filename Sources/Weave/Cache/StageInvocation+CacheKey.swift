import Checksums
import Foundation

extension StageInvocation {
    /// What the stage's result depends on that is known before it runs: cache format,
    /// atlasweave version, directive, id, options after value substitution, and the digests
    /// of the stages its body names with `{{ id.field }}`.
    func cacheKey(upstreamDigests: [String: String]) -> String {
        var text = "atlasweave stage cache \(StageCacheEntry.currentFormat)\nversion \(WeaveVersion.current)\n"
        text += "directive \(directive)\nid \(id)\noptions\n\(canonicalOptions)\n"
        for id in upstream { text += "upstream \(id) \(upstreamDigests[id] ?? "none")\n" }
        return FileDigest.md5(of: Data(text.utf8))
    }
}
