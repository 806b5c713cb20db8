// Keys: plain names for headings and sentences; "ind:<key>" for indicators of
// headline_indicators() ({y0} first year, {y1} last year); "dataset:<name>" for
// yearly charts of a dataset; "unit:<word>" and "dim:<name>" for axes.
// Numbered keys (assume_1, assume_2, ...) are lists read until the first gap.
#include "report_texts.hpp"

#include <iterator>

namespace elevsim {

namespace {
// A table, not code: one row per text.
const Text kTexts[] = {
      {"title", "Elevenes psykiske helse: resultater for scenarioene", "Pupils' mental health: scenario results"},
      {"subtitle", "Mikrosimulering av alle elever i 1.–13. trinn, skoleårene {y0}–{y1}",
       "Microsimulation of every pupil in grades 1–13, school years {y0}–{y1}"},
      {"h_answer", "Svaret i korte trekk", "The answer in brief"},
      {"answer_intro",
       "Hvert scenario sammenlignet med referansen «{ref}»: gjennomsnitt over {n} replikasjoner, med 95 % intervall. "
       "En forskjell er tydelig når intervallet ikke omfatter null.",
       "Each scenario against the reference \"{ref}\": the mean over {n} replications, with its 95 % interval. A "
       "difference is clear when its interval leaves out zero."},
      {"answer_single", "Kjøringen har bare ett scenario, så det er ingenting å sammenligne med.",
       "The run has a single scenario, so there is nothing to compare it with."},
      {"answer_cost", "Kostnad: {x} i året", "Cost: {x} a year"},
      {"answer_dropouts", "Frafall som unngås per årskull: {x}", "Dropouts avoided per cohort: {x}"},
      {"answer_disorder", "Endring i andelen elever med en psykisk lidelse: {x}",
       "Change in the share of pupils with a mental disorder: {x}"},
      {"answer_bup", "Endring i ventetiden i BUP: {x}", "Change in the wait for BUP (specialist care): {x}"},
      {"answer_ses_dropout", "Endring i forskjellen i frafall mellom lav og høy sosioøkonomisk status: {x}",
       "Change in the gap in dropout between low and high socioeconomic status: {x}"},
      {"answer_net", "Netto gevinst per år, med {value} per ekstra elev som fullfører: {x}",
       "Net benefit a year, valuing one extra completer at {value}: {x}"},
      {"answer_ceac", "; høyest netto gevinst av scenarioene i {p} av trekkene",
       "; the highest net benefit of the scenarios in {p} of the draws"},
      {"no_change", "ingen", "none"},
      {"clear", "en tydelig forskjell", "a clear difference"},
      {"not_clear", "ikke tydelig, intervallet omfatter null", "not clear, the interval includes zero"},
      {"cost_effect_title", "Kostnad og effekt: kostnad per år mot frafall som unngås per årskull",
       "Cost and effect: cost a year against dropouts avoided per cohort"},
      {"cost_effect_note",
       "Linjene viser 95 % intervall. Under den stiplede linjen er verdien av flere som fullfører større enn "
       "kostnaden, når én ekstra som fullfører verdsettes til {value}.",
       "Lines show the 95 % interval. Below the dashed line the value of the extra completers exceeds the cost, "
       "valuing one extra completer at {value}."},
      {"frontier_title", "Beste fordeling ved hvert budsjett (optimering)",
       "The best allocation at each budget (optimiser)"},
      {"frontier_target", "Minste budsjett som når målet (stiplet linje)",
       "Least budget that reaches the target (dashed line)"},
      {"limits_title", "Begrensninger ved svaret", "Constraints at the answer"},
      {"limits_note",
       "Verdi og grense er gjennomsnitt over replikasjonene; slakk ≥ 0 betyr at begrensningen holder. «Binder»: en "
       "fordeling med bedre mål brøt den. Risikoform: {risk}.",
       "Value and bound are means over the replications; slack ≥ 0 means the constraint holds. \"Binds\": an "
       "allocation with a better objective broke it. Risk form: {risk}."},
      {"limits_row", "Begrensning", "Constraint"},
      {"limits_value", "Verdi", "Value"},
      {"limits_bound", "Grense", "Bound"},
      {"limits_slack", "Slakk", "Slack"},
      {"limits_share", "Holder i andel av trekkene", "Holds in share of draws"},
      {"limits_binds", "Binder", "Binds"},
      {"h_decision", "Hvor sikkert er valget?", "How sure is the choice?"},
      {"ceac_title", "Sannsynligheten for at hvert scenario gir høyest netto gevinst",
       "Probability that each scenario has the highest net benefit"},
      {"ceac_note",
       "Etter hvor mye én ekstra elev som fullfører er verdt; modellens verdi er {value}. Hvert trekk bruker de "
       "samme usikre parameterne i alle scenarioene.",
       "By what one extra completer is worth; the model's value is {value}. Each draw uses the same uncertain "
       "parameters in every scenario."},
      {"evpi_title", "Forventet verdi av perfekt informasjon, per år", "Expected value of perfect information, per year"},
      {"evpi_note",
       "Hva det ville være verdt i året å vite de usikre parameterne sikkert før man velger: {x} ved {value} per "
       "ekstra som fullfører.",
       "What knowing the uncertain parameters for certain before choosing would be worth a year: {x} at {value} "
       "per extra completer."},
      {"axis_value_per_completer", "Verdi av én ekstra som fullfører (mill. kr)", "Value of one extra completer (MNOK)"},
      {"axis_dropouts_avoided", "Frafall som unngås per årskull (elever)", "Dropouts avoided per cohort (pupils)"},
      {"axis_cost_per_year", "Kostnad per år (mill. kr)", "Cost per year (MNOK)"},
      {"axis_evpi", "Verdi av perfekt informasjon (mill. kr per år)", "Value of perfect information (MNOK a year)"},
      {"axis_budget", "Budsjett per år (mill. kr)", "Budget per year (MNOK)"},
      {"axis_mnok", "Millioner kroner", "Million NOK"},
      {"axis_value", "Verdi", "Value"},
      {"model_value", "modellens verdi", "model value"},
      {"ceac_probability", "Sannsynlighet for høyest netto gevinst", "Probability of the highest net benefit"},
      {"objective:dropouts_avoided", "Frafall som unngås per årskull", "Dropouts avoided per cohort"},
      {"objective:disorder_prevalence", "Nedgang i andelen med en psykisk lidelse (prosentpoeng)",
       "Fall in the share with a mental disorder (percentage points)"},
      {"objective:treated", "Flere elever som får hjelp per år", "Extra pupils who receive help per year"},
      {"objective:net_benefit", "Netto gevinst per år", "Net benefit per year"},
      {"objective:equity_dropouts", "Frafall som unngås, vektet for lav sosioøkonomisk status",
       "Dropouts avoided, weighted for low socioeconomic status"},
      {"frontier_best", "Beste fordeling funnet", "Best allocation found"},
      {"frontier_base", "Fordelingen i grunnfilen", "The base file's allocation"},
      {"frontier_series", "Fordeling", "Allocation"},
      {"frontier_note",
       "For hvert budsjett: den beste fordelingen optimeringen fant, med 95 % intervall, mot fordelingen i "
       "grunnfilen. Alle fordelingene er regnet med de samme tilfeldige trekkene.",
       "At each budget: the best allocation the optimiser found, with its 95 % interval, against the base file's "
       "allocation. Every allocation is computed with the same random draws."},
      {"frontier_missing",
       "Kjøringen har ingen optimering; kjør «elevsim optimise --budgets» for å se den beste fordelingen ved hvert "
       "budsjett.",
       "The run has no optimisation; run \"elevsim optimise --budgets\" to see the best allocation at each budget."},
      {"mnok", "mill. kr", "MNOK"},
      {"diff_title", "Endring fra «{ref}»: {title}", "Change from \"{ref}\": {title}"},
      {"dataset_generic", "Resultatet", "The result"},
      {"unit_weeks_suffix", "\u00a0uker", " weeks"},
      {"group:school_health", "Skolehelsetjenesten", "School health service"},
      {"group:bup_school", "BUP i skolen", "BUP at school"},
      {"group:municipal_psychologist", "Kommunepsykolog", "Municipal psychologist"},
      {"group:bup", "BUP", "BUP (specialist care)"},
      {"group:bup_at_school", "BUP i skolen", "BUP at school"},
      {"h_question", "Spørsmålet", "The question"},
      {"question",
       "Hvordan ville elevenes psykiske helse i grunnskolen og videregående skole utvikle seg fra {y0} til {y1} "
       "dersom staten brukte tilskuddsmidlene på ulike måter? Modellen følger hver elev år for år og sammenligner "
       "hvert scenario med et referansescenario, slik at forskjellen viser hva scenarioet endrer.",
       "How would the mental health of pupils in primary, lower and upper secondary school develop from {y0} to "
       "{y1} if the state spent its grant money in different ways? The model follows every pupil year by year and "
       "compares each scenario with a reference scenario, so the difference shows what the scenario changes."},
      {"h_scenarios", "Scenarioene", "The scenarios"},
      {"scenarios_one", "Kjøringen har ett scenario, som også er referansen.",
       "The run has one scenario, which is also the reference."},
      {"scenarios_many", "Kjøringen sammenligner {n} scenarioer med det første som referanse.",
       "The run compares {n} scenarios, with the first as the reference."},
      {"reference_lower", "referansen", "the reference"},
      {"reference", "Referanse", "Reference"},
      {"h_key_figures", "Nøkkeltall", "Key figures"},
      {"key_figures_note",
       "Gjennomsnitt over replikasjonene, med 95 % intervall. «Endring» er forskjellen fra referansescenarioet "
       "«{ref}», regnet replikasjon for replikasjon med de samme tilfeldige trekkene; endringer i andeler er i "
       "prosentpoeng.",
       "Mean over replications, with a 95 % interval. \"Change\" is the difference from the reference scenario "
       "\"{ref}\", computed replication by replication with the same random draws; changes in shares are in "
       "percentage points."},
      {"col_indicator", "Nøkkeltall", "Indicator"},
      {"scenario", "Scenario", "Scenario"},
      {"col_level", "Nivå, med 95 % intervall", "Level, with 95 % interval"},
      {"interval95", "95 % intervall", "95 % interval"},
      {"col_change", "Endring", "Change"},
      {"change_short", "endring", "change"},
      {"col_change_from", "Endring fra «{ref}»", "Change from \"{ref}\""},
      {"no_variation", "lik i alle replikasjoner", "the same in every replication"},
      {"share_pct", "andel, %", "share, %"},
      {"change_pp", "endring, prosentpoeng", "change, percentage points"},
      {"between", "mellom", "between"},
      {"undefined", "ikke definert: gevinsten kan være null", "undefined: the gain may be zero"},
      {"and", "og", "and"},
      {"mean", "Gjennomsnitt", "Mean"},
      {"year", "År", "Year"},
      {"unit_pct_suffix", "\u00a0%", "\u00a0%"},
      {"unit_pp_suffix", "\u00a0prosentpoeng", " percentage points"},
      {"unit_per1000_suffix", " per 1000", " per 1,000"},
      {"axis_pct", "Prosent av elevene", "Per cent of pupils"},
      {"axis_pp", "Prosentpoeng", "Percentage points"},
      {"unit:pupils", "Elever", "Pupils"},
      {"unit:persons", "Personer", "Persons"},
      {"unit:sessions", "Samtaler", "Sessions"},
      {"unit:NOK", "Kroner", "NOK"},
      {"unit:weeks", "Uker", "Weeks"},
      {"dim:service", "Tjeneste", "Service"},

      {"ind:pupils_first_year", "Elever i 1.–13. trinn, {y0}", "Pupils in grades 1–13, {y0}"},
      {"ind:prev_any_first_year", "Andel med betydelige plager eller en psykisk lidelse, 1.–13. trinn, {y0}",
       "Share with significant complaints or a mental disorder, grades 1–13, {y0}"},
      {"ind:prev_disorder_first_year", "Andel med en psykisk lidelse, 1.–13. trinn, {y0}",
       "Share with a mental disorder, grades 1–13, {y0}"},
      {"ind:new_cases_first_year", "Nye tilfeller per 1000 elever, {y0}", "New cases per 1,000 pupils, {y0}"},
      {"ind:disorder_ratio_low_middle_g1_3",
       "Psykisk lidelse, lav mot middels sosioøkonomisk status (forholdstall), 1.–3. trinn, {y0}",
       "Mental disorder, low versus middle socioeconomic status (ratio), grades 1–3, {y0}"},
      {"ind:any_ratio_girls_boys_g11_13", "Plager eller lidelse, jenter mot gutter (forholdstall), Vg1–Vg3, {y0}",
       "Complaints or disorder, girls versus boys (ratio), upper secondary, {y0}"},
      {"ind:prev_any_last_year", "Andel med betydelige plager eller en psykisk lidelse, 1.–13. trinn, {y1}",
       "Share with significant complaints or a mental disorder, grades 1–13, {y1}"},
      {"ind:prev_disorder_last_year", "Andel med en psykisk lidelse, 1.–13. trinn, {y1}",
       "Share with a mental disorder, grades 1–13, {y1}"},
      {"ind:ses_gap_any_first_year", "Forskjell lav minus høy sosioøkonomisk status, {y0}",
       "Gap, low minus high socioeconomic status, {y0}"},
      {"ind:ses_gap_any_last_year", "Forskjell lav minus høy sosioøkonomisk status, {y1}",
       "Gap, low minus high socioeconomic status, {y1}"},
      {"ind:completion_first_cohort", "Fullført innen 5/6 år, startet Vg1 {y0}",
       "Completed within 5/6 years, started Vg1 {y0}"},
      {"ind:completion_first_cohort_girls", "Fullført innen 5/6 år, jenter", "Completed within 5/6 years, girls"},
      {"ind:completion_first_cohort_boys", "Fullført innen 5/6 år, gutter", "Completed within 5/6 years, boys"},
      {"ind:completion_first_cohort_general", "Fullført innen 5/6 år, studieforberedende",
       "Completed within 5/6 years, general programmes"},
      {"ind:completion_first_cohort_vocational", "Fullført innen 5/6 år, yrkesfag",
       "Completed within 5/6 years, vocational programmes"},
      {"ind:completion_first_cohort_ses_low", "Fullført innen 5/6 år, lav sosioøkonomisk status",
       "Completed within 5/6 years, low socioeconomic status"},
      {"ind:completion_first_cohort_ses_high", "Fullført innen 5/6 år, høy sosioøkonomisk status",
       "Completed within 5/6 years, high socioeconomic status"},
      {"ind:noncompleters_first_cohort", "Ikke fullført innen 5/6 år, startet Vg1 {y0}",
       "Not completed within 5/6 years, started Vg1 {y0}"},
      {"ind:completers_per_cohort", "Fullført innen 5/6 år, per årskull", "Completers within 5/6 years, per cohort"},
      {"ind:dropouts_per_cohort", "Ikke fullført innen 5/6 år (frafall), per årskull",
       "Not completed within 5/6 years (dropouts), per cohort"},
      {"ind:prev_complaints_mean", "Andel med betydelige plager uten lidelse, 1.–13. trinn, snitt over årene",
       "Share with significant complaints but no disorder, grades 1–13, mean over the years"},
      {"ind:prev_disorder_mean", "Andel med en psykisk lidelse, 1.–13. trinn, snitt over årene",
       "Share with a disorder, grades 1–13, mean over the years"},
      {"ind:treated_per_year", "Elever som får hjelp per år", "Pupils who receive help per year"},
      {"ind:bup_mean_wait_weeks", "Gjennomsnittlig ventetid i BUP, uker", "Mean wait for BUP (specialist care), weeks"},
      {"ind:spending_per_year", "Tilskudd brukt per år med tilskudd", "Grant money spent per funded year"},
      {"ind:ses_gap_prevalence", "Forskjell i plager eller lidelse, lav minus høy sosioøkonomisk status",
       "Gap in complaints or disorder, low minus high socioeconomic status"},
      {"ind:ses_gap_dropout", "Forskjell i frafall, lav minus høy sosioøkonomisk status",
       "Gap in dropout, low minus high socioeconomic status"},
      {"ind:cost_per_dropout_avoided", "Kostnad per frafall som unngås (mot referansen)",
       "Cost per dropout avoided (against the reference)"},
      {"ind:net_benefit_per_year", "Netto gevinst per år: verdien av flere som fullfører minus kostnaden",
       "Net benefit per year: the value of extra completers minus the cost"},

      {"h_trends", "Utviklingen år for år", "Year by year"},
      {"bands_note",
       "Linjene viser gjennomsnittet over replikasjonene; de skyggelagte båndene viser 95 % intervall. Hold "
       "musepekeren over et punkt for å se tallene.",
       "Lines show the mean over replications; shaded bands show the 95 % interval. Hover over a point to see "
       "the figures."},
      {"prev_any", "Elever med betydelige plager eller en psykisk lidelse, 1.–13. trinn",
       "Pupils with significant complaints or a mental disorder, grades 1–13"},
      {"prev_disorder", "Elever med en psykisk lidelse, 1.–13. trinn", "Pupils with a mental disorder, grades 1–13"},
      {"ses_gap_any", "Forskjell i plager eller lidelse mellom lav og høy sosioøkonomisk status",
       "Gap in complaints or disorder between low and high socioeconomic status"},
      {"dataset:dropouts", "Elever som slutter i videregående skole", "Pupils who leave upper secondary school"},
      {"dataset:completers", "Elever som fullfører videregående skole", "Pupils who complete upper secondary school"},
      {"dataset:treated", "Elever som får hjelp, etter tjeneste", "Pupils who receive help, by service"},
      {"dataset:queue_end_of_year", "Elever i kø ved årets slutt, etter tjeneste",
       "Pupils waiting at the end of the year, by service"},
      {"dataset:spending", "Utgifter", "Spending"},
      {"dataset:identified", "Elever som blir fanget opp av skolen", "Pupils identified by the school"},
      {"dataset:help_seekers", "Elever som søker hjelp", "Pupils who seek help"},
      {"dataset:enrolled", "Elever i videregående skole", "Pupils enrolled in upper secondary school"},
      {"dataset:leavers", "Elever som går ut av videregående skole", "Pupils who leave upper secondary school"},
      {"dataset:returners", "Elever som kommer tilbake til skolen", "Pupils who return to school"},
      {"dataset:sessions_demanded", "Samtaler etterspurt, etter tjeneste", "Sessions demanded, by service"},
      {"dataset:sessions_delivered", "Samtaler gitt, etter tjeneste", "Sessions delivered, by service"},
      {"dataset:referrals", "Henvisninger, etter tjeneste", "Referrals, by service"},
      {"dataset:wait_weeks", "Samlet ventetid i uker, etter tjeneste", "Total weeks waited, by service"},
      {"dataset:capacity_sessions", "Kapasitet i samtaler, etter tjeneste", "Capacity in sessions, by service"},
      {"dataset:clinician_days", "Behandlerdager med elever, etter tjeneste", "Clinician-days with pupils, by service"},
      {"dataset:allocated_nok", "Tilskudd fordelt", "Grant money allocated"},
      {"dataset:spending_nok", "Tilskudd brukt", "Grant money spent"},
      {"dataset:unspent_nok", "Tilskudd som ikke ble brukt", "Grant money left unspent"},
      {"dataset:units_bought", "Enheter kjøpt for tilskuddet", "Units bought with the grant"},
      {"unit:days", "Dager", "Days"},
      {"unit:FTE", "Årsverk", "FTE"},
      {"unit:units", "Enheter", "Units"},
      {"unit:referrals", "Henvisninger", "Referrals"},
      {"unit:cases", "Tilfeller", "Cases"},

      {"dataset:mean_wait_weeks", "Gjennomsnittlig ventetid i uker, etter tjeneste", "Mean wait in weeks, by service"},
      {"no_extra_datasets",
       "Denne kjøringen inneholder ikke resultater for frafall eller hjelpetjenester; de vises her når modellen "
       "skriver dem.",
       "This run holds no results for dropout or help services; they appear here when the model writes them."},

      {"h_counties", "Resultater etter fylke", "Results by county"},
      {"counties_intro",
       "Andel elever med betydelige plager eller en psykisk lidelse i {year}, etter fylke. Linjene viser 95 % "
       "intervall.",
       "Share of pupils with significant complaints or a mental disorder in {year}, by county. Lines show the "
       "95 % interval."},
      {"county", "Fylke", "County"},
      {"h_county_completion", "Gjennomføring etter fylke", "Completion by county"},
      {"county_completion_intro",
       "Andel som fullfører innen 5/6 år, elever som begynte på Vg1 {first}–{last} (referansescenarioet), etter "
       "fylke, ved siden av det publiserte avviket fra landstallet.",
       "Share completing within 5/6 years, pupils starting Vg1 in {first}–{last} (the reference scenario), by "
       "county, beside the published difference from the national figure."},
      {"model_completion", "Modell, %", "Model, %"},
      {"model_diff", "Modell minus landet, pp", "Model minus national, pp"},
      {"published_diff", "Publisert minus landet, pp", "Published minus national, pp"},
      {"county_completion_note", "Publiserte tall (params/targets.toml):", "Published figures (params/targets.toml):"},
      {"county_axis", "Prosent av elevene, {y1}", "Per cent of pupils, {y1}"},
      {"counties_note",
       "Referansen vises som andel; de andre scenarioene som endring i prosentpoeng fra referansen. Hold "
       "musepekeren over et tall for å se 95 % intervall.",
       "The reference is shown as a share; the other scenarios as the change from the reference in percentage "
       "points. Hover over a figure to see its 95 % interval."},

      {"h_ses_gap", "Forskjellen mellom lav og høy sosioøkonomisk status",
       "The gap between low and high socioeconomic status"},
      {"ses_gap_intro",
       "Forskjellen i andelen med betydelige plager eller en psykisk lidelse mellom elever fra familier med lav og "
       "høy sosioøkonomisk status, i prosentpoeng. En negativ endring betyr at scenarioet minsker forskjellen.",
       "The difference in the share with significant complaints or a mental disorder between pupils from families "
       "of low and high socioeconomic status, in percentage points. A negative change means the scenario narrows "
       "the gap."},

      {"h_assumptions", "Hva modellen forutsetter, og hva den utelater", "What the model assumes and leaves out"},
      {"h_assumes", "Modellen forutsetter", "The model assumes"},
      {"h_leaves_out", "Modellen utelater", "The model leaves out"},
      {"assume_1",
       "Hver elev er i én av tre tilstander hvert skoleår: ingen betydelige plager, betydelige plager uten "
       "diagnose, eller en psykisk lidelse. Sjansen for å bli syk, bli verre eller bli bedre avhenger av alder, "
       "kjønn, familiens sosioøkonomiske status, innvandringsbakgrunn og om eleven bor utenfor hjemmet etter "
       "vedtak fra barnevernet.",
       "Each pupil is in one of three states each school year: no significant complaints, significant complaints "
       "without a diagnosis, or a mental disorder. The chance of falling ill, getting worse or getting better "
       "depends on age, sex, the family's socioeconomic status, immigrant background and placement by the child "
       "welfare services."},
      {"assume_2",
       "Sjansene er hentet fra norske og internasjonale studier og justert slik at modellen gjenskaper kjente tall "
       "for i dag: 15–20 % av barn og unge har betydelige plager eller en lidelse, og omtrent 8 % har en lidelse.",
       "The chances come from Norwegian and international studies and are adjusted so that the model reproduces "
       "known figures for today: 15–20 % of children and young people have significant complaints or a disorder, "
       "and about 8 % have a disorder."},
      {"assume_3",
       "Alle scenarioene bruker de samme tilfeldige trekkene for den samme eleven. Forskjellen mellom et scenario "
       "og referansen skyldes derfor scenarioet og ikke tilfeldigheter.",
       "Every scenario uses the same random draws for the same pupil, so the difference between a scenario and "
       "the reference comes from the scenario, not from chance."},
      {"assume_4",
       "Intervallene viser hvor mye resultatene varierer mellom gjentatte simuleringer. De viser ikke hele "
       "usikkerheten i tallene modellen bygger på; den er større.",
       "The intervals show how much the results vary between repeated simulations. They do not show all the "
       "uncertainty in the figures the model rests on, which is larger."},
      {"assume_5",
       "Hvert tall i modellen står i en parameterfil sammen med kilden. Der det ikke fantes et godt tall, er "
       "verdien en uttalt antakelse (merket [A] i tabellen nedenfor).",
       "Every number in the model sits in a parameter file beside its source. Where no good figure was found, "
       "the value is a stated assumption (tagged [A] in the table below)."},
      {"leave_1",
       "Forskjeller mellom skoler og kommuner innenfor samme fylke; elever i samme fylke og gruppe behandles likt.",
       "Differences between schools and municipalities within a county; pupils in the same county and group are "
       "treated alike."},
      {"leave_2",
       "Årsaker som familieforhold, venner, mobbing og skjermbruk hver for seg; de inngår bare i gjennomsnittene.",
       "Causes such as family circumstances, friends, bullying and screen use one by one; they are only part of "
       "the averages."},
      {"leave_3",
       "Flytting mellom fylker og virkninger etter at eleven har gått ut av videregående skole.",
       "Moves between counties and effects after the pupil has left upper secondary school."},
      {"leave_no_services",
       "I denne kjøringen: frafall, hjelpetjenester, køer og utgifter, som ikke var med i resultatfilen.",
       "In this run: dropout, help services, queues and spending, which the results file did not contain."},

      {"h_parameters", "Parametere og kilder", "Parameters and sources"},
      {"params_intro",
       "Alle verdiene modellen brukte, slik de står i parameterfilene som ble lagret i resultatfilen, med kilden "
       "som står ved hver verdi. Kildehenvisningene er gjengitt som de står i filene (på engelsk).",
       "Every value the model used, as it stands in the parameter files recorded in the results file, with the "
       "source given beside each value."},
      {"params_tags",
       "Merking: [F] funnet i en kilde, [D] avledet fra kilder, [A] uttalt antakelse, [S] fra kildedokumentene.",
       "Tags: [F] found in a source, [D] derived from sources, [A] stated assumption, [S] from the seed "
       "documents."},
      {"params_reference", "Referansescenarioet «{ref}»", "Reference scenario \"{ref}\""},
      {"params_changed", "Verdier scenarioet «{name}» endrer", "Values that scenario \"{name}\" changes"},
      {"params_none_changed", "Ingen: scenarioet bruker de samme parameterne som referansen.",
       "None: the scenario uses the same parameters as the reference."},
      {"col_file", "Fil", "File"},
      {"col_parameter", "Parameter", "Parameter"},
      {"col_value", "Verdi", "Value"},
      {"col_source", "Kilde", "Source"},
      {"no_source", "(ingen kilde oppgitt)", "(no source given)"},

      {"h_provenance", "Om kjøringen", "About this run"},
      {"engine_version", "Modellversjon", "Engine version"},
      {"seed", "Startverdi for tilfeldige tall (seed)", "Random seed"},
      {"replications", "Replikasjoner", "Replications"},
      {"years", "Skoleår", "School years"},
      {"scale", "Andel av elevene simulert", "Share of pupils simulated"},
      {"created", "Kjørt (UTC)", "Run at (UTC)"},

      // where non-completers stand, and how well the model reproduces known figures (report_validation.cpp)
      {"h_noncompleters", "Hvor de som ikke fullfører, står", "Where non-completers stand"},
      {"noncompleters_intro",
       "Elever som begynte på Vg1 i et av årene som kan følges til fristen (5 år for studieforberedende, 6 for "
       "yrkesfag), og som ikke har fullført da: andel etter hvor de står ved fristen. Alle slike kull i kjøringen er "
       "slått sammen; gjennomsnitt og 95 %-intervall over replikasjonene.",
       "Pupils who started Vg1 in one of the years that can be followed to the deadline (5 years for general, 6 for "
       "vocational programmes) and have not completed by then: share by where they stand at the deadline. All such "
       "entry cohorts of the run pooled; mean and 95 % interval over replications."},
      {"noncompleters_reference", "Udir, 2007-kullet", "Udir, 2007 cohort"},
      {"noncompleters_note",
       "Udirs tall gjelder 2007-kullet og den eldre 5-årsregelen. Modellen lar elever som ikke består et nivå, ta det "
       "om igjen i stedet for å avslutte uten bestått; derfor er mange fortsatt i opplæring ved fristen.",
       "Udir's figures are for the 2007 cohort under the older 5-year rule. The model lets pupils who fail a level "
       "repeat it rather than finish without passing, so many are still enrolled at the deadline."},
      {"status:no_level_passed", "Sluttet uten bestått Vg1", "Left without passing Vg1"},
      {"status:passed_vg1", "Sluttet etter bestått Vg1", "Left after passing Vg1"},
      {"status:passed_vg2", "Sluttet etter bestått Vg2", "Left after passing Vg2"},
      {"status:final_year_not_passed", "Gjennomført siste år uten å bestå", "Attended the final year, not passed"},
      {"status:still_enrolled", "Fortsatt i opplæring", "Still enrolled"},
      {"col_status", "Status ved fristen", "Status at the deadline"},
      {"h_validation", "Hvor godt modellen gjenskaper kjente tall", "How well the model reproduces known figures"},
      {"validation_intro",
       "Hvert kalibreringsmål (params/targets.toml) og hver kontroll mot publiserte tall (params/validation.toml) "
       "for referansescenarioet {scenario}: modellens verdi (gjennomsnitt og 95 %-intervall over replikasjonene), det "
       "kjente tallet eller området, og om gjennomsnittet ligger innenfor. Det er det samme som `elevsim validate` "
       "skriver ut.",
       "Every calibration target (params/targets.toml) and every check against published figures "
       "(params/validation.toml) for the reference scenario {scenario}: the model's value (mean and 95 % interval "
       "over replications), the known figure or range, and whether the mean lies within it. The same as "
       "`elevsim validate` prints."},
      {"validation_summary_ok", "Alle {n} kontrollene holder.", "All {n} judged checks hold."},
      {"validation_summary_fail", "{k} av {n} kontroller holder ikke: {list}.", "{k} of {n} judged checks fail: {list}."},
      {"col_figure", "Tall", "Figure"},
      {"col_model", "Modellen", "Model"},
      {"col_known", "Kjent tall", "Known figure"},
      {"col_holds", "Holder?", "Holds?"},
      {"holds", "ja", "yes"},
      {"fails", "NEI", "NO"},
      {"shown", "vist, ikke vurdert", "shown, not judged"},
      {"not_measured", "ikke målbart i en kjøring", "not measurable in a run"},
      {"absent", "scenarioet er ikke med i kjøringen", "scenario not in this run"},
      {"to", "til", "to"},
      {"sec_targets", "Kalibreringsmål", "Calibration targets"},
      {"sec_county_completion", "Fullføring etter fylke", "Completion by county"},
      {"sec_evidence", "Kontroller mot publiserte tall", "Checks against published figures"},
};
}  // namespace

const std::vector<Text>& report_texts() {
  static const std::vector<Text> t(std::begin(kTexts), std::end(kTexts));
  return t;
}

}  // namespace elevsim
