/// The card and report templates and texts in this folder (`*.mustache`, `*.json`), compiled into the binary.
///
/// This folder is the TilsynExplain target: the EmbedFiles build-tool plugin (`Plugins/EmbedFiles`) generates
/// `ExplainFiles.embedded`, file name → exact text, at every build that sees a change here, so the files are the
/// only copy. Read them through `ExplainResources` in TilsynReports.
public enum ExplainFiles {}
