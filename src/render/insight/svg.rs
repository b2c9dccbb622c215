//! The insight charts' drawing: numbers and words in, SVG text out. Knows
//! nothing of the site; `insight` decides what to draw.

use std::fmt::Write;

use super::super::xml::escape;

/// One row of a bar chart.
pub(super) struct Bar {
    pub label: String,
    pub segments: Vec<(&'static str, usize)>,
    pub note: String,
    /// Where the bar should reach (a stacked bar draws it as a dashed mark).
    pub target: Option<f64>,
}

/// One column of a column chart (a month and its count).
pub(super) struct Column {
    pub label: String,
    pub value: usize,
}

/// The drawing's width in user units. A phone's column (375 px less the
/// page's margins, 343 px) shows it at full size or larger, so its 13-unit
/// text never shrinks under 12 px.
const WIDTH: usize = 340;
const FONT: &str = "font-family=\"system-ui, sans-serif\" font-size=\"13\"";

fn fill(class: &str) -> &'static str {
    match class {
        "won" | "strength" | "strong" => "#1f7a3a",
        "lost" => "#a4262c",
        "open" => "#8a5a00",
        "developing" | "observed" => "#0b5cad",
        _ => "#5b6670",
    }
}

fn open_svg(svg: &mut String, id: &str, title: &str, description: &str, height: usize) {
    let _ = write!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" id=\"chart-{id}\" viewBox=\"0 0 {WIDTH} {height}\" width=\"{WIDTH}\" height=\"{height}\" role=\"img\" aria-labelledby=\"chart-{id}-title chart-{id}-desc\" {FONT}>\
         <title id=\"chart-{id}-title\">{}</title><desc id=\"chart-{id}-desc\">{}</desc>",
        escape(title),
        escape(description)
    );
}

/// The scale's maximum: the largest value rounded up to a readable step.
fn nice_max(max: usize) -> usize {
    let max = max.max(1);
    let step = match max {
        0..=5 => 1,
        6..=10 => 2,
        11..=25 => 5,
        26..=50 => 10,
        51..=100 => 20,
        _ => 10usize.pow((max as f64).log10().floor() as u32),
    };
    max.div_ceil(step) * step
}

/// The x axis under horizontal bars: ticks at round steps from 0 to max
/// (at most five), and its label.
fn x_axis(svg: &mut String, left: usize, right: usize, y: usize, max: usize, label: &str) {
    let _ = write!(
        svg,
        "<g class=\"axis\"><line x1=\"{left}\" y1=\"{y}\" x2=\"{right}\" y2=\"{y}\" stroke=\"#5b6670\"/>"
    );
    for tick in ticks(max) {
        let x = left + (right - left) * tick / max.max(1);
        // A tick label at the chart's edge would be cut in half by it.
        let anchor = if x + 20 > WIDTH {
            "end"
        } else if x < 20 {
            "start"
        } else {
            "middle"
        };
        let _ = write!(
            svg,
            "<line x1=\"{x}\" y1=\"{y}\" x2=\"{x}\" y2=\"{}\" stroke=\"#5b6670\"/><text x=\"{x}\" y=\"{}\" text-anchor=\"{anchor}\" fill=\"#5b6670\">{tick}</text>",
            y + 4,
            y + 17
        );
    }
    let _ = write!(
        svg,
        "<text class=\"axis-label\" x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"#5b6670\">{}</text></g>",
        (left + right) / 2,
        y + 34,
        escape(label)
    );
}

