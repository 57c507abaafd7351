/**
 * The standard normal distribution: CDF (scipy.special.ndtr) and quantile
 * (scipy.special.ndtri), to about 1e-15, with no dependency. Checked against
 * SciPy in fixtures/golden-stats.json (scripts/golden-stats.py).
 */

const SQRT_PI = Math.sqrt(Math.PI);
const SQRT_2PI = Math.sqrt(2 * Math.PI);

/**
 * erfc(t) for t >= 0. Below 2.5 through the all-positive series
 * erf(t) = 2/sqrt(pi) e^{-t^2} sum 2^k t^{2k+1} / (2k+1)!! (no cancellation);
 * above it through the continued fraction
 * erfc(t) = e^{-t^2}/sqrt(pi) / (t + (1/2)/(t + 1/(t + (3/2)/(t + ...)))),
 * evaluated backwards, which keeps full relative precision in the far tail.
 */
function erfcPositive(t: number): number {
  if (t < 2.5) {
    let term = t;
    let sum = t;
    for (let k = 1; k < 200; k++) {
      term *= (2 * t * t) / (2 * k + 1);
      sum += term;
      if (term < 1e-17 * sum) break;
    }
    return 1 - ((2 / SQRT_PI) * Math.exp(-t * t) * sum);
  }
  let f = t;
  for (let k = 120; k >= 1; k--) f = t + k / 2 / f;
  return Math.exp(-t * t) / (SQRT_PI * f);
}

/** Standard normal CDF, Phi(x). */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x === Infinity) return 1;
  if (x === -Infinity) return 0;
  const t = Math.abs(x) / Math.SQRT2;
  const tail = 0.5 * erfcPositive(t); // P(Z > |x|)
  return x < 0 ? tail : 1 - tail;
}

/** Standard normal density. */
export function normalPdf(x: number): number {
  return Math.exp(-0.5 * x * x) / SQRT_2PI;
}

// Acklam's rational approximation (relative error 1.15e-9), then refined below.
const A = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
const B = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
const C = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
const P_LOW = 0.02425;

function acklam(p: number): number {
  if (p < P_LOW) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return ((((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q) / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1);
}

/**
 * Standard normal quantile, Phi^-1(p): Acklam's approximation polished by
 * two Halley steps on the accurate CDF above. -Infinity at 0, +Infinity at 1,
 * NaN outside [0, 1]. The upper half is mirrored from the lower (1 - p is
 * exact there), so ppf(1 - p) = -ppf(p).
 */
export function normalQuantile(p: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p > 0.5) return -normalQuantile(1 - p);
  if (p === 0.5) return 0;
  let x = acklam(p);
  for (let step = 0; step < 2; step++) {
    const density = normalPdf(x);
    if (!(density > 0)) break;
    const u = (normalCdf(x) - p) / density;
    if (!Number.isFinite(u)) break;
    x -= u / (1 + (x * u) / 2);
  }
  return x;
}
