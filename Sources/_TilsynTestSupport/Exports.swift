@_exported import TilsynCore
