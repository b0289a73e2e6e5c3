//! The report's charts, drawn with plotters' SVG backend into strings that the page inlines.
//!
//! Each chart is a function of plain data, testable alone; each returns a [`Chart`]: the
//! SVG, whose bars and cells are links (`<a href="#…">`) to the rows of the tables under
//! it, where the example documents are. plotters draws; the links are transparent
//! rectangles laid over each bar at the pixel coordinates plotters maps it to, since its
//! backends draw shapes and text but no links.
//!
//! Colours: women orange, men blue, unknown grey, the same in every chart and in the
//! tables, and distinguishable for the common colour-vision deficiencies (the
//! orange/blue pair of the Okabe–Ito palette).

use std::fmt;
use std::fmt::Write as _;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::html::{Gender, GenderCounts};

/// Women's colour.
pub const FEMALE: RGBColor = RGBColor(0xe6, 0x9f, 0x00);
/// Men's colour.
pub const MALE: RGBColor = RGBColor(0x00, 0x72, 0xb2);
/// The colour of unknown gender.
pub const UNKNOWN: RGBColor = RGBColor(0xb0, 0xb0, 0xb0);

/// The colour of a gender.
pub fn colour(g: Gender) -> RGBColor {
    match g {
        Gender::Female => FEMALE,
        Gender::Male => MALE,
        Gender::Unknown => UNKNOWN,
    }
}

/// A chart drawn: the SVG, to inline in the page as it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chart {
    /// `<svg …>…</svg>`: plotters' drawing, then the links over its bars.
    pub svg: String,
    /// How many links were laid over the drawing (one a bar, column or cell).
    pub links: usize,
}

/// What went wrong drawing a chart (plotters' error, as text: drawing into a string fails
/// only on a coordinate range it cannot map).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChartError(pub String);

impl fmt::Display for ChartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "chart: {}", self.0)
    }
}

impl std::error::Error for ChartError {}

fn err<E: fmt::Debug>(e: E) -> ChartError {
    ChartError(format!("{e:?}"))
}

/// A link to lay over the drawing: a rectangle in pixels, where it goes, what hovering says.
struct Hotspot {
    from: (i32, i32),
    to: (i32, i32),
    href: String,
    title: String,
}

/// Ends the SVG with the links over it: transparent rectangles, each in an `<a>`, with a
/// `<title>` for the tooltip. The text is escaped by askama's HTML escaper.
fn with_links(mut svg: String, spots: &[Hotspot]) -> Chart {
    let end = svg.rfind("</svg>").unwrap_or(svg.len());
    let mut links = String::new();
    for s in spots {
        let (x0, x1) = (s.from.0.min(s.to.0), s.from.0.max(s.to.0));
        let (y0, y1) = (s.from.1.min(s.to.1), s.from.1.max(s.to.1));
        let _ = writeln!(
            links,
            "<a href=\"{}\" class=\"hot\"><rect x=\"{x0}\" y=\"{y0}\" width=\"{}\" height=\"{}\" \
             fill=\"transparent\"><title>{}</title></rect></a>",
            askama::filters::escape(&s.href, askama::filters::Html).expect("escaping to a string"),
            (x1 - x0).max(1),
            (y1 - y0).max(1),
            askama::filters::escape(&s.title, askama::filters::Html).expect("escaping to a string"),
        );
    }
    svg.insert_str(end, &links);
    Chart {
        svg,
        links: spots.len(),
    }
}

/// The longest name written along an axis (the label area is 220 pixels wide); the
/// tooltip of the bar or cell has it whole.
const LABEL_CHARS: usize = 28;

/// The font of every label: the browser's sans-serif (no font is read when drawing).
/// plotters writes 1/1.24 of the size it is given into the SVG: 18 gives 14.5 px.
fn font(size: u32) -> TextStyle<'static> {
    ("sans-serif", size + size / 3).into_font().into()
}

