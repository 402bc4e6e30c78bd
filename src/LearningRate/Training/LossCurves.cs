namespace LearningRate.Training;

/// <summary>The curve arithmetic of the range test and the monitor: smoothing, slopes and descending runs.</summary>
internal static class LossCurves
{
    /// <summary>The debiased exponential average of <paramref name="values"/>: <c>a ← β·a + (1 − β)·x; out = a/(1 − β^(i+1))</c>.</summary>
    public static double[] DebiasedAverage(IReadOnlyList<double> values, double beta)
    {
        var result = new double[values.Count];
        var average = 0.0;
        var weight = 1.0;
        for (var i = 0; i < values.Count; i++)
        {
            average = (beta * average) + ((1 - beta) * values[i]);
            weight *= beta;
            result[i] = beta == 0 ? values[i] : average / (1 - weight);
        }

        return result;
    }

    /// <summary>
    /// A lag-free trend: a centred 5-point running median (which removes isolated spikes a mean would
    /// smear), then a centred Gaussian kernel of width σ points truncated at 3σ, renormalized at the ends.
    /// σ = 0 returns a copy.
    /// </summary>
    public static double[] Trend(IReadOnlyList<double> values, double sigma)
    {
        var n = values.Count;
        if (sigma <= 0 || n < 3)
        {
            return [.. values];
        }

        var median = new double[n];
        var window = new double[5];
        for (var i = 0; i < n; i++)
        {
            var lo = Math.Max(0, i - 2);
            var hi = Math.Min(n - 1, i + 2);
            var count = hi - lo + 1;
            for (var j = 0; j < count; j++)
            {
                window[j] = values[lo + j];
            }

            Array.Sort(window, 0, count);
            median[i] = count % 2 == 1 ? window[count / 2] : (window[(count / 2) - 1] + window[count / 2]) / 2;
        }

        var reach = (int)Math.Ceiling(3 * sigma);
        var kernel = new double[reach + 1];
        for (var k = 0; k <= reach; k++)
        {
            kernel[k] = Math.Exp(-0.5 * k * k / (sigma * sigma));
        }

        var trend = new double[n];
        for (var i = 0; i < n; i++)
        {
            double sum = 0, total = 0;
            for (var j = Math.Max(0, i - reach); j <= Math.Min(n - 1, i + reach); j++)
            {
                var w = kernel[Math.Abs(j - i)];
                sum += w * median[j];
                total += w;
            }

            trend[i] = sum / total;
        }

        return trend;
    }

    /// <summary>
    /// The slope dy/dx at each point: central differences with uneven spacing inside, one-sided at the ends
    /// (as numpy's <c>gradient</c> with coordinates).
    /// </summary>
    public static double[] Slopes(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        var n = y.Count;
        var slopes = new double[n];
        if (n < 2)
        {
            return slopes;
        }

        slopes[0] = (y[1] - y[0]) / (x[1] - x[0]);
        slopes[n - 1] = (y[n - 1] - y[n - 2]) / (x[n - 1] - x[n - 2]);
        for (var i = 1; i < n - 1; i++)
        {
            var h0 = x[i] - x[i - 1];
            var h1 = x[i + 1] - x[i];

            // Second-order accurate for uneven steps: weights h1²·(y₊ − y) + h0²·(y − y₋) over h0·h1·(h0 + h1).
            slopes[i] = ((h0 * h0 * (y[i + 1] - y[i])) + (h1 * h1 * (y[i] - y[i - 1]))) / (h0 * h1 * (h0 + h1));
        }

        return slopes;
    }

