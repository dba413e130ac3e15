import GRDB

extension StoreError {
    /// Whether `error` is SQLite saying another connection holds the lock (`SQLITE_BUSY`,
    /// `SQLITE_LOCKED`) after the busy timeout: a condition to wait out and retry, not a fault.
    ///
    /// The service answers it with 503 and `Retry-After` rather than 500; since long writes go in slices
    /// (``TilsynDatabase/writeSlice``) it should only meet it when an older `tilsyn` holds a long write.
    public static func isBusy(_ error: any Error) -> Bool {
        guard let error = error as? DatabaseError else { return false }
        return error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED
    }
}
