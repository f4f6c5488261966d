using System.Runtime.Intrinsics;

namespace Parsimony.Information;

/// <summary>
/// The sums of one pair of cells in the ε → 0 convention, in a single fused SIMD pass over the bins: Vector512 with
/// the own <see cref="Log2"/> where the hardware has it, else Vector256 with the runtime's log2, then a scalar tail.
/// With g = √λ_a·√λ_b and u = λ − r·g it accumulates Σ p g, Σ p g (log2 λ_a + log2 λ_b), and per cell the positive
/// and negative parts of p·u, each alone and times log2 |u|: the sign of the private mean ū (known only after Σ p g)
/// then picks which part counts. One log2 per cell and bin is the floor of the pair computation; everything else
/// rides along in registers.
/// </summary>
internal static class PairKernel
{
    /// <summary>The accumulated sums; <c>Pos</c>/<c>Neg</c> are Σ max(p·u, 0) and Σ min(p·u, 0), <c>*Log</c> the same times log2 |u|.</summary>
    internal struct Sums
    {
        public double G, SharedLog, PosA, NegA, PosLogA, NegLogA, PosB, NegB, PosLogB, NegLogB;
    }

    const double Tiny = 1e-300;   // log2 of an exact zero is never used (its weight is 0) but must stay finite

    public static Sums Accumulate(CellStats a, CellStats b, double r, ReadOnlySpan<double> p)
    {
        var s = new Sums();
        int x = Vector512.IsHardwareAccelerated ? Wide512(a, b, r, p, ref s)
              : Vector256.IsHardwareAccelerated ? Wide256(a, b, r, p, ref s) : 0;
        for (; x < p.Length; x++)
        {
            double g = a.Sqrt[x] * b.Sqrt[x], pg = p[x] * g, ua = a.Rates[x] - r * g, ub = b.Rates[x] - r * g;
            double la = Math.Log2(Math.Max(Math.Abs(ua), Tiny)), lb = Math.Log2(Math.Max(Math.Abs(ub), Tiny));
            double pua = p[x] * ua, pub = p[x] * ub;
            s.G += pg;
            s.SharedLog += pg * (a.SafeLog2[x] + b.SafeLog2[x]);
            if (pua > 0) { s.PosA += pua; s.PosLogA += pua * la; } else { s.NegA += pua; s.NegLogA += pua * la; }
            if (pub > 0) { s.PosB += pub; s.PosLogB += pub * lb; } else { s.NegB += pub; s.NegLogB += pub * lb; }
        }
        return s;
    }

    static int Wide512(CellStats a, CellStats b, double r, ReadOnlySpan<double> p, ref Sums s)
    {
        var zero = Vector512<double>.Zero;
        Vector512<double> g = zero, sh = zero, posA = zero, negA = zero, posLogA = zero, negLogA = zero, posB = zero, negB = zero, posLogB = zero, negLogB = zero;
        var minusR = Vector512.Create(-r);
        var tiny = Vector512.Create(Tiny);
        int x = 0;
        for (; x <= p.Length - Vector512<double>.Count; x += Vector512<double>.Count)
        {
            var pv = Vector512.Create(p[x..]);
            var gx = Vector512.Create(a.Sqrt.AsSpan(x)) * Vector512.Create(b.Sqrt.AsSpan(x));
            var pg = pv * gx;
            g += pg;
            sh = Vector512.FusedMultiplyAdd(pg, Vector512.Create(a.SafeLog2.AsSpan(x)) + Vector512.Create(b.SafeLog2.AsSpan(x)), sh);
            var ua = Vector512.FusedMultiplyAdd(minusR, gx, Vector512.Create(a.Rates.AsSpan(x)));
            var ub = Vector512.FusedMultiplyAdd(minusR, gx, Vector512.Create(b.Rates.AsSpan(x)));
            var la = Log2(Vector512.Max(Vector512.Abs(ua), tiny));
            var lb = Log2(Vector512.Max(Vector512.Abs(ub), tiny));
            var pua = pv * ua;
            var pub = pv * ub;
            var pa = Vector512.Max(pua, zero); var na = Vector512.Min(pua, zero);
            var pb = Vector512.Max(pub, zero); var nb = Vector512.Min(pub, zero);
            posA += pa; negA += na; posLogA = Vector512.FusedMultiplyAdd(pa, la, posLogA); negLogA = Vector512.FusedMultiplyAdd(na, la, negLogA);
            posB += pb; negB += nb; posLogB = Vector512.FusedMultiplyAdd(pb, lb, posLogB); negLogB = Vector512.FusedMultiplyAdd(nb, lb, negLogB);
        }
        s.G = Vector512.Sum(g); s.SharedLog = Vector512.Sum(sh);
        s.PosA = Vector512.Sum(posA); s.NegA = Vector512.Sum(negA); s.PosLogA = Vector512.Sum(posLogA); s.NegLogA = Vector512.Sum(negLogA);
        s.PosB = Vector512.Sum(posB); s.NegB = Vector512.Sum(negB); s.PosLogB = Vector512.Sum(posLogB); s.NegLogB = Vector512.Sum(negLogB);
        return x;
    }