    /// <summary>
    /// The longest strictly decreasing subsequence of <c>y[lo..hi)</c>, as (first, last) indices; the
    /// earliest-ending one among equals. O(n²), fine for sweeps of a few thousand points.
    /// </summary>
    public static (int First, int Last, int Length) LongestDescent(IReadOnlyList<double> y, int lo, int hi)
    {
        var length = new int[hi - lo];
        var first = new int[hi - lo];
        var best = (First: lo, Last: lo, Length: 1);
        for (var i = lo; i < hi; i++)
        {
            length[i - lo] = 1;
            first[i - lo] = i;
            for (var j = lo; j < i; j++)
            {
                if (y[i] < y[j] && length[j - lo] + 1 > length[i - lo])
                {
                    length[i - lo] = length[j - lo] + 1;
                    first[i - lo] = first[j - lo];
                }
            }

            if (length[i - lo] > best.Length)
            {
                best = (first[i - lo], i, length[i - lo]);
            }
        }

        return best;
    }

    /// <summary>
    /// The noise reduction factor ρ of <see cref="Trend"/>'s Gaussian stage: the standard deviation of a
    /// kernel-weighted mean of white noise over that of one point, <c>√(Σw²)/Σw</c> with the kernel truncated
    /// at 3σ (1 for σ = 0). It ignores the running median, which removes spikes but adds a little variance.
    /// </summary>
    public static double TrendNoiseFactor(double sigma)
    {
        if (sigma <= 0)
        {
            return 1;
        }

        var reach = (int)Math.Ceiling(3 * sigma);
        double sum = 0, squares = 0;
        for (var k = -reach; k <= reach; k++)
        {
            var w = Math.Exp(-0.5 * k * k / (sigma * sigma));
            sum += w;
            squares += w * w;
        }

        return Math.Sqrt(squares) / sum;
    }

    /// <summary>
    /// A robust estimate of the point-to-point noise σ of <c>y[lo..hi)</c>: second differences
    /// <c>d = y₋ − 2y + y₊</c> cancel a smooth trend (up to its curvature) and have variance 6σ² for white
    /// noise, and the median absolute deviation ignores spikes: <c>σ̂ = 1.4826·median|d − median d|/√6</c>.
    /// 0 with fewer than 3 points.
    /// </summary>
    public static double Noise(IReadOnlyList<double> y, int lo, int hi)
    {
        var count = hi - lo - 2;
        if (count < 1)
        {
            return 0;
        }

        var d = new double[count];
        for (var i = 0; i < count; i++)
        {
            d[i] = y[lo + i] - (2 * y[lo + i + 1]) + y[lo + i + 2];
        }

        var center = Median(d);
        for (var i = 0; i < count; i++)
        {
            d[i] = Math.Abs(d[i] - center);
        }

        return 1.4826 * Median(d) / Math.Sqrt(6);
    }

    /// <summary>
    /// The largest fall of <c>y[lo..hi)</c>: the maximum of <c>y[i] − y[j]</c> over i ≤ j, with the earliest such pair
    /// (0 and i = j = lo when it never falls).
    /// </summary>
    public static (int From, int To, double Fall) LargestFall(IReadOnlyList<double> y, int lo, int hi)
    {
        var best = (From: lo, To: lo, Fall: 0.0);
        var peak = lo;
        for (var j = lo; j < hi; j++)
        {
            if (y[j] > y[peak])
            {
                peak = j;
            }

            if (y[peak] - y[j] > best.Fall)
            {
                best = (peak, j, y[peak] - y[j]);
            }
        }

        return best;
    }

    /// <summary>The largest rise of <c>y[lo..hi)</c>: the maximum of <c>y[j] − y[i]</c> over i ≤ j (0 when it never rises).</summary>
    public static double LargestRise(IReadOnlyList<double> y, int lo, int hi)
    {
        var rise = 0.0;
        var low = double.PositiveInfinity;
        for (var j = lo; j < hi; j++)
        {
            low = Math.Min(low, y[j]);
            rise = Math.Max(rise, y[j] - low);
        }

        return rise;
    }

    private static double Median(double[] values)
    {
        Array.Sort(values);
        var n = values.Length;
        return n % 2 == 1 ? values[n / 2] : (values[(n / 2) - 1] + values[n / 2]) / 2;
    }
}
