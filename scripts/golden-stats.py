#!/usr/bin/env python3
"""Golden files for harness/evaluate/stats (BCa bootstrap, normal quantile, power).

Writes harness/evaluate/stats/fixtures/golden-bca.json and golden-power.json.
CI has no python: the tests read the committed JSON (tolerance 1e-6).

Needs python3 with numpy and scipy (Debian: python3-numpy python3-scipy;
made with scipy 1.17.1). statsmodels is not needed: power is the closed form
below, solved independently with scipy.optimize.brentq.

BCa reference, two routes (documented in the JSON):
1. Unclustered cases: scipy.stats.bootstrap(..., method='BCa', rng=default_rng(seed))
   itself. Its resamples are rng.integers(0, n, (B, n)) (scipy's
   _bootstrap_resample with batch=None), which this script reproduces from
   the same seed and exports, so the TypeScript side recomputes BCa on the
   very same resamples and must land on scipy's interval.
2. Clustered cases: scipy cannot resample clusters, so this script applies
   scipy's BCa formula (_bca_interval: z0 from the share of resamples below
   the estimate with ties counted half, jackknife acceleration, alpha_1,2,
   numpy linear quantiles) to the cluster resamples drawn by our TypeScript
   generator (fixtures/bca-input.json, written by fixtures/bca-input.ts),
   with a leave-one-cluster-out jackknife. The same function is first
   checked against scipy.stats.bootstrap on every unclustered case.

Run from the repository root: python3 scripts/golden-stats.py
(it first runs `npx tsx harness/evaluate/stats/fixtures/bca-input.ts` when
npx is on PATH; pass --no-node to use the committed bca-input.json).
"""
import json
import os
import shutil
import subprocess
import sys

import numpy as np
import scipy
from scipy import optimize, stats
from scipy.special import ndtr, ndtri

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(ROOT, 'harness', 'evaluate', 'stats', 'fixtures')
CONFIDENCE = 0.95


def percentile_of_score(theta_b, theta_hat):
    """scipy's _percentile_of_score: ties counted half."""
    return ((theta_b < theta_hat).sum() + (theta_b <= theta_hat).sum()) / (2 * len(theta_b))


def bca(theta_hat, theta_b, jackknife, confidence=CONFIDENCE):
    """scipy.stats._resampling._bca_interval + the quantile step of bootstrap()."""
    theta_b = np.asarray(theta_b, dtype=float)
    jackknife = np.asarray(jackknife, dtype=float)
    alpha = (1 - confidence) / 2
    z0 = ndtri(percentile_of_score(theta_b, theta_hat))
    n = float(len(jackknife))
    u = (n - 1) * (jackknife.mean() - jackknife)
    a_hat = 1 / 6 * ((u ** 3).sum() / n ** 3) / ((u ** 2).sum() / n ** 2) ** 1.5
    z_alpha = ndtri(alpha)
    num1 = z0 + z_alpha
    alpha_1 = ndtr(z0 + num1 / (1 - a_hat * num1))
    num2 = z0 - z_alpha
    alpha_2 = ndtr(z0 + num2 / (1 - a_hat * num2))
    low, high = np.quantile(theta_b, [alpha_1, alpha_2])  # linear, as stats.quantile's default
    return dict(low=float(low), high=float(high), estimate=float(theta_hat), z0=float(z0), acceleration=float(a_hat), levels=[float(alpha_1), float(alpha_2)])


# ---- weighted statistics, same definitions as harness/evaluate/stats/ranking.ts ----

def w_recall(labels, scores, w):
    pos = (w * (labels == 1)).sum()
    return (w * (labels == 1) * (scores == 1)).sum() / pos if pos > 0 else None


def w_groups(labels, scores, w):
    values = np.unique(scores)[::-1]  # distinct scores, descending
    pos = np.array([(w * (labels == 1) * (scores == v)).sum() for v in values])
    neg = np.array([(w * (labels == 0) * (scores == v)).sum() for v in values])
    return pos, neg


def w_auc(labels, scores, w):
    pos, neg = w_groups(labels, scores, w)
    tp_before = np.concatenate([[0.0], np.cumsum(pos)[:-1]])
    total = pos.sum() * neg.sum()
    return float((neg * (tp_before + pos / 2)).sum() / total) if total > 0 else None


def w_ap(labels, scores, w):
    pos, neg = w_groups(labels, scores, w)
    total = pos.sum()
    if total == 0:
        return None
    tp = np.cumsum(pos)
    fp = np.cumsum(neg)
    mask = pos > 0
    return float(((pos[mask] / total) * (tp[mask] / (tp[mask] + fp[mask]))).sum())