/// A bar of [`speakers_chart`]: one speaker.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpeakerBar {
    /// The name on the axis.
    pub name: String,
    /// Its quotes.
    pub quotes: u64,
    /// Its gender, the bar's colour.
    pub gender: Gender,
    /// Where the bar links to (its row in the table).
    pub href: String,
}

/// Horizontal bars of the speakers quoted most, most at the top, each coloured by the
/// speaker's gender. `None` when there is no speaker.
pub fn speakers_chart(bars: &[SpeakerBar]) -> Result<Option<Chart>, ChartError> {
    if bars.is_empty() {
        return Ok(None);
    }
    let n = bars.len();
    let max = bars.iter().map(|b| b.quotes).max().unwrap_or(1).max(1);
    let height = 60 + 26 * n as u32;
    let mut svg = String::new();
    let mut spots = Vec::new();
    {
        let root = SVGBackend::with_string(&mut svg, (720, height)).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        // Row 0 at the top: the y axis counts down from n.
        let mut chart = ChartBuilder::on(&root)
            .margin(10)
            .margin_right(30)
            .x_label_area_size(45)
            .y_label_area_size(220)
            .build_cartesian_2d(0f64..max as f64 * 1.05, 0f64..n as f64)
            .map_err(err)?;
        let names: Vec<&str> = bars.iter().map(|b| b.name.as_str()).collect();
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(n * 2 + 1)
            .y_label_formatter(&|y| {
                // Label the middle of each bar only.
                let k = y - y.floor();
                let row = n as f64 - y.floor() - 1.0;
                if (k - 0.5).abs() < 1e-6 && row >= 0.0 {
                    short(names[row as usize], LABEL_CHARS)
                } else {
                    String::new()
                }
            })
            .x_label_formatter(&|x| format!("{x:.0}"))
            .light_line_style(TRANSPARENT)
            .x_desc("citations")
            .label_style(font(13))
            .axis_desc_style(font(13))
            .draw()
            .map_err(err)?;
        for (i, b) in bars.iter().enumerate() {
            let top = (n - i) as f64 - 0.15;
            let bottom = (n - i - 1) as f64 + 0.15;
            let rect = [(0.0, top), (b.quotes as f64, bottom)];
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    rect,
                    colour(b.gender).filled(),
                )))
                .map_err(err)?;
            spots.push(Hotspot {
                from: chart.backend_coord(&rect[0]),
                to: chart.backend_coord(&rect[1]),
                href: b.href.clone(),
                title: format!("{} : {}", b.name, plural(b.quotes, "citation")),
            });
        }
        root.present().map_err(err)?;
    }
    Ok(Some(with_links(svg, &spots)))
}

/// Two stacked bars, persons and quotes, each split into women, men and unknown, as shares
/// of 100 %.
pub fn gender_totals_chart(
    persons: &GenderCounts,
    quotes: &GenderCounts,
) -> Result<Option<Chart>, ChartError> {
    if persons.total() == 0 && quotes.total() == 0 {
        return Ok(None);
    }
    let rows = [("personnes citées", persons), ("citations", quotes)];
    let mut svg = String::new();
    let mut spots = Vec::new();
    {
        let root = SVGBackend::with_string(&mut svg, (720, 130)).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        let mut chart = ChartBuilder::on(&root)
            .margin(10)
            .margin_right(30)
            .x_label_area_size(25)
            .y_label_area_size(140)
            .build_cartesian_2d(0f64..100.0, 0f64..2.0)
            .map_err(err)?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(5)
            .y_label_formatter(&|y| match y {
                y if (y - 1.5).abs() < 1e-6 => rows[0].0.to_string(),
                y if (y - 0.5).abs() < 1e-6 => rows[1].0.to_string(),
                _ => String::new(),
            })
            .light_line_style(TRANSPARENT)
            .x_label_formatter(&|x| format!("{x:.0} %"))
            .label_style(font(13))
            .draw()
            .map_err(err)?;
        for (r, (what, counts)) in rows.iter().enumerate() {
            let total = counts.total().max(1) as f64;
            let top = (2 - r) as f64 - 0.2;
            let bottom = (1 - r) as f64 + 0.2;
            let mut at = 0.0;
            for (g, n, name) in [
                (Gender::Female, counts.female, "femmes"),
                (Gender::Male, counts.male, "hommes"),
                (Gender::Unknown, counts.unknown, "inconnu"),
            ] {
                let w = 100.0 * n as f64 / total;
                let rect = [(at, top), (at + w, bottom)];
                chart
                    .draw_series(std::iter::once(Rectangle::new(rect, colour(g).filled())))
                    .map_err(err)?;
                if n > 0 {
                    spots.push(Hotspot {
                        from: chart.backend_coord(&rect[0]),
                        to: chart.backend_coord(&rect[1]),
                        href: "#genre".into(),
                        title: format!("{what}, {name} : {n} ({w:.1} %)"),
                    });
                }
                at += w;
            }
        }
        root.present().map_err(err)?;
    }
    Ok(Some(with_links(svg, &spots)))
}

