import Foundation

extension ModelCard {
    /// Which estimation method was used and why, which covariance the standard errors come from, how the
    /// intervals are made, and the spread of any nuisance term — each sentence true for this model.
    static func estimation(_ model: FittedModel) -> Penalty {
        let fit = model.fit
        var da: String, en: String
        if fit.firth == true {
            da = "Firths bias-reducerede logistiske regression: likelihood plus ½·log det af informationen (Jeffreys-prior). Valgt, fordi data er tynde: estimaterne er endelige, også når et niveau kun har fund eller ingen (separation), og bias i små stikprøver er mindre."
            en = "Firth's bias-reduced logistic regression: the likelihood plus ½·log det of the information (Jeffreys prior). Chosen because the data are sparse: the estimates are finite even where a level has only violations or none (separation), and small-sample bias is smaller."
        } else if fit.l2 > 0 {
            let lambda = FeatureEncoding.formatNumber(fit.l2)
            da = "Ridge-straffet maksimum likelihood (λ = \(lambda.replacingOccurrences(of: ".", with: ","))): alle koefficienter undtagen skæringen trækkes mod 0, hvilket giver lidt bias for mere stabile estimater."
            en = "Ridge-penalised maximum likelihood (λ = \(lambda)): every coefficient but the intercept is shrunk towards 0, trading a little bias for stabler estimates."
        } else {
            da = "Maksimum likelihood uden straf: estimationen konvergerede til endelige estimater."
            en = "Maximum likelihood without a penalty: the fit converged to finite estimates."
        }
        if fit.separationTest != nil {
            da += " Nogle rækker har en tilpasset sandsynlighed inden for 1e-10 af 0 eller 1; en eksakt lineærprogrammeringstest (Konis 2007) viser, at data ikke er separerede, så estimatet findes."
            en += " Some rows have a fitted probability within 1e-10 of 0 or 1; an exact linear-programming test (Konis 2007) shows the data are not separated, so the estimate exists."
        }
        let covariance = fit.covarianceDescription
        var intervalsDa = "95 %-intervallerne i koefficienttabellen er Wald-intervaller, estimat ± 1,96 × standardfejl. Kovariansen bag standardfejlene er \(covariance.da ?? "")."
        var intervalsEn = "The 95% intervals in the coefficient table are Wald intervals, estimate ± 1.96 × standard error. The covariance behind the standard errors is \(covariance.en ?? "")."
        if fit.firth == true {
            intervalsDa += " Standardfejlene bruger den udvidede information Xᵀdiag(w(1+h))X. Profil-likelihood-intervaller (af den straffede likelihood) står i model.json som profile_ci_low/profile_ci_high og er at foretrække, hvor de afviger."
            intervalsEn += " The standard errors use the augmented information Xᵀdiag(w(1+h))X. Profile-likelihood intervals (of the penalised likelihood) are in model.json as profile_ci_low/profile_ci_high and are preferable where they differ."
        }
        let nuisance = model.nuisance.map { terms in
            terms.map { t -> LocalizedText in
                let spread = ReportFormat.fixed(t.spread, 3), low = ReportFormat.fixed(t.range[0], 3), high = ReportFormat.fixed(t.range[1], 3)
                let lambda = FeatureEncoding.formatNumber(t.l2)
                return LocalizedText(
                    da: "Justeringsled '\(t.feature)' (tilpasset, men ikke brugt i scoren; \(t.levels.count) niveauer, ridge λ = \(lambda.replacingOccurrences(of: ".", with: ","))): niveauernes effekter spreder sig med en vægtet spredning på \(spread.replacingOccurrences(of: ".", with: ",")) log-odds, fra \(low.replacingOccurrences(of: ".", with: ",")) til \(high.replacingOccurrences(of: ".", with: ",")). Ved scoring sættes leddet til sit vægtede gennemsnit (lagt i skæringen), så ingen score afhænger af det.",
                    en: "Nuisance term '\(t.feature)' (fitted, not scored; \(t.levels.count) levels, ridge λ = \(lambda)): the level effects have a weighted spread of \(spread) log-odds, from \(low) to \(high). Scoring sets the term to its weighted average (folded into the intercept), so no score depends on it.")
            }
        }
        return Penalty(l2: fit.l2, method: fit.method, estimation: LocalizedText(da: da, en: en), covariance: covariance,
                       intervals: LocalizedText(da: intervalsDa, en: intervalsEn), nuisance: nuisance)
    }
}

/// Fixed-decimal formatting for card sentences built in TilsynCore (the renderers have their own).
enum ReportFormat {
    static func fixed(_ x: Double, _ digits: Int) -> String {
        let text = String(format: "%.\(digits)f", x)
        return text == "-" + String(format: "%.\(digits)f", 0.0) ? String(format: "%.\(digits)f", 0.0) : text
    }
}
