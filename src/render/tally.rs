//! Won, lost and open: the one count of story outcomes that every page,
//! figure and chart shows.

use serde::Serialize;

use crate::content::Outcome;
use crate::site::Site;

/// Stories counted by outcome; a story without one is open.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub(crate) struct Tally {
    pub won: usize,
    pub lost: usize,
    pub open: usize,
}

impl Tally {
    /// The outcomes of some stories.
    pub fn of(site: &Site, stories: &[usize]) -> Tally {
        let mut tally = Tally::default();
        for &story in stories {
            tally.add(site.pages[story].front_matter.outcome);
        }
        tally
    }

    pub fn add(&mut self, outcome: Option<Outcome>) {
        match outcome {
            Some(Outcome::Won) => self.won += 1,
            Some(Outcome::Lost) => self.lost += 1,
            Some(Outcome::Open) | None => self.open += 1,
        }
    }

    pub fn total(self) -> usize {
        self.won + self.lost + self.open
    }

    /// Won of decided stories, in percent, rounded; None before the first decision.
    pub fn win_rate(self) -> Option<usize> {
        let decided = self.won + self.lost;
        (decided > 0).then(|| (self.won * 100 + decided / 2) / decided)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_story_without_an_outcome_is_open_and_rates_round_half_up() {
        let mut tally = Tally::default();
        for outcome in [
            Some(Outcome::Won),
            None,
            Some(Outcome::Lost),
            Some(Outcome::Won),
        ] {
            tally.add(outcome);
        }
        assert_eq!(
            tally,
            Tally {
                won: 2,
                lost: 1,
                open: 1
            }
        );
        assert_eq!(tally.total(), 4);
        assert_eq!(tally.win_rate(), Some(67));
        assert_eq!(Tally::default().win_rate(), None);
        assert_eq!(
            Tally {
                won: 1,
                lost: 1,
                open: 0
            }
            .win_rate(),
            Some(50)
        );
    }
}
