//! The report page, `index.html`: what a corpus says about who speaks, as charts and tables
//! people would rather look at than read. Self-contained: its style and one small script
//! (to sort the tables) are inline, its charts are inline SVG, it loads nothing and opens
//! from disk.
//!
//! **One language: French**, as on the per-document pages (`export::html`): every heading,
//! label, tooltip and legend is French; the CSV and JSON keep their English field names.
//!
//! **The view-model.** The page renders a [`ReportView`], a small typed record of what it
//! shows, made from the report's [`Summary`] by `From<&Summary>` ([`render_index`] does
//! both): the page was written while the report's aggregation was, so its records mirror
//! the `Summary`'s, and the adapter is field for field:
//!
//! | `ReportView` | from `Summary` |
//! |---|---|
//! | `documents`, `failed`, `unidentified_sources` | the same fields |
//! | `attributions` | `attributions.total` |
//! | `accusations` | `accusation_counts.total` |
//! | `distinct_persons`, `distinct_organisations` | `distinct_speakers.persons`, `.organisations` |
//! | `gender_persons`, `gender_quotes` | `gender.persons`, `gender.quotes` (female, male, unknown) |
//! | `by` | `by`: `field`, each group's `value`, `documents`, `gender.quotes`, `gender.persons`; `is_date` when the field is `date:…` |
//! | `persons`, `organisations`, `places` | `persons`, `organisations`, `places`: `name`, `wikidata`, `quotes.total` and by kind, `documents`, `gender`, `evidence.as_str()`, `examples` |
//! | `accusation_pairs` | `accusations`: `source.name`, `target.name`, `count`, `documents`, `examples` |
//! | `most_accused` | `most_accused`: `party.name`, `count`, `accusers` |
//! | `organisations_mentioned`, `places_mentioned` | the same lists: `name`, `wikidata`, `mentions`, `documents`, `quotes` |
//! | `method` | `gender_method`, as a French sentence |
//! | `evidence` of a speaker | `evidence`, in French (`civilité`, `titre ou fonction`…) |
//! | an [`ExampleView`] | an `Example`: `document`, `kind`, `excerpt`; `href` set by [`ReportView::link_documents`] when the per-document pages are written beside the report |
//!
//! **Links.** Every bar, column and cell of a chart links to its row in the table under it
//! (`#p3`, `#g2`, `#a5`), and every row shows its example documents: their ids and
//! excerpts, linked to the document's page when the pages were exported alongside
//! ([`ReportView::link_documents`]).
//!
//! **Sorting.** A click on a column's heading sorts its table (numbers as numbers, text in
//! French order), a second click the other way; the script is 30 lines, inline, and the
//! page reads the same without it.

use askama::Template;

use super::charts::{self, Chart, ChartError, ShareColumn, SpeakerBar};
use super::{Evidence, GenderMethod, Summary};

/// A person's gender as the page shows it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Gender {
    /// A woman.
    Female,
    /// A man.
    Male,
    /// Not known from the text: no evidence, or ambiguous evidence.
    #[default]
    Unknown,
}

impl Gender {
    /// The French word on the page.
    pub fn label(self) -> &'static str {
        match self {
            Gender::Female => "femme",
            Gender::Male => "homme",
            Gender::Unknown => "inconnu",
        }
    }

    /// The CSS class of its colour (`g-female`…).
    pub fn class(self) -> &'static str {
        match self {
            Gender::Female => "g-female",
            Gender::Male => "g-male",
            Gender::Unknown => "g-unknown",
        }
    }
}

/// Women, men and unknown: persons or quotes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct GenderCounts {
    /// Women.
    pub female: u64,
    /// Men.
    pub male: u64,
    /// Unknown.
    pub unknown: u64,
}

impl GenderCounts {
    /// All of them.
    pub fn total(&self) -> u64 {
        self.female + self.male + self.unknown
    }

    /// The share of women among those whose gender is known, as a percentage with one
    /// decimal (`—` when none is known).
    pub fn female_share(&self) -> String {
        percent(self.female, self.female + self.male)
    }

    /// The share of unknown among all, as a percentage.
    pub fn unknown_share(&self) -> String {
        percent(self.unknown, self.total())
    }
}

