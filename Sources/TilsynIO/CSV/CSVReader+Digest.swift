import TilsynCore
import TilsynNumerics

extension CSVReader {
    /// Reads the requested columns of the CSV file at `path` and the SHA-256 of the bytes parsed.
    ///
    /// One read serves both, so the digest a manifest records is of exactly the bytes the table came
    /// from (a second read for the digest could meet a file changed in between).
    /// - Throws: ``DataError`` as ``read(path:columns:threads:)`` does.
    public static func readDigested(
        path: String, columns: [ColumnRequest], threads: Int = defaultThreadCount
    ) throws(DataError) -> (table: DataTable, sha256: String) {
        var bytes = try readText(path: path)
        let sha256 = FileDigest.sha256(bytes)
        return (try read(data: &bytes, source: path, columns: columns, threads: threads, minimumChunkBytes: 1 << 20), sha256)
    }
}
