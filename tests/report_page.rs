//! The report page and the per-document pages, opened in a real headless browser
//! (Debian's chromium): the charts are drawn (their SVG bars laid out with a size), the
//! sorting script runs without an error and sorts, every link inside a page has its
//! target, and the report's example links reach the per-document pages written beside it.
//!
//! Each page is copied with a probe script added (the pages themselves are left as they
//! are: the per-document pages have no script at all), loaded with
//! `chromium --headless --dump-dom`, and the probe writes what it measured into the DOM,
//! which the test reads back. Without chromium the browser tests say so and pass, unless
//! `QUIDIT_REQUIRE_BROWSER` is set (as `.ci/run` does, after installing it).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use quidit::report::html::{
    AccusationView, AccusedView, ByView, ExampleView, Gender, GenderCounts, MentionedView,
    PeriodView, ReportView, SpeakerView, render_view,
};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn counts(female: u64, male: u64, unknown: u64) -> GenderCounts {
    GenderCounts {
        female,
        male,
        unknown,
    }
}

fn example(doc: &str, excerpt: &str) -> ExampleView {
    ExampleView {
        document: doc.into(),
        kind: "direct".into(),
        excerpt: excerpt.into(),
        href: None,
    }
}

fn person(name: &str, quotes: u64, gender: Gender, doc: &str) -> SpeakerView {
    SpeakerView {
        name: name.into(),
        wikidata: None,
        quotes,
        direct: quotes / 2,
        accusations: quotes / 3,
        documents: quotes.div_ceil(2),
        gender,
        evidence: match gender {
            Gender::Female => "civilite".into(),
            Gender::Male => "first_name".into(),
            Gender::Unknown => "none".into(),
        },
        examples: vec![example(doc, "Nous ne laisserons pas la France à l’arrêt")],
    }
}

const GREVE: &str = "tests/exports/greve.txt";
const CONSEIL: &str = "tests/exports/conseil.txt";

/// A small report, invented, with a name that would be markup if it were not escaped.
fn fixture() -> ReportView {
    ReportView {
        documents: 12,
        failed: 1,
        attributions: 57,
        accusations: 9,
        unidentified_sources: 6,
        distinct_persons: 6,
        distinct_organisations: 3,
        gender_persons: counts(2, 3, 1),
        gender_quotes: counts(14, 23, 4),
        by: Some(ByView {
            field: "date:month".into(),
            is_date: true,
            groups: (1..=6)
                .map(|m| PeriodView {
                    value: format!("2020-0{m}"),
                    documents: 2,
                    quotes: counts(m, 7 - m, m % 2),
                    persons: counts(1, 1, m % 2),
                })
                .collect(),
        }),
        persons: vec![
            person("Élisabeth Borne", 11, Gender::Female, GREVE),
            person("Laurent Berger", 9, Gender::Male, GREVE),
            person("Jean-Pierre Farandou", 8, Gender::Male, CONSEIL),
            person("Camille <b>Dupont</b>", 4, Gender::Unknown, CONSEIL),
            person("Maëlle Kerbrat", 3, Gender::Female, GREVE),
            person("Philippe Martinez", 6, Gender::Male, GREVE),
        ],
        organisations: vec![SpeakerView {
            name: "Confédération générale du travail".into(),
            wikidata: Some("Q1125948".into()),
            quotes: 5,
            direct: 2,
            accusations: 2,
            documents: 3,
            gender: Gender::Unknown,
            evidence: "none".into(),
            examples: vec![example(GREVE, "bloquer le pays")],
        }],
        places: vec![SpeakerView {
            name: "Moscou".into(),
            wikidata: Some("Q649".into()),
            quotes: 2,
            direct: 0,
            accusations: 2,
            documents: 2,
            gender: Gender::Unknown,
            evidence: "none".into(),
            examples: vec![example(CONSEIL, "une provocation")],
        }],
        accusation_pairs: vec![
            AccusationView {
                accuser: "Jean-Pierre Farandou".into(),
                accused: "CGT".into(),
                count: 4,
                documents: 2,
                examples: vec![example(GREVE, "bloquer le pays")],
            },
            AccusationView {
                accuser: "Laurent Berger".into(),
                accused: "gouvernement".into(),
                count: 3,
                documents: 1,
                examples: vec![example(GREVE, "avoir « ignoré » les cheminots")],
            },
            AccusationView {
                accuser: "Élisabeth Borne".into(),
                accused: "CGT".into(),
                count: 2,
                documents: 1,
                examples: vec![example("corpus/absent.txt", "des blocages inacceptables")],
            },
        ],
        most_accused: vec![
            AccusedView {
                name: "CGT".into(),
                count: 6,
                accusers: 2,
            },
            AccusedView {
                name: "gouvernement".into(),
                count: 3,
                accusers: 1,
            },
        ],
        organisations_mentioned: vec![MentionedView {
            name: "SNCF".into(),
            wikidata: Some("Q13514".into()),
            mentions: 20,
            documents: 7,
            quotes: 1,
        }],
        places_mentioned: vec![MentionedView {
            name: "Marseille".into(),
            wikidata: None,
            mentions: 4,
            documents: 2,
            quotes: 0,
        }],
        method: "Genre : civilité, puis titre, puis pronom, puis prénom ; inconnu sinon.".into(),
    }
}

