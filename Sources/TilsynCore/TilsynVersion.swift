/// The tool's version, written into list manifests and model cards and printed by `tilsyn --version`.
///
/// In the core rather than the CLI so that every writer of a record (the CLI, the service) names the same version.
public enum TilsynVersion {
    public static let current = "0.1.0"
}