/// Horizontal bars, one thin bar per segment (won, lost) in each row:
/// labels on the left, so rows stack on a narrow phone screen.
pub(super) fn grouped_bars(
    id: &str,
    title: &str,
    description: &str,
    bars: &[Bar],
    axis: &str,
) -> String {
    const LEFT: usize = 72;
    const RIGHT: usize = WIDTH - 136;
    const ROW: usize = 30;
    const TOP: usize = 26;
    let max = nice_max(
        bars.iter()
            .flat_map(|bar| bar.segments.iter().map(|(_, value)| *value))
            .max()
            .unwrap_or(0),
    );
    let height = TOP + bars.len() * ROW + 44;
    let mut svg = String::with_capacity(512 + bars.len() * 400);
    open_svg(&mut svg, id, title, description, height);
    legend(&mut svg, &classes_of(bars));
    for (row, bar) in bars.iter().enumerate() {
        let y = TOP + row * ROW;
        let _ = write!(
            svg,
            "<g class=\"row\"><text x=\"{}\" y=\"{}\" text-anchor=\"end\" fill=\"currentColor\">{}</text>",
            LEFT - 8,
            y + 17,
            escape(&bar.label)
        );
        for (segment, (class, value)) in bar.segments.iter().enumerate() {
            let width = (RIGHT - LEFT) * value / max;
            let _ = write!(
                svg,
                "<rect class=\"{class}\" x=\"{LEFT}\" y=\"{}\" width=\"{width}\" height=\"10\" fill=\"{}\"><title>{}: {value} {class}</title></rect>",
                y + 4 + segment * 12,
                fill(class),
                escape(&bar.label)
            );
        }
        let _ = write!(
            svg,
            "<text class=\"note\" x=\"{}\" y=\"{}\" fill=\"currentColor\">{}</text></g>",
            RIGHT + 6,
            y + 17,
            escape(&bar.note)
        );
    }
    x_axis(&mut svg, LEFT, RIGHT, TOP + bars.len() * ROW + 2, max, axis);
    svg.push_str("</svg>");
    svg
}

/// Horizontal stacked bars with the label above each bar, which leaves the
/// full width for long playbook titles.
pub(super) fn stacked_bars(
    id: &str,
    title: &str,
    description: &str,
    bars: &[Bar],
    axis: &str,
) -> String {
    const LEFT: usize = 4;
    const RIGHT: usize = WIDTH - 4;
    const ROW: usize = 40;
    // Room for the legend, when there is one.
    let top: usize = if classes_of(bars).len() > 1 { 26 } else { 6 };
    // Characters of label and note that fit the width at the chart's font
    // size, wide letters included: a longer title is cut with `…`.
    const LABEL_CHARS: usize = 44;
    let longest = bars
        .iter()
        .map(|bar| bar.segments.iter().map(|(_, value)| *value).sum::<usize>())
        .max()
        .unwrap_or(0);
    let highest_target = (bars.iter().filter_map(|bar| bar.target))
        .fold(0.0, f64::max)
        .ceil() as usize;
    let max = nice_max(longest.max(highest_target));
    let height = top + bars.len() * ROW + 44;
    let mut svg = String::with_capacity(512 + bars.len() * 500);
    open_svg(&mut svg, id, title, description, height);
    legend(&mut svg, &classes_of(bars));
    for (row, bar) in bars.iter().enumerate() {
        let y = top + row * ROW;
        let _ = write!(
            svg,
            "<g class=\"row\"><text x=\"{LEFT}\" y=\"{}\" fill=\"currentColor\">{} <tspan class=\"note\" fill=\"#5b6670\">{}</tspan></text>",
            y + 13,
            escape(&truncate(
                &bar.label,
                LABEL_CHARS
                    .saturating_sub(bar.note.chars().count() + 1)
                    .max(12)
            )),
            escape(&bar.note)
        );
        let mut x = LEFT;
        for (class, value) in &bar.segments {
            let width = (RIGHT - LEFT) * value / max;
            if width > 0 {
                let _ = write!(
                    svg,
                    "<rect class=\"{class}\" x=\"{x}\" y=\"{}\" width=\"{width}\" height=\"14\" fill=\"{}\"><title>{}: {value} {class}</title></rect>",
                    y + 19,
                    fill(class),
                    escape(&bar.label)
                );
            }
            x += width;
        }
        if let Some(target) = bar.target {
            let x = LEFT as f64 + (RIGHT - LEFT) as f64 * target / max as f64;
            let _ = write!(
                svg,
                "<line class=\"target\" x1=\"{x:.1}\" y1=\"{}\" x2=\"{x:.1}\" y2=\"{}\" stroke=\"currentColor\" stroke-width=\"2\" stroke-dasharray=\"3 2\"><title>{}: target {}</title></line>",
                y + 16,
                y + 36,
                escape(&bar.label),
                decimal(target)
            );
        }
        svg.push_str("</g>");
    }
    x_axis(&mut svg, LEFT, RIGHT, top + bars.len() * ROW + 2, max, axis);
    svg.push_str("</svg>");
    svg
}