/// The per-document pages of the export fixtures and the report page beside them
/// (`DIR/pages/…`, `DIR/index.html`), in a folder of each test's own (`test`): nextest runs
/// each test in a process of its own, at the same time as the others.
fn site(test: &str) -> PathBuf {
    {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join("report_page")
            .join(test);
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let pages = dir.join("pages");
        let o = common::command()
            .args(["tag", "-q", "--format", "html", "--output"])
            .arg(&pages)
            .arg("tests/exports/")
            .current_dir(root())
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", common::stderr(&o));
        let mut view = fixture();
        // `tag` names the pages by their path under the input folder.
        view.link_documents(|id| {
            let name = id.strip_prefix("tests/exports/")?.strip_suffix(".txt")?;
            Some(format!("pages/{name}.html"))
        });
        std::fs::write(dir.join("index.html"), render_view(&view).unwrap()).unwrap();
        dir
    }
}

/// Chromium, if there is one.
fn chromium() -> Option<PathBuf> {
    let found = std::env::var_os("QUIDIT_CHROMIUM")
        .map(PathBuf::from)
        .or_else(|| {
            ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
                .iter()
                .map(PathBuf::from)
                .find(|p| p.exists())
        });
    if found.is_none() {
        assert!(
            std::env::var_os("QUIDIT_REQUIRE_BROWSER").is_none(),
            "QUIDIT_REQUIRE_BROWSER is set but chromium is not installed \
             (`apt-get install chromium`, or QUIDIT_CHROMIUM=PATH)"
        );
        eprintln!(
            "SKIPPED: chromium is not installed; `bash .ci/run` installs it (apt-get install chromium)"
        );
    }
    found
}

/// What every page's probe measures: the links inside the page whose target is missing,
/// and any script error, into attributes of `<body>`. Loaded before the page's own script.
const PROBE_HEAD: &str = r#"<script>
window.__errors = [];
window.addEventListener("error", function (e) { window.__errors.push(String(e.message)); });
</script>"#;

/// The end of every probe: the broken internal links and the errors, then the DOM.
const PROBE_END: &str = r#"<script>
(function () {
  var broken = [];
  document.querySelectorAll("a[href^='#']").forEach(function (a) {
    var id = decodeURIComponent(a.getAttribute("href").slice(1));
    if (!document.getElementById(id)) broken.push(id);
  });
  document.body.setAttribute("data-broken", broken.join(" "));
  document.body.setAttribute("data-links", String(document.querySelectorAll("a[href^='#']").length));
  document.body.setAttribute("data-errors", window.__errors.join(" | "));
  document.body.setAttribute("data-probed", "yes");
})();
</script>"#;

/// What the report page's probe measures besides: for each figure, how many of its SVG
/// rectangles the browser laid out with a size, and the first column of the speakers'
/// table before and after a click on its "propos" heading, twice.
const REPORT_PROBE: &str = r#"<script>
(function () {
  var out = [];
  document.querySelectorAll("figure").forEach(function (f) {
    var svg = f.querySelector("svg");
    var drawn = 0;
    f.querySelectorAll("svg rect").forEach(function (r) {
      var b = r.getBoundingClientRect();
      if (b.width > 0.5 && b.height > 0.5) drawn++;
    });
    var box = svg ? svg.getBoundingClientRect() : { width: 0, height: 0 };
    out.push(f.id + ":" + drawn + ":" + Math.round(box.width) + "x" + Math.round(box.height)
      + ":" + f.querySelectorAll("svg polyline[stroke-width='2']").length);
  });
  document.body.setAttribute("data-figures", out.join(" "));
  document.body.setAttribute("data-bold", String(document.querySelectorAll("b").length
    - document.querySelectorAll(".card b").length));
  var table = document.getElementById("table-personnes");
  var names = function () {
    return Array.prototype.map.call(table.tBodies[0].rows, function (r) {
      return r.cells[1].textContent.trim();
    }).join("|");
  };
  document.body.setAttribute("data-before", names());
  var th = table.tHead.rows[0].cells[4];
  th.click();
  document.body.setAttribute("data-sorted-down", names());
  th.click();
  document.body.setAttribute("data-sorted-up", names());
  document.body.setAttribute("data-ready", String(document.querySelectorAll("table.sorting-ready").length)
    + "/" + String(document.querySelectorAll("table.sortable").length));
})();
</script>"#;

