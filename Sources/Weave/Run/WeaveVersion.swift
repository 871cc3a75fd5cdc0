/// The atlasweave version: printed by `--version`, written into every report's provenance.
public enum WeaveVersion {
    public static let current = "0.1.0"
}