/// The classes a chart's bars use, in order of first use: its legend.
fn classes_of(bars: &[Bar]) -> Vec<&'static str> {
    let mut classes = Vec::new();
    for (class, _) in bars.iter().flat_map(|bar| &bar.segments) {
        if !classes.contains(class) {
            classes.push(*class);
        }
    }
    classes
}

/// A key to the colours; none for a chart of one colour, which its title
/// names already.
/// Round tick values from 0 to `max` (a [`nice_max`]): 0, 5, 10, 15 —
/// never a middle tick of 7.
fn ticks(max: usize) -> Vec<usize> {
    let max = max.max(1);
    let step = [1, 2, 5]
        .iter()
        .flat_map(|&base| (0..19).map(move |power| base * 10usize.pow(power)))
        .filter(|&step| max.is_multiple_of(step) && max / step <= 4)
        .min()
        .unwrap_or(max);
    (0..=max / step).map(|tick| tick * step).collect()
}

fn legend(svg: &mut String, classes: &[&str]) {
    if classes.len() < 2 {
        return;
    }
    svg.push_str("<g class=\"legend\">");
    let mut x = 4;
    for class in classes {
        let _ = write!(
            svg,
            "<rect class=\"{class}\" x=\"{x}\" y=\"4\" width=\"12\" height=\"12\" fill=\"{}\"/><text x=\"{}\" y=\"15\" fill=\"currentColor\">{class}</text>",
            fill(class),
            x + 16
        );
        // Room for the word at the chart's font size, and a gap.
        x += 16 + class.chars().count() * 8 + 14;
    }
    svg.push_str("</g>");
}

/// Vertical columns, one per label (a month), the value over each and an
/// optional dashed line across at the target.
pub(super) fn columns(
    id: &str,
    title: &str,
    description: &str,
    columns: &[Column],
    target: Option<f64>,
    class: &str,
) -> String {
    const LEFT: usize = 8;
    const TOP: usize = 22;
    const PLOT: usize = 110;
    let highest = columns.iter().map(|column| column.value).max().unwrap_or(0);
    let max = nice_max(highest.max(target.unwrap_or(0.0).ceil() as usize));
    let slot = (WIDTH - 2 * LEFT) / columns.len().max(1);
    let bar = (slot * 3 / 5).max(4);
    let bottom = TOP + PLOT;
    let height = bottom + 28;
    let mut svg = String::with_capacity(512 + columns.len() * 300);
    open_svg(&mut svg, id, title, description, height);
    for (index, column) in columns.iter().enumerate() {
        let x = LEFT + index * slot + (slot - bar) / 2;
        let tall = PLOT * column.value / max;
        let middle = x + bar / 2;
        let _ = write!(
            svg,
            "<g class=\"row\"><rect class=\"{class}\" x=\"{x}\" y=\"{}\" width=\"{bar}\" height=\"{tall}\" fill=\"{}\"><title>{}: {}</title></rect>\
             <text class=\"note\" x=\"{middle}\" y=\"{}\" text-anchor=\"middle\" fill=\"currentColor\">{}</text>\
             <text x=\"{middle}\" y=\"{}\" text-anchor=\"middle\" fill=\"currentColor\">{}</text></g>",
            bottom - tall,
            fill(class),
            escape(&column.label),
            column.value,
            bottom - tall - 4,
            column.value,
            bottom + 18,
            escape(&column.label)
        );
    }
    let _ = write!(
        svg,
        "<g class=\"axis\"><line x1=\"{LEFT}\" y1=\"{bottom}\" x2=\"{}\" y2=\"{bottom}\" stroke=\"#5b6670\"/></g>",
        WIDTH - LEFT
    );
    if let Some(target) = target {
        let y = bottom as f64 - PLOT as f64 * target / max as f64;
        let _ = write!(
            svg,
            "<g class=\"target\"><line x1=\"{LEFT}\" y1=\"{y:.1}\" x2=\"{}\" y2=\"{y:.1}\" stroke=\"currentColor\" stroke-width=\"2\" stroke-dasharray=\"4 3\"/>\
             <text class=\"note\" x=\"{}\" y=\"{:.1}\" text-anchor=\"end\" fill=\"currentColor\">target {}</text></g>",
            WIDTH - LEFT,
            WIDTH - LEFT,
            y - 4.0,
            decimal(target)
        );
    }
    svg.push_str("</svg>");
    svg
}