/// A column of [`share_chart`]: one value of the `--by` field.
#[derive(Clone, Debug, PartialEq)]
pub struct ShareColumn {
    /// The value (`2020-07`).
    pub label: String,
    /// Quotes by gender in that group.
    pub counts: GenderCounts,
    /// Where the column links to.
    pub href: String,
}

/// The share of women over the groups of the `--by` field (time, when it is a date): one
/// stacked column a group (women at the bottom, then men, then unknown, as shares of the
/// group's quotes), and a line through the share of women among the quotes whose speaker's
/// gender is known.
pub fn share_chart(columns: &[ShareColumn]) -> Result<Option<Chart>, ChartError> {
    if columns.is_empty() {
        return Ok(None);
    }
    let n = columns.len();
    let width = (160 + 48 * n as u32).clamp(480, 960);
    let mut svg = String::new();
    let mut spots = Vec::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, 320)).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        let mut chart = ChartBuilder::on(&root)
            .margin(10)
            .x_label_area_size(40)
            .y_label_area_size(75)
            .build_cartesian_2d(0f64..n as f64, 0f64..100.0)
            .map_err(err)?;
        let labels: Vec<&str> = columns.iter().map(|c| c.label.as_str()).collect();
        // At most about 12 labels along the axis: every k-th group.
        let step = n.div_ceil(12).max(1);
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(n * 2 + 1)
            .x_label_formatter(&|x| {
                let k = x - x.floor();
                let i = x.floor() as usize;
                if (k - 0.5).abs() < 1e-6 && i < n && i % step == 0 {
                    if labels[i].is_empty() {
                        "(sans)".to_string()
                    } else {
                        labels[i].to_string()
                    }
                } else {
                    String::new()
                }
            })
            .y_label_formatter(&|y| format!("{y:.0} %"))
            .light_line_style(TRANSPARENT)
            .y_desc("part des citations")
            .label_style(font(12))
            .axis_desc_style(font(12))
            .draw()
            .map_err(err)?;
        let mut line = Vec::new();
        for (i, c) in columns.iter().enumerate() {
            let total = c.counts.total();
            let (left, right) = (i as f64 + 0.12, i as f64 + 0.88);
            let mut at = 0.0;
            if total > 0 {
                for (g, k) in [
                    (Gender::Female, c.counts.female),
                    (Gender::Male, c.counts.male),
                    (Gender::Unknown, c.counts.unknown),
                ] {
                    let h = 100.0 * k as f64 / total as f64;
                    chart
                        .draw_series(std::iter::once(Rectangle::new(
                            [(left, at), (right, at + h)],
                            colour(g).mix(0.85).filled(),
                        )))
                        .map_err(err)?;
                    at += h;
                }
            }
            let known = c.counts.female + c.counts.male;
            if known > 0 {
                line.push((
                    i as f64 + 0.5,
                    100.0 * c.counts.female as f64 / known as f64,
                ));
            }
            let share = if known > 0 {
                format!(
                    "{:.1} % de femmes parmi les genres connus",
                    100.0 * c.counts.female as f64 / known as f64
                )
            } else {
                "aucun genre connu".to_string()
            };
            spots.push(Hotspot {
                from: chart.backend_coord(&(left, 100.0)),
                to: chart.backend_coord(&(right, 0.0)),
                href: c.href.clone(),
                title: format!("{} : {}, {share}", c.label, plural(total, "citation")),
            });
        }
        chart
            .draw_series(LineSeries::new(line.iter().copied(), BLACK.stroke_width(2)))
            .map_err(err)?;
        chart
            .draw_series(line.iter().map(|&p| Circle::new(p, 3, BLACK.filled())))
            .map_err(err)?;
        root.present().map_err(err)?;
    }
    Ok(Some(with_links(svg, &spots)))
}

