//! The corpus report (`quidit report`): who speaks, their gender, who accuses whom.
//!
//! - [`html`]: the report page, `index.html`, rendered from a typed view of the report
//!   ([`html::ReportView`]) with [`html::render_index`];
//! - [`charts`]: its charts, inline SVG drawn with plotters, one function a chart.

pub mod charts;
pub mod html;
