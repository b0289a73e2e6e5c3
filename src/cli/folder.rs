//! The output folder of a format other than JSON Lines ([`Folder`]), written by
//! `quidit tag --format F --output DIR` and `quidit export`.
//!
//! Each document's files are written whole as they come; the corpus file (Label Studio,
//! doccano, spaCy) stays open until the end, when the configuration files and the HTML index
//! (which needs every document's counts) are written.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use quidit::export::{self, CorpusFile, RenderedDocument, Summary};

use crate::cli::files::{OutFile, with_ext};

/// The output folder of a format other than JSON Lines: each document's files, the corpus
/// file, and at the end the configuration files and the HTML index.
pub struct Folder {
    dir: PathBuf,
    format: export::Format,
    corpus: Option<(CorpusFile, OutFile, bool)>,
    /// Each HTML page, relative to the folder, with its counts.
    pages: Vec<(String, Summary)>,
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
        if self.format == export::Format::Html {
            let href = with_ext(stem, "html")
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            self.pages.push((href, rendered.summary));
        }
        Ok(())
    }

    /// Ends the corpus file and writes the configuration files and the HTML index.
    pub fn finish(self) -> io::Result<()> {
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