/// The accusation matrix: accusers down, accused across, each cell shaded by its count and
/// linked to the pair's row. `counts[i][j]` is what `accusers[i]` says against
/// `accused[j]`; `hrefs[i][j]` where that cell links (empty: no link).
pub fn accusation_matrix(
    accusers: &[String],
    accused: &[String],
    counts: &[Vec<u64>],
    hrefs: &[Vec<String>],
) -> Result<Option<Chart>, ChartError> {
    if accusers.is_empty() || accused.is_empty() {
        return Ok(None);
    }
    let (rows, cols) = (accusers.len(), accused.len());
    let max = counts.iter().flatten().copied().max().unwrap_or(1).max(1);
    let width = 240 + 70 * cols as u32;
    let height = 140 + 34 * rows as u32;
    let mut svg = String::new();
    let mut spots = Vec::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        let (plot, _) = split_top(&root, height - 130);
        let mut chart = ChartBuilder::on(&plot)
            .margin(10)
            .x_label_area_size(0)
            .y_label_area_size(220)
            .build_cartesian_2d(0f64..cols as f64, 0f64..rows as f64)
            .map_err(err)?;
        chart
            .configure_mesh()
            .disable_mesh()
            .y_labels(rows * 2 + 1)
            .y_label_formatter(&|y| {
                let k = y - y.floor();
                let row = rows as f64 - y.floor() - 1.0;
                if (k - 0.5).abs() < 1e-6 && row >= 0.0 {
                    short(&accusers[row as usize], LABEL_CHARS)
                } else {
                    String::new()
                }
            })
            .x_labels(0)
            .label_style(font(13))
            .draw()
            .map_err(err)?;
        for (i, row) in counts.iter().enumerate().take(rows) {
            for (j, &c) in row.iter().enumerate().take(cols) {
                let top = (rows - i) as f64;
                let bottom = (rows - i - 1) as f64;
                let shade = if c == 0 {
                    RGBColor(0xf4, 0xf4, 0xf4)
                } else {
                    // From a light to a strong red, by the count's share of the largest.
                    let t = 0.25 + 0.75 * c as f64 / max as f64;
                    let mixed = |light: u8, strong: u8| {
                        (light as f64 + (strong as f64 - light as f64) * t).round() as u8
                    };
                    RGBColor(mixed(0xfd, 0xb2), mixed(0xdb, 0x18), mixed(0xc7, 0x2b))
                };
                let rect = [
                    (j as f64 + 0.04, top - 0.04),
                    (j as f64 + 0.96, bottom + 0.04),
                ];
                chart
                    .draw_series(std::iter::once(Rectangle::new(rect, shade.filled())))
                    .map_err(err)?;
                if c > 0 {
                    let text_colour = if c * 2 > max { WHITE } else { BLACK };
                    chart
                        .draw_series(std::iter::once(Text::new(
                            c.to_string(),
                            (j as f64 + 0.5, bottom + 0.5),
                            font(13)
                                .color(&text_colour)
                                .pos(Pos::new(HPos::Center, VPos::Center)),
                        )))
                        .map_err(err)?;
                    if let Some(href) = hrefs
                        .get(i)
                        .and_then(|r| r.get(j))
                        .filter(|h| !h.is_empty())
                    {
                        spots.push(Hotspot {
                            from: chart.backend_coord(&rect[0]),
                            to: chart.backend_coord(&rect[1]),
                            href: href.clone(),
                            title: format!("{} → {} : {c}", accusers[i], accused[j]),
                        });
                    }
                }
            }
        }
        // The accused, written down under their columns (plotters turns text by quarter
        // turns only).
        for (j, name) in accused.iter().enumerate() {
            let (x, _) = chart.backend_coord(&(j as f64 + 0.5, 0.0));
            let y = height as i32 - 120 + 6;
            root.draw(&Text::new(
                short(name, 16),
                (x, y),
                font(13).transform(FontTransform::Rotate90),
            ))
            .map_err(err)?;
        }
        root.present().map_err(err)?;
    }
    Ok(Some(with_links(svg, &spots)))
}

