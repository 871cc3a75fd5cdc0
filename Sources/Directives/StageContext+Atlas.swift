import AtlasAccess
import TextFormats
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

extension AtlasRelease {
    /// The `kind` matrix of a cell list's `feature_matrix_label`, or an error (about the `cells`
    /// option, naming the list `listedIn`) with a suggestion and the labels the release has.
    func expressionMatrix(label: String, kind: String, listedIn list: String) throws -> AtlasFile {
        do {
            return try expressionMatrix(label: label, kind: kind)
        } catch AtlasAccessError.noMatrix {
            let suffix = "/\(kind)"
            let valid = directories.flatMap { (try? manifest.expressionMatrices(in: $0.name)) ?? [] }
                .map(\.name).filter { $0.hasSuffix(suffix) }.map { String($0.dropLast(suffix.count)) }.sorted()
            throw DirectiveError.invalidOption(
                name: "cells",
                message: "\(Expression.labelColumn) '\(label)' of \(list) is not a \(kind) expression matrix of release "
                    + "\(version)\(Suggestion.hint(label, among: valid)); valid: \(valid.joined(separator: ", "))")
        }
    }
}