/// `n / of` as a French percentage (`37,5 %`), `—` when `of` is 0.
fn percent(n: u64, of: u64) -> String {
    if of == 0 {
        "—".into()
    } else {
        format!("{:.1} %", 100.0 * n as f64 / of as f64).replace('.', ",")
    }
}

/// A document to show as an example: its id, the kind of attribution, an excerpt.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExampleView {
    /// The document's id.
    pub document: String,
    /// The attribution's kind, as quidit writes it (`direct`, `accusation`…).
    pub kind: String,
    /// A short excerpt of the content.
    pub excerpt: String,
    /// The document's page, relative to the report, when the pages were written beside it.
    pub href: Option<String>,
}

/// A speaker, person or organisation.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SpeakerView {
    /// The name shown.
    pub name: String,
    /// The Wikidata id, when known.
    pub wikidata: Option<String>,
    /// Attributions it is the source of, all kinds.
    pub quotes: u64,
    /// Of which direct quotations.
    pub direct: u64,
    /// Of which accusations.
    pub accusations: u64,
    /// Documents where it speaks.
    pub documents: u64,
    /// Its gender (persons; [`Gender::Unknown`] for organisations).
    pub gender: Gender,
    /// What decided the gender (`civilite`, `title`, `pronoun`, `first_name`, `conflict`,
    /// `none`).
    pub evidence: String,
    /// A few of its quotes.
    pub examples: Vec<ExampleView>,
}

/// One value of the `--by` field.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PeriodView {
    /// The value (`2020-07`); empty for documents without the field.
    pub value: String,
    /// Documents with this value.
    pub documents: u64,
    /// Quotes by persons, by gender.
    pub quotes: GenderCounts,
    /// Distinct persons quoted, by gender.
    pub persons: GenderCounts,
}

/// The groups of the `--by` field.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ByView {
    /// The field as given (`date:month`, `source`).
    pub field: String,
    /// Whether its values are dates, in time order (the chart's title then says "over
    /// time").
    pub is_date: bool,
    /// One group a value, in the order to show.
    pub groups: Vec<PeriodView>,
}

/// Who accuses whom, how often.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AccusationView {
    /// Who accuses.
    pub accuser: String,
    /// Who is accused.
    pub accused: String,
    /// How many accusations.
    pub count: u64,
    /// In how many documents.
    pub documents: u64,
    /// A few of them (the charge as the excerpt).
    pub examples: Vec<ExampleView>,
}

/// Someone accused, whoever accuses them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AccusedView {
    /// Who.
    pub name: String,
    /// Accusations against them.
    pub count: u64,
    /// Distinct accusers.
    pub accusers: u64,
}

/// An organisation or place, and how often it is named.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MentionedView {
    /// The name shown.
    pub name: String,
    /// The Wikidata id, when known.
    pub wikidata: Option<String>,
    /// Mentions in all.
    pub mentions: u64,
    /// Documents that name it.
    pub documents: u64,
    /// Attributions it is the source of.
    pub quotes: u64,
}

/// Everything the report page shows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReportView {
    /// Documents read.
    pub documents: u64,
    /// Documents or lines that could not be read.
    pub failed: u64,
    /// Attributions of every kind, accusations included.
    pub attributions: u64,
    /// Accusations.
    pub accusations: u64,
    /// Attributions whose source is no entity.
    pub unidentified_sources: u64,
    /// Distinct persons quoted.
    pub distinct_persons: u64,
    /// Distinct organisations quoted.
    pub distinct_organisations: u64,
    /// Distinct persons quoted, by gender.
    pub gender_persons: GenderCounts,
    /// Quotes by persons, by gender.
    pub gender_quotes: GenderCounts,
    /// The groups of `--by`, when asked for.
    pub by: Option<ByView>,
    /// The persons quoted most, most first.
    pub persons: Vec<SpeakerView>,
    /// The organisations quoted most, most first.
    pub organisations: Vec<SpeakerView>,
    /// The places quoted most (a capital that speaks for a state), most first.
    pub places: Vec<SpeakerView>,
    /// Who accuses whom, most frequent first.
    pub accusation_pairs: Vec<AccusationView>,
    /// Who is accused most.
    pub most_accused: Vec<AccusedView>,
    /// The organisations named most.
    pub organisations_mentioned: Vec<MentionedView>,
    /// The places named most.
    pub places_mentioned: Vec<MentionedView>,
    /// How gender is decided, in a sentence.
    pub method: String,
}

