/// Where the parsers store a row's cells: for each header field, the address of its cell in the first
/// row of the current block, so that the cell of row `r` of the block is `r` elements further on.
///
/// For a file without quotes the addresses are in the table's own columns (``ColumnDestination``),
/// moved on block by block: every cell is stored once, at its final place. Earlier the rows went to
/// small block buffers that stayed in cache and each block was then copied into the columns; the copy
/// was 5–6 % of a 1M-row read's CPU in `perf`, and storing straight into the columns' 36 streams made
/// reads 4–7 % faster (medians of interleaved rounds, 2026-12-03). With quotes, when row counts are not
/// known before parsing, the addresses stay in the block buffers, which are appended to the chunk's
/// arrays.
///
/// Plain addresses rather than typed pointers because one table holds fields of two element types;
/// each store takes the type its field's kind says.
struct CellPlaces {
    /// One byte address per header field; 0 for a skipped or text field, whose cells are not stored here.
    private let addresses: UnsafeMutableBufferPointer<Int>

    init(fields: Int) {
        addresses = .allocate(capacity: fields)
        addresses.initialize(repeating: 0)
    }

    /// Frees the addresses (not what they point to).
    func deallocate() { addresses.deallocate() }

    /// The place of row `row`'s cell of `field`, a numeric or date field.
    @inline(__always)
    func double(_ field: Int, row: Int) -> UnsafeMutablePointer<Double> {
        UnsafeMutablePointer(bitPattern: addresses[field] &+ row &* MemoryLayout<Double>.stride).unsafelyUnwrapped
    }

    /// The place of row `row`'s cell of `field`, a categorical field.
    @inline(__always)
    func code(_ field: Int, row: Int) -> UnsafeMutablePointer<Int32> {
        UnsafeMutablePointer(bitPattern: addresses[field] &+ row &* MemoryLayout<Int32>.stride).unsafelyUnwrapped
    }

    /// Points every stored field of `plan` at its slot's cell for the block's first row: `doubles(slot)`
    /// for numeric and date fields, `codes(slot)` for categorical ones.
    func point(
        _ plan: ChunkPlan, doubles: (Int) -> UnsafeMutablePointer<Double>, codes: (Int) -> UnsafeMutablePointer<Int32>
    ) {
        for (field, target) in plan.fields.enumerated() {
            switch target.kind {
            case .numeric, .date: addresses[field] = Int(bitPattern: doubles(target.slot))
            case .categorical: addresses[field] = Int(bitPattern: codes(target.slot))
            case .skip, .string: addresses[field] = 0
            }
        }
    }
}
