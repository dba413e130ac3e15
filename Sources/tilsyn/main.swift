import TilsynCLI

await Tilsyn.run()