    static int Wide256(CellStats a, CellStats b, double r, ReadOnlySpan<double> p, ref Sums s)
    {
        var zero = Vector256<double>.Zero;
        Vector256<double> g = zero, sh = zero, posA = zero, negA = zero, posLogA = zero, negLogA = zero, posB = zero, negB = zero, posLogB = zero, negLogB = zero;
        var minusR = Vector256.Create(-r);
        var tiny = Vector256.Create(Tiny);
        int x = 0;
        for (; x <= p.Length - Vector256<double>.Count; x += Vector256<double>.Count)
        {
            var pv = Vector256.Create(p[x..]);
            var gx = Vector256.Create(a.Sqrt.AsSpan(x)) * Vector256.Create(b.Sqrt.AsSpan(x));
            var pg = pv * gx;
            g += pg;
            sh = Vector256.FusedMultiplyAdd(pg, Vector256.Create(a.SafeLog2.AsSpan(x)) + Vector256.Create(b.SafeLog2.AsSpan(x)), sh);
            var ua = Vector256.FusedMultiplyAdd(minusR, gx, Vector256.Create(a.Rates.AsSpan(x)));
            var ub = Vector256.FusedMultiplyAdd(minusR, gx, Vector256.Create(b.Rates.AsSpan(x)));
            var la = Vector256.Log2(Vector256.Max(Vector256.Abs(ua), tiny));
            var lb = Vector256.Log2(Vector256.Max(Vector256.Abs(ub), tiny));
            var pua = pv * ua;
            var pub = pv * ub;
            var pa = Vector256.Max(pua, zero); var na = Vector256.Min(pua, zero);
            var pb = Vector256.Max(pub, zero); var nb = Vector256.Min(pub, zero);
            posA += pa; negA += na; posLogA = Vector256.FusedMultiplyAdd(pa, la, posLogA); negLogA = Vector256.FusedMultiplyAdd(na, la, negLogA);
            posB += pb; negB += nb; posLogB = Vector256.FusedMultiplyAdd(pb, lb, posLogB); negLogB = Vector256.FusedMultiplyAdd(nb, lb, negLogB);
        }
        s.G = Vector256.Sum(g); s.SharedLog = Vector256.Sum(sh);
        s.PosA = Vector256.Sum(posA); s.NegA = Vector256.Sum(negA); s.PosLogA = Vector256.Sum(posLogA); s.NegLogA = Vector256.Sum(negLogA);
        s.PosB = Vector256.Sum(posB); s.NegB = Vector256.Sum(negB); s.PosLogB = Vector256.Sum(posLogB); s.NegLogB = Vector256.Sum(negLogB);
        return x;
    }

    /// <summary>
    /// log2 of positive normal doubles (no zeros, subnormals, infinities or NaN) with an absolute error ≤ 2^-51·max(1, |log2 x|)
    /// and ~25% cheaper than <see cref="Vector512.Log2(Vector512{double})"/>: x = 2^e·m with m in [√½, √2), then
    /// ln m = 2·atanh(s), s = (m − 1)/(m + 1), |s| ≤ 0.172, as an odd series to s²¹ (truncation &lt; 1e-17).
    /// </summary>
    internal static Vector512<double> Log2(Vector512<double> x)
    {
        var bits = x.AsUInt64();
        // The exponent field as a double by the 2^52 trick; the mantissa given the exponent of 1.0.
        var e = (Vector512.ShiftRightLogical(bits, 52) | Vector512.Create(0x4330000000000000UL)).AsDouble() - Vector512.Create(4503599627370496.0 + 1023);
        var m = ((bits & Vector512.Create(0x000FFFFFFFFFFFFFUL)) | Vector512.Create(0x3FF0000000000000UL)).AsDouble();
        var high = Vector512.GreaterThan(m, Vector512.Create(Math.Sqrt(2)));
        m = Vector512.ConditionalSelect(high, m * 0.5, m);
        e = Vector512.ConditionalSelect(high, e + Vector512<double>.One, e);
        var s = (m - Vector512<double>.One) / (m + Vector512<double>.One);
        var z = s * s;
        var series = Vector512.FusedMultiplyAdd(Vector512.Create(1.0 / 21), z, Vector512.Create(1.0 / 19));
        series = Vector512.FusedMultiplyAdd(series, z, Vector512.Create(1.0 / 17));
        series = Vector512.FusedMultiplyAdd(series, z, Vector512.Create(1.0 / 15));
        series = Vector512.FusedMultiplyAdd(series, z, Vector512.Create(1.0 / 13));
        series = Vector512.FusedMultiplyAdd(series, z, Vector512.Create(1.0 / 11));
        series = Vector512.FusedMultiplyAdd(series, z, Vector512.Create(1.0 / 9));
        series = Vector512.FusedMultiplyAdd(series, z, Vector512.Create(1.0 / 7));
        series = Vector512.FusedMultiplyAdd(series, z, Vector512.Create(1.0 / 5));
        series = Vector512.FusedMultiplyAdd(series, z, Vector512.Create(1.0 / 3));
        var twoS = s + s;
        return Vector512.FusedMultiplyAdd(Vector512.FusedMultiplyAdd(twoS * z, series, twoS), Vector512.Create(1 / Math.Log(2)), e);
    }
}