impl ReportView {
    /// Links every example to its document's page: `page(id)` gives the page relative to
    /// the report (`pages/corpus/a.html`), or `None` for a document without one.
    pub fn link_documents(&mut self, page: impl Fn(&str) -> Option<String>) {
        let examples = self
            .persons
            .iter_mut()
            .chain(&mut self.organisations)
            .chain(&mut self.places)
            .flat_map(|s| &mut s.examples)
            .chain(
                self.accusation_pairs
                    .iter_mut()
                    .flat_map(|a| &mut a.examples),
            );
        for e in examples {
            e.href = page(&e.document);
        }
    }
}

impl From<super::Gender> for Gender {
    fn from(g: super::Gender) -> Gender {
        match g {
            super::Gender::Female => Gender::Female,
            super::Gender::Male => Gender::Male,
            super::Gender::Unknown => Gender::Unknown,
        }
    }
}

impl From<&super::GenderCounts> for GenderCounts {
    fn from(c: &super::GenderCounts) -> GenderCounts {
        GenderCounts {
            female: c.female,
            male: c.male,
            unknown: c.unknown,
        }
    }
}

impl From<&super::Example> for ExampleView {
    fn from(e: &super::Example) -> ExampleView {
        ExampleView {
            document: e.document.clone(),
            kind: e.kind.clone(),
            excerpt: e.excerpt.clone(),
            href: None,
        }
    }
}

/// The French name of a kind of gender evidence.
fn evidence_label(e: Evidence) -> &'static str {
    match e {
        Evidence::Civilite => "civilité",
        Evidence::Title => "titre ou fonction",
        Evidence::Pronoun => "pronom",
        Evidence::FirstName => "prénom",
        Evidence::Conflict => "indices contraires",
        Evidence::None => "aucun indice",
    }
}

impl From<&super::Speaker> for SpeakerView {
    fn from(s: &super::Speaker) -> SpeakerView {
        SpeakerView {
            name: s.name.clone(),
            wikidata: s.wikidata.clone(),
            quotes: s.quotes.total,
            direct: s.quotes.direct,
            accusations: s.quotes.accusation,
            documents: s.documents,
            gender: s.gender.into(),
            evidence: evidence_label(s.evidence).to_string(),
            examples: s.examples.iter().map(ExampleView::from).collect(),
        }
    }
}

impl From<&super::Mentioned> for MentionedView {
    fn from(m: &super::Mentioned) -> MentionedView {
        MentionedView {
            name: m.name.clone(),
            wikidata: m.wikidata.clone(),
            mentions: m.mentions,
            documents: m.documents,
            quotes: m.quotes,
        }
    }
}

/// How gender is decided, as a French sentence.
fn method(m: &GenderMethod) -> String {
    let order: Vec<&str> = m.order.iter().map(|&e| evidence_label(e)).collect();
    let mut out = format!(
        "Le genre d’une personne ne vient que d’indices explicites, dans cet ordre : {} ; \
         un prénom ne décide que s’il est porté à {} % au moins par l’un des sexes et par {} \
         naissances au moins ; sinon, ou quand les indices se contredisent, le genre est \
         « inconnu », jamais deviné.",
        order.join(", "),
        (m.first_name_ratio * 100.0).round(),
        m.first_name_min_births
    );
    if !m.sources.is_empty() {
        out.push_str(&format!(" Sources : {}.", m.sources.trim_end_matches('.')));
    }
    out
}