/// `2.5`, `3`: a target as people say it.
pub(super) fn decimal(value: f64) -> String {
    let rounded = (value * 10.0).round() / 10.0;
    if rounded.fract() == 0.0 {
        format!("{rounded:.0}")
    } else {
        format!("{rounded:.1}")
    }
}

/// People (rows) × skills (columns): a filled circle for a strength, an
/// open one for a development focus. Skill names stand at an angle on top.
pub(super) fn matrix_svg(
    id: &str,
    title: &str,
    description: &str,
    people: &[String],
    skills: &[&str],
    cells: &[Vec<&str>],
) -> String {
    const LEFT: usize = 150;
    const CELL: usize = 22;
    const TOP: usize = 124;
    // Room on the right for the last skill names, which lean that way.
    let width = LEFT + skills.len() * CELL + 100;
    let height = TOP + people.len() * CELL + 30;
    let mut svg = String::with_capacity(1024 + people.len() * skills.len() * 120);
    let _ = write!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart chart-matrix\" id=\"chart-{id}\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-labelledby=\"chart-{id}-title chart-{id}-desc\" {FONT}>\
         <title id=\"chart-{id}-title\">{}</title><desc id=\"chart-{id}-desc\">{}</desc>",
        escape(title),
        escape(description)
    );
    for (column, skill) in skills.iter().enumerate() {
        let x = LEFT + column * CELL + CELL / 2;
        let _ = write!(
            svg,
            "<text class=\"skill\" transform=\"translate({},{}) rotate(-50)\" fill=\"currentColor\">{}</text>",
            x + 4,
            TOP - 8,
            escape(&truncate(skill, 20))
        );
    }
    for (row, person) in people.iter().enumerate() {
        let y = TOP + row * CELL;
        svg.push_str("<g class=\"row\">");
        if row % 2 == 0 {
            let _ = write!(
                svg,
                "<rect class=\"stripe\" x=\"0\" y=\"{y}\" width=\"{}\" height=\"{CELL}\" fill=\"#5b6670\" fill-opacity=\"0.08\"/>",
                LEFT + skills.len() * CELL
            );
        }
        let _ = write!(
            svg,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" fill=\"currentColor\">{}</text>",
            LEFT - 8,
            y + 16,
            escape(&truncate(person, 20))
        );
        for (column, level) in cells[row].iter().enumerate() {
            let cx = LEFT + column * CELL + CELL / 2;
            let cy = y + CELL / 2;
            match *level {
                "strength" => {
                    let _ = write!(
                        svg,
                        "<circle class=\"strength\" cx=\"{cx}\" cy=\"{cy}\" r=\"7\" fill=\"{}\"><title>{}: strength in {}</title></circle>",
                        fill("strength"),
                        escape(person),
                        escape(skills[column])
                    );
                }
                "focus" => {
                    let _ = write!(
                        svg,
                        "<circle class=\"focus\" cx=\"{cx}\" cy=\"{cy}\" r=\"6\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\"><title>{}: developing {}</title></circle>",
                        fill("focus"),
                        escape(person),
                        escape(skills[column])
                    );
                }
                _ => {}
            }
        }
        svg.push_str("</g>");
    }
    // The legend and axis names: people down, skills across.
    let legend_y = TOP + people.len() * CELL + 20;
    let _ = write!(
        svg,
        "<g class=\"legend\"><circle class=\"strength\" cx=\"10\" cy=\"{}\" r=\"6\" fill=\"{}\"/><text x=\"22\" y=\"{legend_y}\" fill=\"currentColor\">strength</text>\
         <circle class=\"focus\" cx=\"100\" cy=\"{}\" r=\"5\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\"/><text x=\"112\" y=\"{legend_y}\" fill=\"currentColor\">developing</text></g>\
         <text class=\"axis-label\" x=\"4\" y=\"{}\" fill=\"#5b6670\">People ↓ · Skills →</text>",
        legend_y - 5,
        fill("strength"),
        legend_y - 5,
        fill("focus"),
        TOP - 8
    );
    svg.push_str("</svg>");
    svg
}

