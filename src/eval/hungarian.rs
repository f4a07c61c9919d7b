//! Maximum-weight one-to-one assignment (the Hungarian method with potentials, O(n³)).
//!
//! This is `score.py`'s `assign` step for step: same square padding, same cost `max − w`, same
//! scan order and strict comparisons, so that where several assignments weigh the same, the one
//! chosen (and so which system event goes to which gold event) is the one `score.py` chooses.

/// The (row, column) pairs of a maximum-weight assignment of rows to columns, keeping only pairs
/// of positive weight, in column order. `weights[r][c] > 0` where row `r` may take column `c`;
/// rows are expected to have the same length (a shorter row's missing cells weigh 0).
pub fn assign(weights: &[Vec<f64>]) -> Vec<(usize, usize)> {
    let n_rows = weights.len();
    let n_cols = weights.first().map_or(0, Vec::len);
    let n = n_rows.max(n_cols);
    if n == 0 {
        return Vec::new();
    }
    let weight = |r: usize, c: usize| {
        weights
            .get(r)
            .and_then(|row| row.get(c))
            .copied()
            .unwrap_or(0.0)
    };
    let big = weights
        .iter()
        .flatten()
        .copied()
        .reduce(|best, x| if x > best { x } else { best })
        .unwrap_or(0.0);
    let cost: Vec<Vec<f64>> = (0..n)
        .map(|r| {
            (0..n)
                .map(|c| {
                    big - if r < n_rows && c < n_cols {
                        weight(r, c)
                    } else {
                        0.0
                    }
                })
                .collect()
        })
        .collect();

    // 1-based as in the reference: index 0 is the virtual row/column of the algorithm.
    let mut u = vec![0.0f64; n + 1];
    let mut v = vec![0.0f64; n + 1];
    let mut row_of = vec![0usize; n + 1];
    let mut way = vec![0usize; n + 1];
    for i in 1..=n {
        row_of[0] = i;
        let mut j0 = 0;
        let mut minv = vec![f64::INFINITY; n + 1];
        let mut used = vec![false; n + 1];
        loop {
            used[j0] = true;
            let i0 = row_of[j0];
            let mut delta = f64::INFINITY;
            let mut j1 = 0;
            for j in 1..=n {
                if !used[j] {
                    let cur = cost[i0 - 1][j - 1] - u[i0] - v[j];
                    if cur < minv[j] {
                        minv[j] = cur;
                        way[j] = j0;
                    }
                    if minv[j] < delta {
                        delta = minv[j];
                        j1 = j;
                    }
                }
            }
            for j in 0..=n {
                if used[j] {
                    u[row_of[j]] += delta;
                    v[j] -= delta;
                } else {
                    minv[j] -= delta;
                }
            }
            j0 = j1;
            if row_of[j0] == 0 {
                break;
            }
        }
        loop {
            let j1 = way[j0];
            row_of[j0] = row_of[j1];
            j0 = j1;
            if j0 == 0 {
                break;
            }
        }
    }
    (1..=n)
        .filter_map(|j| {
            let r = row_of[j].checked_sub(1)?;
            let c = j - 1;
            (r < n_rows && c < n_cols && weight(r, c) > 0.0).then_some((r, c))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The best total weight over every one-to-one partial assignment, by trying them all.
    fn brute_force(w: &[Vec<f64>]) -> f64 {
        fn go(w: &[Vec<f64>], r: usize, taken: &mut Vec<bool>) -> f64 {
            if r == w.len() {
                return 0.0;
            }
            let mut best = go(w, r + 1, taken);
            for c in 0..taken.len() {
                if !taken[c] && w[r][c] > 0.0 {
                    taken[c] = true;
                    best = best.max(w[r][c] + go(w, r + 1, taken));
                    taken[c] = false;
                }
            }
            best
        }
        let cols = w.first().map_or(0, Vec::len);
        go(w, 0, &mut vec![false; cols])
    }

    #[test]
    fn empty_and_degenerate_matrices() {
        assert!(assign(&[]).is_empty());
        assert!(assign(&[vec![], vec![]]).is_empty());
        assert!(assign(&[vec![0.0, 0.0]]).is_empty());
        assert_eq!(assign(&[vec![0.0, 2.0]]), vec![(0, 1)]);
    }

    #[test]
    fn prefers_the_heavier_total_over_the_greedy_pick() {
        // Greedy would give row 0 column 0 (3.0) and leave row 1 with nothing.
        let w = vec![vec![3.0, 2.5], vec![2.9, 0.0]];
        assert_eq!(assign(&w), vec![(1, 0), (0, 1)]);
    }

    #[test]
    fn ties_break_as_score_py_does() {
        // What score.py's assign returns on these matrices, where several assignments tie.
        let w = vec![vec![1.2, 1.2], vec![1.2, 1.2]];
        assert_eq!(assign(&w), vec![(0, 0), (1, 1)]);
        let w = vec![
            vec![1.5, 1.5, 0.0],
            vec![1.5, 1.5, 1.5],
            vec![0.0, 1.5, 1.5],
        ];
        assert_eq!(assign(&w), vec![(0, 0), (1, 1), (2, 2)]);
        let w = vec![vec![1.1; 3]; 2];
        assert_eq!(assign(&w), vec![(0, 0), (1, 1)]);
        let w = vec![vec![1.1; 2]; 3];
        assert_eq!(assign(&w), vec![(0, 0), (1, 1)]);
        assert_eq!(
            assign(&[vec![3.0, 2.5], vec![2.9, 0.0]]),
            vec![(1, 0), (0, 1)]
        );
    }

    proptest! {
        #[test]
        fn matches_brute_force(
            w in (1usize..5, 1usize..5).prop_flat_map(|(r, c)| {
                proptest::collection::vec(
                    proptest::collection::vec(
                        prop_oneof![Just(0.0), (0u32..40).prop_map(|x| 1.0 + f64::from(x) / 10.0)],
                        c,
                    ),
                    r,
                )
            })
        ) {
            let got = assign(&w);
            let total: f64 = got.iter().map(|&(r, c)| w[r][c]).sum();
            prop_assert!((total - brute_force(&w)).abs() < 1e-9, "{got:?} on {w:?}");
            let mut rows: Vec<usize> = got.iter().map(|p| p.0).collect();
            let mut cols: Vec<usize> = got.iter().map(|p| p.1).collect();
            rows.sort();
            rows.dedup();
            cols.sort();
            cols.dedup();
            prop_assert_eq!(rows.len(), got.len());
            prop_assert_eq!(cols.len(), got.len());
            prop_assert!(got.iter().all(|&(r, c)| w[r][c] > 0.0));
        }
    }
}
