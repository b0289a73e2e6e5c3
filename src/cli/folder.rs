//! The output folder of a format other than JSON Lines ([`Folder`]), written by
//! `quidit tag --format F --output DIR` and `quidit export`.
//!
//! Each document's files are written whole as they come; the corpus file (Label Studio,
//! doccano, spaCy) stays open until the end, when the configuration files and the HTML index
//! (which needs every document's counts) are written. An HTML page is written one document
//! late: its link to the next page is known only when the next document comes (the last
//! one is written by [`Folder::finish`]). A failure to write it is therefore reported with
//! the document after it; the message names the page's file.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use quidit::export::{self, CorpusFile, HtmlPage, Neighbour, RenderedDocument, Summary};

use crate::cli::files::{OutFile, with_ext};

/// The output folder of a format other than JSON Lines: each document's files, the corpus
/// file, and at the end the configuration files and the HTML index.
pub struct Folder {
    dir: PathBuf,
    format: export::Format,
    corpus: Option<(CorpusFile, OutFile, bool)>,
    /// Each HTML page, relative to the folder, with its counts.
    pages: Vec<(String, Summary)>,
    /// The last HTML page, waiting for its next neighbour: its file and the page.
    pending: Option<(PathBuf, Box<HtmlPage>)>,
}

impl Folder {
    /// Opens the folder (creating it) and the corpus file, if the format has one.
    pub fn create(dir: &Path, format: export::Format) -> io::Result<Folder> {
        fs::create_dir_all(dir)
            .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", dir.display())))?;
        let corpus = match format.corpus_file() {
            Some(c) => {
                let mut file = OutFile::create(&dir.join(c.name), true)?;
                file.write_all(c.prefix.as_bytes())?;
                Some((c, file, true))
            }
            None => None,
        };
        Ok(Folder {
            dir: dir.to_path_buf(),
            format,
            corpus,
            pages: Vec::new(),
            pending: None,
        })
    }

    /// The format the folder is written in.
    pub fn format(&self) -> export::Format {
        self.format
    }

    /// Writes one document, whose files are `stem` (relative to the folder, without
    /// extension) with each format's extension.
    pub fn write(&mut self, stem: &Path, rendered: RenderedDocument) -> io::Result<()> {
        for (ext, bytes) in &rendered.files {
            OutFile::write_whole(&self.dir.join(with_ext(stem, ext)), bytes)?;
        }
        if let (Some((c, file, first)), Some(bytes)) = (&mut self.corpus, &rendered.corpus) {
            if !*first {
                file.write_all(c.separator.as_bytes())?;
            }
            *first = false;
            file.write_all(bytes)?;
        }
        if let Some(mut page) = rendered.page {
            let file = with_ext(stem, "html");
            let href = file
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            let written = match self.pending.take() {
                Some((prev_file, mut prev)) => {
                    let prev_href = &self.pages.last().expect("a page pending is listed").0;
                    let back = Neighbour {
                        href: export::relative_href(&href, prev_href),
                        id: prev.id().to_string(),
                    };
                    let forward = Neighbour {
                        href: export::relative_href(prev_href, &href),
                        id: page.id().to_string(),
                    };
                    prev.set_next(forward);
                    page.set_prev(back);
                    Some(self.write_page(&prev_file, &prev))
                }
                None => None,
            };
            self.pages.push((href, rendered.summary));
            self.pending = Some((file, page));
            if let Some(result) = written {
                result?;
            }
        }
        Ok(())
    }

    /// Writes one HTML page.
    fn write_page(&self, file: &Path, page: &HtmlPage) -> io::Result<()> {
        OutFile::write_whole(&self.dir.join(file), page.render().as_bytes())
    }

    /// Ends the corpus file and writes the configuration files and the HTML index.
    pub fn finish(self) -> io::Result<()> {
        if let Some((file, page)) = &self.pending {
            self.write_page(file, page)?;
        }
        if let Some((c, mut file, first)) = self.corpus {
            // An empty list has no separator to end the opening line.
            let suffix = if first && c.prefix.ends_with('\n') {
                c.suffix.trim_start_matches('\n')
            } else {
                c.suffix
            };
            file.write_all(suffix.as_bytes())?;
            file.commit()?;
        }
        for (name, content) in self.format.configuration_files() {
            OutFile::write_whole(&self.dir.join(name), content.as_bytes())?;
        }
        if self.format == export::Format::Html {
            let index = export::html_index(&self.pages);
            OutFile::write_whole(&self.dir.join("index.html"), index.as_bytes())?;
        }
        Ok(())
    }
}
