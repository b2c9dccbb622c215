//! A rep's photo at the size the theme shows it: a phone's 4000-pixel
//! portrait is a few megabytes for a 96-pixel circle. Each photo is
//! resized once and kept in a cache folder under the site root
//! ([`CACHE_FOLDER`]), named by a hash of the photo's bytes, so a rebuild
//! reads the small copy instead of decoding the large one again.
//!
//! This is a load step: it reads the photo (and the cache) from disk. The
//! cache is the one thing huddle writes outside the output folder: derived
//! bytes beside the sources, never inside `content/`, safe to delete, and
//! in the `.gitignore` that `huddle init` writes.

use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::codecs::webp::WebPEncoder;
use image::imageops::FilterType;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader};

use crate::diagnostic::Diagnostic;

/// The cache folder, under the site root.
pub const CACHE_FOLDER: &str = ".huddle-cache";

/// The side of a resized photo in pixels: twice the 96 CSS pixels the
/// default theme shows (`rep.html`), for high-density screens.
pub const PHOTO_PIXELS: u32 = 192;

/// JPEG quality for resized photos: no visible loss at this size.
const JPEG_QUALITY: u8 = 85;

/// A resized photo, in the format of its original.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Thumbnail {
    pub bytes: Arc<[u8]>,
    pub width: u32,
    pub height: u32,
    /// `jpg`, `png` or `webp`: the output file's extension.
    pub extension: &'static str,
}

/// Where a rep's `photo:`, written in the file at `page` (a path under
/// `content/`), lies under `content/`: beside the profile, or from the
/// root with a leading `/`. None for an address (`https://…`, `data:`).
pub fn photo_path(page: &str, photo: &str) -> Option<String> {
    if photo.contains("://") || photo.starts_with("data:") {
        return None;
    }
    let folder = page.rsplit_once('/').map_or("", |(folder, _)| folder);
    Some(if let Some(rooted) = photo.strip_prefix('/') {
        rooted.to_string()
    } else if folder.is_empty() {
        photo.to_string()
    } else {
        format!("{folder}/{photo}")
    })
}

/// Where resized photos are kept for the site at `root`.
pub fn cache_folder(root: &Path) -> PathBuf {
    root.join(CACHE_FOLDER).join("photos")
}

/// The photo at `source` (shown as `display` in messages) cropped to a
/// square of [`PHOTO_PIXELS`], from `cache` when it was made before. None
/// when there is nothing to gain: the photo is already that small, or in a
/// format not resized here (SVG, GIF). A photo that cannot be decoded is a
/// warning; the page then shows the original.
pub fn thumbnail(
    source: &Path,
    display: &str,
    cache: &Path,
) -> Result<Option<Thumbnail>, Diagnostic> {
    let cannot = |reason: String| {
        Diagnostic::warning(format!("cannot resize this photo: {reason}"))
            .in_file(display)
            .with_help("save it as a PNG, JPEG or WebP image; the page shows it as it is")
    };
    let bytes = std::fs::read(source).map_err(|error| cannot(error.to_string()))?;
    let Ok(format) = image::guess_format(&bytes) else {
        return Ok(None);
    };
    let Some(extension) = extension(format) else {
        return Ok(None);
    };
    let hash = xxhash_rust::xxh3::xxh3_128(&bytes);
    let cached = cache.join(format!("{hash:032x}-{PHOTO_PIXELS}.{extension}"));
    if let Some(thumbnail) = read_cached(&cached, extension) {
        return Ok(Some(thumbnail));
    }
    let Some(thumbnail) = resize(&bytes, format, extension).map_err(cannot)? else {
        return Ok(None);
    };
    // A cache that cannot be written (a read-only checkout) costs the next
    // build the same work again, nothing more.
    let _ = write_cached(&cached, &thumbnail.bytes);
    Ok(Some(thumbnail))
}

fn extension(format: ImageFormat) -> Option<&'static str> {
    match format {
        ImageFormat::Jpeg => Some("jpg"),
        ImageFormat::Png => Some("png"),
        ImageFormat::WebP => Some("webp"),
        _ => None,
    }
}