impl From<&Summary> for ReportView {
    fn from(s: &Summary) -> ReportView {
        let speakers = |list: &[super::Speaker]| list.iter().map(SpeakerView::from).collect();
        ReportView {
            documents: s.documents,
            failed: s.failed,
            attributions: s.attributions.total,
            accusations: s.accusation_counts.total,
            unidentified_sources: s.unidentified_sources,
            distinct_persons: s.distinct_speakers.persons,
            distinct_organisations: s.distinct_speakers.organisations,
            gender_persons: (&s.gender.persons).into(),
            gender_quotes: (&s.gender.quotes).into(),
            by: s.by.as_ref().map(|b| ByView {
                field: b.field.clone(),
                // `--by FIELD:year|month|day` cuts an ISO date: the groups are in time order.
                is_date: [":year", ":month", ":day"]
                    .iter()
                    .any(|cut| b.field.ends_with(cut)),
                groups: b
                    .groups
                    .iter()
                    .map(|g| PeriodView {
                        value: g.value.clone(),
                        documents: g.documents,
                        quotes: (&g.gender.quotes).into(),
                        persons: (&g.gender.persons).into(),
                    })
                    .collect(),
            }),
            persons: speakers(&s.persons),
            organisations: speakers(&s.organisations),
            places: speakers(&s.places),
            accusation_pairs: s
                .accusations
                .iter()
                .map(|a| AccusationView {
                    accuser: a.source.name.clone(),
                    accused: a.target.name.clone(),
                    count: a.count,
                    documents: a.documents,
                    examples: a.examples.iter().map(ExampleView::from).collect(),
                })
                .collect(),
            most_accused: s
                .most_accused
                .iter()
                .map(|a| AccusedView {
                    name: a.party.name.clone(),
                    count: a.count,
                    accusers: a.accusers,
                })
                .collect(),
            organisations_mentioned: s.organisations_mentioned.iter().map(Into::into).collect(),
            places_mentioned: s.places_mentioned.iter().map(Into::into).collect(),
            method: method(&s.gender_method),
        }
    }
}

/// How many speakers the bar chart and the matrix show at most (the tables show all the
/// view holds).
const CHART_TOP: usize = 15;
/// How many accusers and accused the matrix shows at most.
const MATRIX_TOP: usize = 8;

/// The page's template.
#[derive(Template)]
#[template(path = "report.html")]
struct ReportPage<'a> {
    view: &'a ReportView,
    totals_chart: Option<Chart>,
    speakers_chart: Option<Chart>,
    share_chart: Option<Chart>,
    matrix: Option<Chart>,
    by_title: String,
}

/// The accusation matrix of the view: the accusers and accused of the most frequent pairs,
/// taken pair by pair (most first) while there is room for both ends (at most
/// [`MATRIX_TOP`] each), so that every row and every column has a pair; each cell is
/// linked to its pair's row. (Ranking accusers and accused apart left rows and columns
/// empty: on real news the top accusers and the top accused are seldom each other's.)
fn matrix(view: &ReportView) -> Result<Option<Chart>, ChartError> {
    let mut accusers: Vec<&str> = Vec::new();
    let mut accused: Vec<&str> = Vec::new();
    for p in &view.accusation_pairs {
        let row = accusers.contains(&p.accuser.as_str()) || accusers.len() < MATRIX_TOP;
        let col = accused.contains(&p.accused.as_str()) || accused.len() < MATRIX_TOP;
        if row && col {
            if !accusers.contains(&p.accuser.as_str()) {
                accusers.push(&p.accuser);
            }
            if !accused.contains(&p.accused.as_str()) {
                accused.push(&p.accused);
            }
        }
    }
    let mut counts = vec![vec![0; accused.len()]; accusers.len()];
    let mut hrefs = vec![vec![String::new(); accused.len()]; accusers.len()];
    for (k, p) in view.accusation_pairs.iter().enumerate() {
        let i = accusers.iter().position(|a| *a == p.accuser);
        let j = accused.iter().position(|a| *a == p.accused);
        if let (Some(i), Some(j)) = (i, j) {
            counts[i][j] += p.count;
            if hrefs[i][j].is_empty() {
                hrefs[i][j] = format!("#a{}", k + 1);
            }
        }
    }
    let accusers: Vec<String> = accusers.into_iter().map(String::from).collect();
    let accused: Vec<String> = accused.into_iter().map(String::from).collect();
    charts::accusation_matrix(&accusers, &accused, &counts, &hrefs)
}

/// The report's `index.html`, from the report's [`Summary`].
pub fn render_index(summary: &Summary) -> Result<String, ChartError> {
    render_view(&ReportView::from(summary))
}

