//! Consensus and conflict between outlets' figures for one fact (MP up 20%
//! in one outlet, 22% in another, the same day).

/// Two figures for one fact agree when they differ by at most this many
/// percentage points: outlets round ("rose 21%" for +21.3%).
pub const TOLERANCE_POINTS: f64 = 0.5;

/// One outlet's figure.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    pub doc_id: i64,
    pub site: Option<String>,
    pub value: f64,
}

/// What the figures for one fact say together.
#[derive(Debug, Clone, PartialEq)]
pub enum Agreement {
    /// Only one document gives a figure.
    Single { value: f64 },
    /// All figures within [`TOLERANCE_POINTS`] of each other; `value` is
    /// their median.
    Consensus { value: f64 },
    /// Some figures differ by more than the tolerance.
    Conflict { low: f64, high: f64 },
}

/// Compares the figures of several documents for one fact.
pub fn agreement(figures: &[Figure]) -> Option<Agreement> {
    let mut values: Vec<f64> = figures
        .iter()
        .map(|f| f.value)
        .filter(|v| v.is_finite())
        .collect();
    values.sort_by(f64::total_cmp);
    let (&low, &high) = (values.first()?, values.last()?);
    Some(if values.len() == 1 {
        Agreement::Single { value: low }
    } else if high - low <= TOLERANCE_POINTS + 1e-9 {
        Agreement::Consensus {
            value: median(&values),
        }
    } else {
        Agreement::Conflict { low, high }
    })
}

fn median(sorted: &[f64]) -> f64 {
    let n = sorted.len();
    if n % 2 == 1 {
        sorted[n / 2]
    } else {
        (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figures(values: &[f64]) -> Vec<Figure> {
        values
            .iter()
            .enumerate()
            .map(|(i, &value)| Figure {
                doc_id: i as i64,
                site: None,
                value,
            })
            .collect()
    }

    #[test]
    fn outlets_rounding_the_same_move_agree() {
        assert_eq!(
            agreement(&figures(&[21.0, 21.3, 21.0])),
            Some(Agreement::Consensus { value: 21.0 })
        );
        assert_eq!(
            agreement(&figures(&[21.0, 21.4])),
            Some(Agreement::Consensus { value: 21.2 })
        );
    }

    #[test]
    fn twenty_against_twenty_two_is_a_conflict() {
        assert_eq!(
            agreement(&figures(&[22.0, 20.0, 21.0])),
            Some(Agreement::Conflict {
                low: 20.0,
                high: 22.0
            })
        );
    }

    #[test]
    fn one_figure_or_none() {
        assert_eq!(
            agreement(&figures(&[14.0])),
            Some(Agreement::Single { value: 14.0 })
        );
        assert_eq!(agreement(&figures(&[])), None);
        assert_eq!(agreement(&figures(&[f64::NAN])), None);
    }
}
