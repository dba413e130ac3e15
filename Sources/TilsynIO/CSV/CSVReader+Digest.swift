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
        var sha256 = ""
        let table = try read(path: path, columns: columns, threads: threads) { sha256 = FileDigest.sha256(UnsafeRawBufferPointer($0)) }
        return (table, sha256)
    }
}
