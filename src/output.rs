//! TEMPORARY stub; replaced by the output branch.
use std::path::{Path, PathBuf};
#[derive(Clone)]
pub struct OutputFile {
    pub path: String,
    pub contents: Contents,
}
#[derive(Clone)]
pub enum Contents {
    Bytes(std::sync::Arc<[u8]>),
    Copy(PathBuf),
}
#[derive(Debug)]
pub struct OutputError(pub String);
impl std::fmt::Display for OutputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}
impl std::error::Error for OutputError {}
pub struct WriteReport {
    pub written: usize,
    pub linked: usize,
    pub removed: usize,
}
pub fn check_output_folder(
    _site_root: &Path,
    _content_dir: &Path,
    _output: &Path,
) -> Result<(), OutputError> {
    Ok(())
}
pub fn write_site(output: &Path, files: &[OutputFile]) -> Result<WriteReport, OutputError> {
    let _ = std::fs::remove_dir_all(output);
    for f in files {
        let p = output.join(&f.path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        match &f.contents {
            Contents::Bytes(b) => std::fs::write(&p, &b[..]).unwrap(),
            Contents::Copy(s) => {
                std::fs::copy(s, &p).unwrap();
            }
        }
    }
    Ok(WriteReport {
        written: files.len(),
        linked: 0,
        removed: 0,
    })
}
