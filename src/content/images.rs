//! The pixel size of each image under `content/`, read from its header
//! while the content loads: Markdown writes it as `<img width height>`, so
//! a page keeps its layout while its images arrive.
//!
//! Only the first bytes of a file are read (`imagesize`), never the
//! pixels; the parse stage gets the sizes with the assets and reads no file.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

/// An image's size in CSS pixels at 1×, as a browser lays it out: a JPEG's
/// EXIF orientation applied (a phone's portrait photo is stored sideways).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ImageSize {
    pub width: u32,
    pub height: u32,
}

/// Whether a file's name says it is an image whose header can be read:
/// the raster formats handbooks hold. SVG has no header to read (its size
/// is CSS, or none), so it gets no size.
pub fn is_image_path(relative: &str) -> bool {
    let Some((_, extension)) = relative.rsplit_once('.') else {
        return false;
    };
    ["png", "jpg", "jpeg", "gif", "webp", "bmp"]
        .iter()
        .any(|known| extension.eq_ignore_ascii_case(known))
}

/// The size of the image at `path`; None when it is no image we know or
/// its header is unreadable (the page then shows it without a size, as
/// before, and the output's copy is what reports a missing file).
pub fn read_size(path: &Path) -> Option<ImageSize> {
    let mut reader = BufReader::with_capacity(8 * 1024, File::open(path).ok()?);
    let size = imagesize::reader_size(&mut reader).ok()?;
    let (width, height) = (
        u32::try_from(size.width).ok()?,
        u32::try_from(size.height).ok()?,
    );
    if width == 0 || height == 0 {
        return None;
    }
    let turned = is_jpeg(path) && {
        // EXIF sits in the first segments, within 64 KiB of the start.
        let mut head = Vec::with_capacity(16 * 1024);
        File::open(path)
            .ok()?
            .take(64 * 1024 + 16)
            .read_to_end(&mut head)
            .ok()?;
        jpeg_orientation(&head).is_some_and(|orientation| (5..=8).contains(&orientation))
    };
    Some(if turned {
        ImageSize {
            width: height,
            height: width,
        }
    } else {
        ImageSize { width, height }
    })
}

fn is_jpeg(path: &Path) -> bool {
    path.extension()
        .and_then(|extension| extension.to_str())
        .is_some_and(|extension| {
            extension.eq_ignore_ascii_case("jpg") || extension.eq_ignore_ascii_case("jpeg")
        })
}

/// The EXIF orientation (1–8) of a JPEG whose first bytes are `head`, if
/// it has one: the segments are walked up to the image data, and tag 0x0112
/// looked up in the first directory of an `Exif` APP1 segment.
pub(crate) fn jpeg_orientation(head: &[u8]) -> Option<u16> {
    if !head.starts_with(&[0xFF, 0xD8]) {
        return None;
    }
    let mut position = 2;
    loop {
        let marker = *head.get(position + 1)?;
        if head[position] != 0xFF {
            return None;
        }
        // Fill bytes before a marker.
        if marker == 0xFF {
            position += 1;
            continue;
        }
        // Start of scan, or of a frame: past the metadata.
        let is_frame = (0xC0..=0xCF).contains(&marker) && ![0xC4, 0xC8, 0xCC].contains(&marker);
        if marker == 0xDA || is_frame {
            return None;
        }
        let length = usize::from(u16::from_be_bytes([
            *head.get(position + 2)?,
            *head.get(position + 3)?,
        ]));
        let segment = head.get(position + 4..position + 2 + length)?;
        if marker == 0xE1
            && let Some(tiff) = segment.strip_prefix(b"Exif\0\0")
        {
            return tiff_orientation(tiff);
        }
        position += 2 + length;
    }
}

/// Tag 0x0112 of a TIFF header's first directory (EXIF is a TIFF).
fn tiff_orientation(tiff: &[u8]) -> Option<u16> {
    let little = match tiff.get(..2)? {
        b"II" => true,
        b"MM" => false,
        _ => return None,
    };
    let u16_at = |at: usize| -> Option<u16> {
        let bytes = [*tiff.get(at)?, *tiff.get(at + 1)?];
        Some(if little {
            u16::from_le_bytes(bytes)
        } else {
            u16::from_be_bytes(bytes)
        })
    };
    let u32_at = |at: usize| -> Option<u32> {
        let bytes: [u8; 4] = tiff.get(at..at + 4)?.try_into().ok()?;
        Some(if little {
            u32::from_le_bytes(bytes)
        } else {
            u32::from_be_bytes(bytes)
        })
    };
    if u16_at(2)? != 42 {
        return None;
    }
    let directory = usize::try_from(u32_at(4)?).ok()?;
    let entries = usize::from(u16_at(directory)?);
    (0..entries)
        .map(|index| directory + 2 + index * 12)
        .find(|&entry| u16_at(entry) == Some(0x0112))
        .and_then(|entry| u16_at(entry + 8))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A JPEG head: SOI, a JFIF APP0, then an Exif APP1 with one entry.
    fn jpeg_with_orientation(orientation: u16, little: bool) -> Vec<u8> {
        let u16_bytes = |value: u16| {
            if little {
                value.to_le_bytes()
            } else {
                value.to_be_bytes()
            }
        };
        let mut tiff: Vec<u8> = if little {
            b"II".to_vec()
        } else {
            b"MM".to_vec()
        };
        tiff.extend(u16_bytes(42));
        tiff.extend(if little {
            8u32.to_le_bytes()
        } else {
            8u32.to_be_bytes()
        });
        tiff.extend(u16_bytes(1));
        tiff.extend(u16_bytes(0x0112));
        tiff.extend(u16_bytes(3));
        tiff.extend(if little {
            1u32.to_le_bytes()
        } else {
            1u32.to_be_bytes()
        });
        tiff.extend(u16_bytes(orientation));
        tiff.extend([0, 0]);
        let mut app1 = b"Exif\0\0".to_vec();
        app1.extend(tiff);
        let mut jpeg = vec![0xFF, 0xD8, 0xFF, 0xE0, 0, 4, b'J', b'F'];
        jpeg.extend([0xFF, 0xE1]);
        jpeg.extend(((app1.len() + 2) as u16).to_be_bytes());
        jpeg.extend(app1);
        jpeg.extend([0xFF, 0xDA, 0, 2]);
        jpeg
    }

    #[test]
    fn reads_the_exif_orientation_in_either_byte_order() {
        assert_eq!(jpeg_orientation(&jpeg_with_orientation(6, true)), Some(6));
        assert_eq!(jpeg_orientation(&jpeg_with_orientation(8, false)), Some(8));
        assert_eq!(jpeg_orientation(&[0xFF, 0xD8, 0xFF, 0xDA, 0, 2]), None);
        assert_eq!(jpeg_orientation(b"not a jpeg"), None);
        // Cut short anywhere, it gives up rather than panics.
        let whole = jpeg_with_orientation(6, true);
        for end in 0..whole.len() {
            let _ = jpeg_orientation(&whole[..end]);
        }
    }

    #[test]
    fn knows_images_by_extension() {
        assert!(is_image_path("about/chart.PNG"));
        assert!(is_image_path("reps/ana.jpeg"));
        assert!(!is_image_path("playbooks/scorecard.pdf"));
        assert!(!is_image_path("logo.svg"));
        assert!(!is_image_path("png"));
    }
}