/// `page` with the probes added, loaded in chromium; the DOM it dumps.
fn probe(chromium: &Path, page: &Path, extra: &str) -> String {
    let html = std::fs::read_to_string(page).unwrap();
    let head = html.find("</head>").expect("a head");
    let end = html.rfind("</body>").expect("a body");
    let probed = format!(
        "{}{PROBE_HEAD}{}{extra}{PROBE_END}{}",
        &html[..head],
        &html[head..end],
        &html[end..]
    );
    // Beside the page, so that its relative links are the same.
    let copy = page.with_extension("probe.html");
    std::fs::write(&copy, probed).unwrap();
    let profile = tempfile::tempdir().unwrap();
    let o = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--window-size=1200,900",
            "--virtual-time-budget=5000",
            "--dump-dom",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("file://{}", copy.display()))
        .output()
        .expect("chromium runs");
    assert!(
        o.status.success(),
        "chromium failed: {}",
        common::stderr(&o)
    );
    let dom = common::stdout(&o);
    assert!(
        dom.contains("data-probed=\"yes\""),
        "the probe did not run: {dom}"
    );
    dom
}

/// The value of `name` on `<body>` in a dumped DOM.
fn body_attr(dom: &str, name: &str) -> String {
    let body = &dom[dom.find("<body").expect("a body")..];
    let body = &body[..body.find('>').unwrap()];
    let key = format!("{name}=\"");
    let Some(at) = body.find(&key) else {
        return String::new();
    };
    let v = &body[at + key.len()..];
    v[..v.find('"').unwrap()]
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
}

#[test]
fn the_report_page_draws_its_charts_and_sorts_its_tables_in_a_browser() {
    let dir = site("charts");
    let Some(chromium) = chromium() else { return };
    let dom = probe(&chromium, &dir.join("index.html"), REPORT_PROBE);
    assert_eq!(body_attr(&dom, "data-errors"), "", "script errors");
    assert_eq!(body_attr(&dom, "data-broken"), "", "links without a target");
    // Every figure is drawn: an SVG with a size, and bars laid out with a size.
    let figures = body_attr(&dom, "data-figures");
    let figures: Vec<Vec<&str>> = figures.split(' ').map(|f| f.split(':').collect()).collect();
    let ids: Vec<&str> = figures.iter().map(|f| f[0]).collect();
    assert_eq!(
        ids,
        ["fig-genre", "fig-personnes", "fig-par", "fig-accusations"],
        "{figures:?}"
    );
    for f in &figures {
        let drawn: usize = f[1].parse().unwrap();
        let (w, h) = f[2].split_once('x').unwrap();
        assert!(
            w.parse::<u32>().unwrap() > 300 && h.parse::<u32>().unwrap() > 80,
            "{f:?}"
        );
        // The background, the plot, then the bars (and their links).
        assert!(drawn >= 6, "{f:?}: too few rectangles drawn");
    }
    // The share over time has its line.
    assert_eq!(figures[2][3], "1", "{figures:?}");
    // Sorting by quotes: most first, then least first.
    let before = body_attr(&dom, "data-before");
    let down = body_attr(&dom, "data-sorted-down");
    let up = body_attr(&dom, "data-sorted-up");
    assert!(
        before.starts_with("Élisabeth Borne|Laurent Berger|"),
        "{before}"
    );
    assert_eq!(
        down,
        "Élisabeth Borne|Laurent Berger|Jean-Pierre Farandou|Philippe Martinez|Camille <b>Dupont</b>|Maëlle Kerbrat"
    );
    assert_eq!(
        up,
        "Maëlle Kerbrat|Camille <b>Dupont</b>|Philippe Martinez|Jean-Pierre Farandou|Laurent Berger|Élisabeth Borne"
    );
    let ready = body_attr(&dom, "data-ready");
    let (ready, sortable) = ready.split_once('/').unwrap();
    assert_eq!(ready, sortable, "tables the script did not reach");
    assert!(sortable.parse::<u32>().unwrap() >= 6);
    // A name is text, not markup, in the table and in the chart.
    assert_eq!(body_attr(&dom, "data-bold"), "0", "a name became markup");
}

