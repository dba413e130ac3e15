import TilsynCore

/// The synthetic register's name and address columns: plausible Danish company names and addresses, so
/// an inspectors' list printed from the demo reads like one (`tilsyn list --show-column name …`).
///
/// Drawn from their own random stream, after everything else, so adding them changed no other column:
/// the features, labels, history and every fit on them are what they were. Nothing here is a real firm.
enum SyntheticContacts {
    static let surnames = [
        "Jensen", "Nielsen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen", "Sørensen", "Rasmussen", "Jørgensen",
        "Petersen", "Madsen", "Kristensen", "Olsen", "Thomsen", "Christiansen", "Poulsen", "Johansen", "Møller", "Mortensen",
        "Knudsen", "Jakobsen", "Mikkelsen", "Frederiksen", "Holm", "Lund", "Schmidt", "Eriksen", "Kjær", "Bach",
    ]
    /// One trade word per industry group, in catalog order (IG01 … IG36).
    static let trades = [
        "Byg", "El og VVS", "Metal", "Snedkeri", "Fødevarer", "Slagteri", "Kemi", "Beton", "Elektronik", "Tryk",
        "Transport", "Busser", "Lager og Logistik", "Landbrug", "Fiskeri", "Dagligvarer", "Butik", "Engros", "Autoværksted", "Restaurant",
        "Rengøring", "Frisør", "Privathospital", "Hjemmepleje", "Børnehus", "Privatskole", "Administration", "IT", "Finans", "Rådgivning",
        "Vagt og Sikring", "Forvaltning", "Idrætscenter", "Genbrug", "Energi", "Tandklinik",
    ]
    static let forms = ["ApS", "ApS", "ApS", "A/S", "I/S", ""]
    static let streets = [
        "Hovedgaden", "Bredgade", "Vestergade", "Østergade", "Nørregade", "Søndergade", "Industrivej", "Stationsvej", "Skolevej",
        "Kirkevej", "Møllevej", "Engvej", "Birkevej", "Egevej", "Havnegade", "Fabriksvej", "Håndværkervej", "Erhvervsvej",
    ]
    /// Postcode and town per region, in catalog order (Hovedstaden, Sjælland, Syddanmark, Midtjylland, Nordjylland).
    static let towns: [[String]] = [
        ["2100 København Ø", "2200 København N", "2300 København S", "2400 København NV", "2500 Valby", "2600 Glostrup",
         "2650 Hvidovre", "2750 Ballerup", "2800 Kongens Lyngby", "2860 Søborg", "3000 Helsingør", "3400 Hillerød", "3700 Rønne"],
        ["4000 Roskilde", "4100 Ringsted", "4200 Slagelse", "4300 Holbæk", "4400 Kalundborg", "4600 Køge", "4700 Næstved", "4800 Nykøbing F"],
        ["5000 Odense C", "5700 Svendborg", "6000 Kolding", "6100 Haderslev", "6200 Aabenraa", "6400 Sønderborg", "6700 Esbjerg",
         "7000 Fredericia", "7100 Vejle"],
        ["8000 Aarhus C", "8200 Aarhus N", "8600 Silkeborg", "8700 Horsens", "8800 Viborg", "8900 Randers C", "7400 Herning", "7500 Holstebro"],
        ["9000 Aalborg", "9600 Aars", "9700 Brønderslev", "9800 Hjørring", "9900 Frederikshavn", "7700 Thisted"],
    ]

    /// Each unit's name and address, by its industry group and region.
    static func draw(industry: [Int], region: [Int], rng: inout SeededRandom) -> (names: [String], addresses: [String]) {
        var names: [String] = [], addresses: [String] = []
        names.reserveCapacity(industry.count)
        addresses.reserveCapacity(industry.count)
        for u in industry.indices {
            let surname = surnames[rng.below(surnames.count)]
            let partner = rng.uniform() < 0.15 ? " & \(surnames[rng.below(surnames.count)])" : ""
            let form = forms[rng.below(forms.count)]
            let trade = trades[min(max(industry[u], 0), trades.count - 1)]
            names.append([surname + partner, trade, form].filter { !$0.isEmpty }.joined(separator: " "))
            let townList = towns[min(max(region[u], 0), towns.count - 1)]
            let street = streets[rng.below(streets.count)]
            addresses.append("\(street) \(1 + rng.below(180)), \(townList[rng.below(townList.count)])")
        }
        return (names, addresses)
    }
}