fn truncate(text: &str, limit: usize) -> String {
    if text.chars().count() <= limit {
        text.to_string()
    } else {
        let cut: String = text.chars().take(limit - 1).collect();
        format!("{}…", cut.trim_end())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_fall_on_round_steps() {
        assert_eq!(ticks(1), [0, 1]);
        assert_eq!(ticks(2), [0, 1, 2]);
        assert_eq!(ticks(8), [0, 2, 4, 6, 8]);
        assert_eq!(ticks(15), [0, 5, 10, 15]);
        assert_eq!(ticks(100), [0, 50, 100]);
        assert_eq!(ticks(2000), [0, 500, 1000, 1500, 2000]);
        assert_eq!(ticks(7), [0, 7]);
    }

    #[test]
    fn scales_round_up_to_readable_steps() {
        assert_eq!(nice_max(0), 1);
        assert_eq!(nice_max(3), 3);
        assert_eq!(nice_max(7), 8);
        assert_eq!(nice_max(13), 15);
        assert_eq!(nice_max(87), 100);
        assert_eq!(nice_max(1234), 2000);
    }

    #[test]
    fn bars_are_labelled_and_escaped() {
        let bars = [Bar {
            label: "R&D".into(),
            segments: vec![("won", 2), ("lost", 1)],
            note: "2 won · 1 lost".into(),
            target: None,
        }];
        let svg = grouped_bars("q", "T", "D", &bars, "Stories");
        assert!(svg.starts_with("<svg"), "{svg}");
        assert!(svg.contains("R&amp;D: 2 won"), "{svg}");
        assert!(svg.ends_with("</svg>"));
    }

    #[test]
    fn a_chart_of_one_colour_has_no_legend_and_targets_are_marked() {
        let bars = [Bar {
            label: "Sam".into(),
            segments: vec![("observed", 4)],
            note: "4 of 6".into(),
            target: Some(6.0),
        }];
        let svg = stacked_bars("f", "T", "D", &bars, "Observations");
        assert!(!svg.contains("class=\"legend\""), "{svg}");
        assert!(svg.contains("<title>Sam: target 6</title>"), "{svg}");
        let months = [
            Column {
                label: "Oct".into(),
                value: 1,
            },
            Column {
                label: "Nov".into(),
                value: 3,
            },
        ];
        let svg = columns("m", "T", "D", &months, Some(2.5), "observed");
        assert!(svg.contains(">target 2.5</text>"), "{svg}");
        assert!(svg.contains("<title>Nov: 3</title>"), "{svg}");
        assert_eq!(svg.matches("<g class=\"row\">").count(), 2);
    }
}
