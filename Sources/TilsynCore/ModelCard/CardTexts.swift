/// The fixed texts of the model card: procedures that hold for every model Tilsyn fits, so they are
/// written once here and reviewed with the code rather than retyped (and drifted) per spec.
enum CardTexts {
    struct Public {
        var purpose: String
        var humanDecision: String
        var objection: String
    }

    static func publicTexts(_ language: String) -> Public {
        language == "da"
            ? Public(
                purpose: "Værktøjet giver hver produktionsenhed en risikoscore, som bruges til at prioritere, hvor Arbejdstilsynet kommer på tilsyn.",
                humanDecision: "Scoren er kun et forslag til prioritering. En tilsynsførende beslutter, om der kommer tilsyn, og alle afgørelser træffes af mennesker efter et besøg — aldrig af modellen.",
                objection: "Er en oplysning om jeres virksomhed forkert, så ret den i det register, den kommer fra (se ovenfor). Mener I, at udtagelsen er forkert, kan I skrive til kontakten nedenfor og få forklaret, hvilke oplysninger der talte med.")
            : Public(
                purpose: "The tool gives every production unit a risk score that is used to prioritise where the Working Environment Authority inspects.",
                humanDecision: "The score is only a suggested priority. An inspector decides whether to inspect, and every decision is made by people after a visit — never by the model.",
                objection: "If information about your company is wrong, correct it in the register it comes from (see above). If you think the selection is wrong, write to the contact below and have the items that counted explained.")
    }

    static let limitations: [LocalizedText] = [
        LocalizedText(da: "Modellen er trænet på tidligere tilsyn, som ikke er en tilfældig stikprøve: virksomheder, der før er udtaget efter risiko, er overrepræsenterede.",
                      en: "The model is trained on past inspections, which are not a random sample: companies selected for risk before are over-represented."),
        LocalizedText(da: "Oplysninger, som tilsynet selv har fundet (tidligere påbud), kan forstærke sig selv: den, der besøges oftere, får flere fund.",
                      en: "Information the inspectorate discovered itself (earlier notices) can reinforce itself: those visited more often get more findings."),
        LocalizedText(da: "Scoren er en sandsynlighed for et fund ved tilsyn, ikke et mål for virksomhedens skyld eller for arbejdsmiljøet som helhed.",
                      en: "The score is a probability of a finding at inspection, not a measure of the company's guilt or of its working environment as a whole."),
        LocalizedText(da: "Registerdata kan være forældede eller forkerte; modellen kan ikke se forhold, der ikke står i registrene.",
                      en: "Register data can be out of date or wrong; the model cannot see conditions that are not in the registers."),
    ]

    static let misuse: [LocalizedText] = [
        LocalizedText(da: "At bruge scoren som bevis eller som grundlag for afgørelser, sanktioner eller offentlig omtale af en virksomhed.",
                      en: "Using the score as evidence or as the basis for decisions, sanctions or public statements about a company."),
        LocalizedText(da: "At bruge modellen på andre formål (fx kreditvurdering eller andre myndigheders kontrol) eller på enheder uden for træningspopulationen.",
                      en: "Using the model for other purposes (e.g. credit rating or other authorities' controls) or on units outside the training population."),
        LocalizedText(da: "At udtage udelukkende efter score uden den tilfældige stikprøve, som gør modellen mulig at efterprøve.",
                      en: "Selecting by score alone without the random audit sample that keeps the model testable."),
    ]

    static let oversight = LocalizedText(
        da: "Listen er et forslag. Den tilsynsførende og regionens leder kan fjerne eller tilføje enheder med en begrundelse, som registreres; modellen træffer ingen afgørelser. Etikrådet godkender hver modelversion før brug og mindst én gang om året.",
        en: "The list is a proposal. The inspector and the regional manager can remove or add units with a recorded reason; the model makes no decisions. The ethics board approves every model version before use and at least once a year.")

    static let rollback = LocalizedText(
        da: "Hver modelversion gemmes med sit fingeraftryk. Ved fejl eller afvisning går man tilbage til den senest godkendte version; lister kan ikke dannes med en model uden gyldig godkendelse.",
        en: "Every model version is kept with its fingerprint. On a fault or a rejection, operation returns to the last approved version; lists cannot be made with a model without a valid approval.")

    static let monitoring = LocalizedText(
        da: "Hvert kvartal: træfsikkerhed og kalibrering på nye tilsyn, fund i den tilfældige stikprøve sammenlignet med risikoudtagelsen, ligebehandlingsrapport pr. branche og størrelse, og datadrift (PSI) pr. oplysning. Afvigelser forelægges etikrådet.",
        en: "Every quarter: discrimination and calibration on new inspections, findings in the random audit sample compared with risk-based selection, the fairness report by industry and size, and data drift (PSI) per feature. Deviations go to the ethics board.")
}
