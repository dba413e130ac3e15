import TilsynApplication

/// JSON the way Tilsyn writes it (sorted keys, pretty-printed, trailing newline): the application's.
typealias JSONOutput = JSONText