def clustered_statistic(case):
    labels = np.array(case['labels'])
    scores = np.array(case['scores'], dtype=float)
    cluster = np.array(case['cluster'])
    kind = case['statistic']

    def stat(cluster_weights):
        w = np.asarray(cluster_weights, dtype=float)[cluster]
        if kind == 'recall':
            return w_recall(labels, scores, w)
        if kind == 'auc':
            return w_auc(labels, scores, w)
        if kind == 'ap':
            return w_ap(labels, scores, w)
        if kind == 'delta-auc':
            a = w_auc(labels, scores, w)
            b = w_auc(labels, np.array(case['scoresB'], dtype=float), w)
            return None if a is None or b is None else b - a
        raise ValueError(kind)
    return stat


def clustered_case(case):
    k = case['clusterCount']
    stat = clustered_statistic(case)
    theta_hat = stat(np.ones(k))
    theta_b = []
    undefined = 0
    for row in case['indices']:
        v = stat(np.bincount(row, minlength=k))
        if v is None:
            undefined += 1
        else:
            theta_b.append(v)
    jack = []
    for j in range(k):
        w = np.ones(k)
        w[j] = 0
        v = stat(w)
        assert v is not None, f'{case["name"]}: jackknife value undefined; pick data where it is not'
        jack.append(v)
    out = bca(theta_hat, theta_b, jack)
    out.update(name=case['name'], valid=len(theta_b), undefinedReplicates=undefined)
    return out


# ---- unclustered cases: scipy.stats.bootstrap itself ----

def unclustered_cases():
    gen = np.random.default_rng(20240518)
    skewed = np.round(gen.exponential(1.0, 30), 4)
    binary = (gen.random(40) < 0.7).astype(float)
    x = np.round(gen.normal(0.0, 1.0, 25), 4)
    y = np.round(x + 0.3 + gen.normal(0.0, 0.8, 25), 4)
    specs = [
        dict(name='mean-exponential-30', kind='mean', data=[skewed.tolist()], seed=12345, replicates=2000),
        dict(name='proportion-binary-40', kind='mean', data=[binary.tolist()], seed=777, replicates=1000),
        dict(name='paired-mean-difference-25', kind='paired-difference', data=[x.tolist(), y.tolist()], seed=4242, replicates=1500),
    ]
    out = []
    for s in specs:
        n = len(s['data'][0])
        if s['kind'] == 'mean':
            res = stats.bootstrap((np.array(s['data'][0]),), np.mean, method='BCa', n_resamples=s['replicates'],
                                  confidence_level=CONFIDENCE, rng=np.random.default_rng(s['seed']))
            f = lambda idx, s=s: float(np.mean(np.array(s['data'][0])[idx]))
        else:
            xs, ys = np.array(s['data'][0]), np.array(s['data'][1])
            def diff(a, b, axis=-1):
                return np.mean(b, axis=axis) - np.mean(a, axis=axis)
            res = stats.bootstrap((xs, ys), diff, paired=True, method='BCa', n_resamples=s['replicates'],
                                  confidence_level=CONFIDENCE, rng=np.random.default_rng(s['seed']))
            f = lambda idx, xs=xs, ys=ys: float(np.mean(ys[idx]) - np.mean(xs[idx]))
        # scipy's resamples, reproduced: rng.integers(0, n, (B, n)) from the same seed.
        indices = np.random.default_rng(s['seed']).integers(0, n, (s['replicates'], n))
        theta_b = np.array([f(row) for row in indices])
        assert np.allclose(np.sort(theta_b), np.sort(res.bootstrap_distribution), rtol=0, atol=1e-12), s['name']
        jack = [f(np.delete(np.arange(n), i)) for i in range(n)]
        mine = bca(f(np.arange(n)), theta_b, jack)
        low, high = float(res.confidence_interval.low), float(res.confidence_interval.high)
        # The formula used for the clustered cases reproduces scipy here.
        assert abs(mine['low'] - low) < 1e-12 and abs(mine['high'] - high) < 1e-12, (s['name'], mine, low, high)
        out.append(dict(name=s['name'], kind=s['kind'], data=s['data'], seed=s['seed'], replicates=s['replicates'],
                        indices=indices.tolist(), low=low, high=high, estimate=mine['estimate'], z0=mine['z0'],
                        acceleration=mine['acceleration'], levels=mine['levels']))
    return out


# ---- power: closed form, solved independently ----