/// The drawing area cut at `y` pixels from the top: the part above, and the rest.
fn split_top<'a>(
    area: &DrawingArea<SVGBackend<'a>, Shift>,
    y: u32,
) -> (
    DrawingArea<SVGBackend<'a>, Shift>,
    DrawingArea<SVGBackend<'a>, Shift>,
) {
    area.split_vertically(y)
}

/// `n` and the word, in the plural from 2 on (French: `0 citation`, `1 citation`,
/// `2 citations`).
fn plural(n: u64, word: &str) -> String {
    if n >= 2 {
        format!("{n} {word}s")
    } else {
        format!("{n} {word}")
    }
}

/// `s` cut to `n` characters, with `…` where cut.
fn short(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut out: String = s.chars().take(n - 1).collect();
        out.push('…');
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(female: u64, male: u64, unknown: u64) -> GenderCounts {
        GenderCounts {
            female,
            male,
            unknown,
        }
    }

    /// The `fill` colours of the `<rect>` elements of an SVG, in order.
    fn rect_fills(svg: &str) -> Vec<String> {
        svg.split("<rect")
            .skip(1)
            .filter_map(|r| {
                let at = r.find("fill=\"")? + 6;
                Some(r[at..at + r[at..].find('"')?].to_string())
            })
            .collect()
    }

    fn hex(c: RGBColor) -> String {
        format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2)
    }

    #[test]
    fn speakers_bars_are_drawn_in_their_gender_and_linked() {
        let bars = vec![
            SpeakerBar {
                name: "Élisabeth Borne".into(),
                quotes: 7,
                gender: Gender::Female,
                href: "#p1".into(),
            },
            SpeakerBar {
                name: "Laurent <Berger>".into(),
                quotes: 3,
                gender: Gender::Male,
                href: "#p2".into(),
            },
        ];
        let chart = speakers_chart(&bars).unwrap().unwrap();
        let fills = rect_fills(&chart.svg);
        assert!(fills.contains(&hex(FEMALE)), "{fills:?}");
        assert!(fills.contains(&hex(MALE)), "{fills:?}");
        assert!(!fills.contains(&hex(UNKNOWN)), "{fills:?}");
        assert_eq!(chart.links, 2);
        assert!(chart.svg.contains("href=\"#p1\""));
        // Names are escaped, in the axis (plotters) and in the tooltips (askama).
        assert!(chart.svg.contains("Laurent &lt;Berger&gt;"));
        assert!(!chart.svg.contains("<Berger>"));
        assert!(chart.svg.trim_end().ends_with("</svg>"));
        assert_eq!(speakers_chart(&[]).unwrap(), None);
    }

    #[test]
    fn the_longer_bar_is_the_larger_count() {
        let bars = |a, b| {
            vec![
                SpeakerBar {
                    name: "A".into(),
                    quotes: a,
                    gender: Gender::Female,
                    href: "#a".into(),
                },
                SpeakerBar {
                    name: "B".into(),
                    quotes: b,
                    gender: Gender::Male,
                    href: "#b".into(),
                },
            ]
        };
        // The link rectangles have the bars' widths.
        let widths = |svg: &str| -> Vec<i32> {
            svg.split("class=\"hot\"><rect")
                .skip(1)
                .map(|r| {
                    let at = r.find("width=\"").unwrap() + 7;
                    r[at..at + r[at..].find('"').unwrap()].parse().unwrap()
                })
                .collect()
        };
        let w = widths(&speakers_chart(&bars(10, 5)).unwrap().unwrap().svg);
        assert_eq!(w.len(), 2);
        assert!(w[0] > w[1] * 3 / 2 && w[0] < w[1] * 5 / 2, "{w:?}");
    }

    #[test]
    fn gender_totals_split_each_bar_in_three() {
        let chart = gender_totals_chart(&counts(2, 5, 1), &counts(4, 10, 0))
            .unwrap()
            .unwrap();
        let fills = rect_fills(&chart.svg);
        for c in [FEMALE, MALE, UNKNOWN] {
            assert!(fills.contains(&hex(c)), "{fills:?}");
        }
        // One link a non-empty part: 3 for persons, 2 for quotes.
        assert_eq!(chart.links, 5);
        assert!(chart.svg.contains("femmes : 2 (25.0 %)"), "{}", chart.svg);
        assert_eq!(
            gender_totals_chart(&counts(0, 0, 0), &counts(0, 0, 0)).unwrap(),
            None
        );
    }

    #[test]
    fn the_share_line_goes_through_every_group_with_a_known_gender() {
        let columns: Vec<ShareColumn> = [(1, 3, 0), (0, 0, 2), (2, 2, 1)]
            .iter()
            .enumerate()
            .map(|(i, &(f, m, u))| ShareColumn {
                label: format!("2020-0{}", i + 1),
                counts: counts(f, m, u),
                href: format!("#g{i}"),
            })
            .collect();
        let chart = share_chart(&columns).unwrap().unwrap();
        assert_eq!(chart.links, 3);
        assert!(chart.svg.contains("2020-03"));
        // The line: a polyline through the two groups whose gender is known.
        let line = chart
            .svg
            .split("<polyline")
            .find(|p| p.contains("stroke-width=\"2\""))
            .expect("a line");
        let points = line.split("points=\"").nth(1).unwrap();
        let points = &points[..points.find('"').unwrap()];
        assert_eq!(points.split_whitespace().count(), 2, "{points}");
        assert!(chart.svg.contains("25.0 % de femmes"));
        assert!(chart.svg.contains("aucun genre connu"));
    }

    #[test]
    fn the_matrix_has_a_cell_a_pair_and_links_the_pairs_that_occur() {
        let accusers = vec!["CGT".to_string(), "Élisabeth Borne".to_string()];
        let accused = vec!["gouvernement".to_string(), "SNCF".to_string()];
        let counts = vec![vec![3, 0], vec![1, 2]];
        let hrefs = vec![
            vec!["#a1".to_string(), String::new()],
            vec!["#a3".to_string(), "#a2".to_string()],
        ];
        let chart = accusation_matrix(&accusers, &accused, &counts, &hrefs)
            .unwrap()
            .unwrap();
        assert_eq!(chart.links, 3);
        assert!(chart.svg.contains("CGT → gouvernement : 3"));
        assert!(chart.svg.contains("rotate(90"));
        assert_eq!(accusation_matrix(&[], &accused, &[], &[]).unwrap(), None);
    }

    #[test]
    fn long_names_are_cut_on_the_axis_and_whole_in_the_tooltip() {
        let name = "Fédération nationale pour la protection des animaux".to_string();
        let chart = speakers_chart(&[SpeakerBar {
            name: name.clone(),
            quotes: 1,
            gender: Gender::Unknown,
            href: "#p1".into(),
        }])
        .unwrap()
        .unwrap();
        assert!(
            chart.svg.contains("Fédération nationale pour l…"),
            "{}",
            chart.svg
        );
        assert!(
            chart
                .svg
                .contains(&format!("<title>{name} : 1 citation</title>"))
        );
    }
}
