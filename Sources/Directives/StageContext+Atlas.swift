import AtlasAccess
import Weave

extension StageContext {
    /// The release opened by the nearest `atlas` stage above this one (its `StageResult.object`),
    /// re-opened when that stage came from the cache.
    public func atlasRelease() async throws -> AtlasRelease {
        guard let atlas = try await resolvedLatest(directive: "atlas") else {
            throw DirectiveError.missingStage(directive: "atlas", purpose: "to say where atlas files come from")
        }
        guard let release = atlas.result.object(as: AtlasRelease.self) else {
            throw DirectiveError.wrongStageKind(id: atlas.id, expected: "an opened atlas release")
        }
        return release
    }
}