/// The report's `index.html`, from its view.
pub fn render_view(view: &ReportView) -> Result<String, ChartError> {
    let bars: Vec<SpeakerBar> = view
        .persons
        .iter()
        .take(CHART_TOP)
        .enumerate()
        .map(|(i, p)| SpeakerBar {
            name: p.name.clone(),
            quotes: p.quotes,
            gender: p.gender,
            href: format!("#p{}", i + 1),
        })
        .collect();
    let columns: Vec<ShareColumn> = view
        .by
        .iter()
        .flat_map(|b| &b.groups)
        .enumerate()
        .map(|(i, g)| ShareColumn {
            label: g.value.clone(),
            counts: g.quotes,
            href: format!("#g{}", i + 1),
        })
        .collect();
    let by_title = match &view.by {
        Some(b) if b.is_date => format!("La part des femmes au fil du temps ({})", b.field),
        Some(b) => format!("La part des femmes par {}", b.field),
        None => String::new(),
    };
    let page = ReportPage {
        view,
        totals_chart: charts::gender_totals_chart(&view.gender_persons, &view.gender_quotes)?,
        speakers_chart: charts::speakers_chart(&bars)?,
        share_chart: charts::share_chart(&columns)?,
        matrix: matrix(view)?,
        by_title,
    };
    Ok(page.render().expect("rendering into a String cannot fail"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_report_has_no_chart_and_says_so() {
        let page = render_view(&ReportView::default()).unwrap();
        assert!(!page.contains("<svg"));
        assert!(page.contains("Aucune personne citée"));
        assert!(page.contains("Aucune accusation"));
        assert!(!page.contains("id=\"par\""), "no --by section without --by");
    }

    #[test]
    fn names_are_text_and_examples_link_only_when_a_page_exists() {
        let mut view = ReportView {
            persons: vec![SpeakerView {
                name: "<script>alert(1)</script>".into(),
                quotes: 2,
                gender: Gender::Female,
                examples: vec![
                    ExampleView {
                        document: "a b#1.txt".into(),
                        excerpt: "« x & y »".into(),
                        ..ExampleView::default()
                    },
                    ExampleView {
                        document: "none.txt".into(),
                        ..ExampleView::default()
                    },
                ],
                ..SpeakerView::default()
            }],
            gender_persons: GenderCounts {
                female: 1,
                male: 0,
                unknown: 0,
            },
            ..ReportView::default()
        };
        view.link_documents(|id| (id != "none.txt").then(|| format!("pages/{id}.html")));
        let page = render_view(&view).unwrap();
        assert!(!page.contains("<script>alert"), "{page}");
        assert!(
            page.contains("&#60;script&#62;alert(1)") || page.contains("&lt;script&gt;alert(1)")
        );
        assert!(page.contains("href=\"pages/a%20b%231.txt.html\""), "{page}");
        assert!(page.contains("<code>none.txt</code>"));
        assert!(page.contains("« x &#38; y »"), "{page}");
        // The bar links to the row, which exists.
        assert!(page.contains("href=\"#p1\""));
        assert!(page.contains("id=\"p1\""));
    }

    #[test]
    fn every_row_and_column_of_the_matrix_has_a_pair() {
        // Ten disjoint pairs, then one between the first accuser and the second accused.
        let mut pairs: Vec<AccusationView> = (0..10)
            .map(|i| AccusationView {
                accuser: format!("accusateur {i}"),
                accused: format!("accusé {i}"),
                count: 10 - i,
                ..AccusationView::default()
            })
            .collect();
        pairs.push(AccusationView {
            accuser: "accusateur 0".into(),
            accused: "accusé 1".into(),
            count: 1,
            ..AccusationView::default()
        });
        let view = ReportView {
            accusation_pairs: pairs,
            ..ReportView::default()
        };
        let chart = matrix(&view).unwrap().unwrap();
        // 8 pairs make the 8 rows and columns, the 11th pair joins two of them: 9 cells.
        assert_eq!(chart.links, 9);
        assert!(chart.svg.contains("accusateur 7"));
        assert!(!chart.svg.contains("accusateur 8"));
        assert!(chart.svg.contains("accusateur 0 → accusé 1 : 1"));
    }

    #[test]
    fn percentages_are_french() {
        assert_eq!(percent(1, 3), "33,3 %");
        assert_eq!(percent(0, 0), "—");
        let c = GenderCounts {
            female: 1,
            male: 3,
            unknown: 4,
        };
        assert_eq!(c.female_share(), "25,0 %");
        assert_eq!(c.unknown_share(), "50,0 %");
    }
}