def power_golden():
    za = stats.norm.ppf(0.975)
    zb = stats.norm.ppf(0.8)

    def pairs(d, pd, za=za, zb=zb):
        return (za * np.sqrt(pd) + zb * np.sqrt(pd - d * d)) ** 2 / (d * d)

    def g(d, n, pd):  # sqrt(n) d - [za sqrt(pd) + zb sqrt(pd - d^2)]: zero at the MDE
        return np.sqrt(n) * d - (za * np.sqrt(pd) + zb * np.sqrt(pd - d * d))

    mde_observed = []
    for n in [40, 80, 200, 500, 1000, 5000]:
        for pd in [0.05, 0.1, 0.2, 0.4]:
            if g(pd, n, pd) < 0:
                mde_observed.append(dict(n=n, discordance=pd, mde=None))
                continue
            d = optimize.brentq(g, 1e-12, pd, args=(n, pd), xtol=1e-15, rtol=1e-15)
            mde_observed.append(dict(n=n, discordance=pd, mde=d))
    mde_default = []
    for n in [40, 80, 200, 500, 1000, 5000, 20000]:
        h = lambda d, n=n: g(d, n, max(2 * d, 0.05))
        d = optimize.brentq(h, 1e-9, 0.5, xtol=1e-15, rtol=1e-15)
        mde_default.append(dict(n=n, mde=d, discordance=max(2 * d, 0.05)))
    needed = []
    for mde in [0.01, 0.02, 0.05, 0.1]:
        for pd in [None, 0.1, 0.3]:
            for per_doc in [1, 2.5]:
                use = pd if pd is not None else max(2 * mde, 0.05)
                exact = pairs(mde, use)
                positives = int(np.ceil(exact - 1e-9))
                needed.append(dict(mde=mde, discordance=pd, positivesPerDocument=per_doc, exactPairs=float(exact),
                                   positives=positives, documents=int(np.ceil(positives / per_doc - 1e-9)),
                                   discordanceUsed=use))
    power = []
    for n, d, pd in [(80, 0.05, 0.1), (200, 0.02, 0.05), (1000, 0.03, 0.1), (400, 0.1, 0.3)]:
        power.append(dict(n=n, d=d, discordance=pd, power=float(stats.norm.cdf((np.sqrt(n) * d - za * np.sqrt(pd)) / np.sqrt(pd - d * d)))))
    xs = [-40, -20, -8, -5, -3.6, -3.5, -2, -1, -0.3, 0, 0.3, 1, 1.959963984540054, 3, 6, 9]
    ps = [1e-300, 1e-20, 1e-10, 1e-5, 0.001, 0.01, 0.02425, 0.025, 0.1, 0.3, 0.5, 0.7, 0.8, 0.9, 0.975, 0.999]
    return dict(
        normal=dict(cdf=[dict(x=x, value=float(stats.norm.cdf(x))) for x in xs],
                    ppf=[dict(p=p, value=float(stats.norm.ppf(p))) for p in ps]),
        mdeObserved=mde_observed, mdeDefault=mde_default, documentsNeeded=needed, power=power,
    )


def main():
    if '--no-node' not in sys.argv and shutil.which('npx'):
        subprocess.run(['npx', 'tsx', 'harness/evaluate/stats/fixtures/bca-input.ts'], cwd=ROOT, check=True)
    with open(os.path.join(FIXTURES, 'bca-input.json')) as fh:
        clustered = json.load(fh)['cases']
    meta = dict(generator='scripts/golden-stats.py', scipy=scipy.__version__, numpy=np.__version__, confidence=CONFIDENCE)
    bca_out = dict(
        meta=dict(meta, method=(
            'unclustered: scipy.stats.bootstrap(method="BCa", rng=default_rng(seed)); its resamples '
            'rng.integers(0, n, (B, n)) reproduced and exported as indices. clustered: scipy\'s BCa formula '
            '(_bca_interval) on the cluster resamples of fixtures/bca-input.json (our generator), leave-one-'
            'cluster-out jackknife; the formula is asserted equal to scipy on the unclustered cases.')),
        unclustered=unclustered_cases(),
        clustered=[clustered_case(c) for c in clustered],
    )
    with open(os.path.join(FIXTURES, 'golden-bca.json'), 'w') as fh:
        json.dump(bca_out, fh)
        fh.write('\n')
    with open(os.path.join(FIXTURES, 'golden-power.json'), 'w') as fh:
        json.dump(dict(meta=dict(meta, method='Connor (1987) normal approximation for paired proportions; MDE by brentq; alpha 0.05 two-sided, power 0.8'), **power_golden()), fh, indent=1)
        fh.write('\n')
    print('wrote golden-bca.json and golden-power.json')


if __name__ == '__main__':
    main()