#[test]
fn the_reports_examples_link_to_the_pages_written_beside_it() {
    let dir = site("examples");
    let html = std::fs::read_to_string(dir.join("index.html")).unwrap();
    let mut linked = 0;
    for part in html.split("href=\"").skip(1) {
        let href = &part[..part.find('"').unwrap()];
        if href.starts_with('#') {
            continue;
        }
        assert!(
            !href.contains("//") && !href.contains(':'),
            "a link out of the page: {href}"
        );
        assert!(dir.join(href).is_file(), "{href} is not written");
        linked += 1;
    }
    assert!(linked >= 5, "{linked} links to pages");
    // A document without a page is named, not linked.
    assert!(html.contains("<code>corpus/absent.txt</code>"));
    // No network: nothing loaded from elsewhere.
    assert!(!html.contains("src=\""));
}

#[test]
fn the_document_pages_link_inside_and_across_in_a_browser() {
    let dir = site("documents");
    let pages = dir.join("pages");
    // Previous and next run through the pages in the order written, and each exists.
    let order = ["conseil", "diplomatie", "greve"];
    for (i, name) in order.iter().enumerate() {
        let html = std::fs::read_to_string(pages.join(format!("{name}.html"))).unwrap();
        let link = |rel: &str| {
            let needle = format!("rel=\"{rel}\" href=\"");
            let v = &html[html.find(&needle)? + needle.len()..];
            Some(v[..v.find('"').unwrap()].to_string())
        };
        let prev = i.checked_sub(1).map(|p| format!("{}.html", order[p]));
        let next = order.get(i + 1).map(|n| format!("{n}.html"));
        assert_eq!(link("prev"), prev, "{name}");
        assert_eq!(link("next"), next, "{name}");
        assert!(
            html.contains("href=\"index.html\""),
            "{name}: no link to the index"
        );
        assert!(
            !html.contains("<script"),
            "{name}: a script in a document page"
        );
    }
    let Some(chromium) = chromium() else { return };
    for name in order {
        let dom = probe(&chromium, &pages.join(format!("{name}.html")), "");
        assert_eq!(body_attr(&dom, "data-errors"), "", "{name}: script errors");
        assert_eq!(
            body_attr(&dom, "data-broken"),
            "",
            "{name}: links without a target"
        );
        let links: usize = body_attr(&dom, "data-links").parse().unwrap();
        assert!(links > 10, "{name}: {links} links inside the page");
        // Sources are numbered, and their quotes link back to them.
        assert!(dom.contains("id=\"s1\""), "{name}: no numbered source");
        assert!(
            dom.contains("href=\"#s1\""),
            "{name}: nothing links to source 1"
        );
        assert!(dom.contains("id=\"r1\""), "{name}: no row 1");
    }
}

#[test]
fn a_real_report_draws_its_charts_in_a_browser() {
    // `quidit report` over the invented corpus of tests/report.rs, through the Summary and
    // the adapter to the page.
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("report_page")
        .join("real");
    let _ = std::fs::remove_dir_all(&dir);
    let o = common::command()
        .args(["report", "-q", "--by", "date:month", "-o"])
        .arg(&dir)
        .arg("tests/data/report/corpus.jsonl")
        .current_dir(root())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", common::stderr(&o));
    let html = std::fs::read_to_string(dir.join("index.html")).unwrap();
    assert!(html.contains("La part des femmes au fil du temps (date:month)"));
    assert!(html.contains("Claire Duval"));
    let Some(chromium) = chromium() else { return };
    let dom = probe(&chromium, &dir.join("index.html"), REPORT_PROBE);
    assert_eq!(body_attr(&dom, "data-errors"), "", "script errors");
    assert_eq!(body_attr(&dom, "data-broken"), "", "links without a target");
    let figures = body_attr(&dom, "data-figures");
    let ids: Vec<&str> = figures
        .split(' ')
        .map(|f| f.split(':').next().unwrap())
        .collect();
    assert_eq!(
        ids,
        ["fig-genre", "fig-personnes", "fig-par", "fig-accusations"],
        "{figures}"
    );
    for f in figures.split(' ') {
        let drawn: usize = f.split(':').nth(1).unwrap().parse().unwrap();
        assert!(drawn >= 4, "{f}: too few rectangles drawn");
    }
    let down = body_attr(&dom, "data-sorted-down");
    let up = body_attr(&dom, "data-sorted-up");
    assert!(down.contains('|'), "{down}");
    // Sorting one way then the other reverses the rows (ties aside, the counts do).
    assert_ne!(down, up);
}