/// Decodes (turned as its EXIF says), crops to the middle square and
/// scales down; None when the photo is no larger than the target.
fn resize(
    bytes: &[u8],
    format: ImageFormat,
    extension: &'static str,
) -> Result<Option<Thumbnail>, String> {
    let mut reader = ImageReader::new(Cursor::new(bytes));
    reader.set_format(format);
    let mut decoder = reader.into_decoder().map_err(|error| error.to_string())?;
    let orientation = decoder.orientation().map_err(|error| error.to_string())?;
    let mut photo = DynamicImage::from_decoder(decoder).map_err(|error| error.to_string())?;
    if photo.width().min(photo.height()) <= PHOTO_PIXELS {
        return Ok(None);
    }
    photo.apply_orientation(orientation);
    let small = photo.resize_to_fill(PHOTO_PIXELS, PHOTO_PIXELS, FilterType::Lanczos3);
    let mut out = Vec::new();
    let encoded = match format {
        ImageFormat::Jpeg => small
            .to_rgb8()
            .write_with_encoder(JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY)),
        ImageFormat::Png if small.color().has_alpha() => small
            .to_rgba8()
            .write_with_encoder(PngEncoder::new(&mut out)),
        ImageFormat::Png => small
            .to_rgb8()
            .write_with_encoder(PngEncoder::new(&mut out)),
        // image's WebP encoder is lossless only; at this size that is small.
        _ => small
            .to_rgba8()
            .write_with_encoder(WebPEncoder::new_lossless(&mut out)),
    };
    encoded.map_err(|error| error.to_string())?;
    Ok(Some(Thumbnail {
        bytes: out.into(),
        width: small.width(),
        height: small.height(),
        extension,
    }))
}

fn read_cached(path: &Path, extension: &'static str) -> Option<Thumbnail> {
    let bytes = std::fs::read(path).ok()?;
    // A cut-short file (a build killed while writing) is made again.
    let size = imagesize::blob_size(&bytes).ok()?;
    Some(Thumbnail {
        width: u32::try_from(size.width).ok()?,
        height: u32::try_from(size.height).ok()?,
        bytes: bytes.into(),
        extension,
    })
}

/// Written beside and renamed into place, so a reader never sees half a file.
fn write_cached(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let folder = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(folder)?;
    let temporary = path.with_extension(format!("tmp{}", std::process::id()));
    std::fs::write(&temporary, bytes)?;
    std::fs::rename(&temporary, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&temporary);
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32) -> Vec<u8> {
        let image = image::RgbImage::from_fn(width, height, |x, y| {
            image::Rgb([(x % 256) as u8, (y % 256) as u8, 128])
        });
        let mut out = Vec::new();
        image.write_with_encoder(PngEncoder::new(&mut out)).unwrap();
        out
    }

    #[test]
    fn a_large_photo_becomes_a_square_and_is_read_from_the_cache_next_time() {
        let folder = tempfile::tempdir().unwrap();
        let source = folder.path().join("ana.png");
        std::fs::write(&source, png(600, 400)).unwrap();
        let cache = folder.path().join("cache");
        let made = thumbnail(&source, "content/reps/ana.png", &cache)
            .unwrap()
            .unwrap();
        assert_eq!((made.width, made.height, made.extension), (192, 192, "png"));
        let cached: Vec<PathBuf> = std::fs::read_dir(&cache)
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .collect();
        assert_eq!(cached.len(), 1);
        // What the cache holds is what the next build uses.
        std::fs::write(&cached[0], png(192, 10)).unwrap();
        let again = thumbnail(&source, "content/reps/ana.png", &cache)
            .unwrap()
            .unwrap();
        assert_eq!((again.width, again.height), (192, 10));
    }

    #[test]
    fn a_small_photo_or_another_format_is_left_as_it_is() {
        let folder = tempfile::tempdir().unwrap();
        let cache = folder.path().join("cache");
        let small = folder.path().join("small.png");
        std::fs::write(&small, png(150, 600)).unwrap();
        assert_eq!(thumbnail(&small, "small.png", &cache).unwrap(), None);
        let svg = folder.path().join("face.svg");
        std::fs::write(&svg, "<svg xmlns='http://www.w3.org/2000/svg'/>").unwrap();
        assert_eq!(thumbnail(&svg, "face.svg", &cache).unwrap(), None);
        assert!(!cache.exists());
    }

    #[test]
    fn a_broken_photo_is_a_warning_at_its_file() {
        let folder = tempfile::tempdir().unwrap();
        let broken = folder.path().join("broken.png");
        let mut bytes = png(400, 400);
        bytes.truncate(100);
        std::fs::write(&broken, bytes).unwrap();
        let problem =
            thumbnail(&broken, "content/reps/broken.png", &folder.path().join("c")).unwrap_err();
        assert!(!problem.is_error());
        assert!(
            problem.to_string().contains("cannot resize this photo"),
            "{problem}"
        );
        assert!(
            problem.to_string().contains("content/reps/broken.png"),
            "{problem}"
        );
    }
}
