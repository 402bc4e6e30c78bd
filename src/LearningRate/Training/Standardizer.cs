using LearningRate.Checkpoints;
using LearningRate.Internal;

namespace LearningRate.Training;

/// <summary>
/// Standardization (z-score) of the columns of a row-major matrix: <c>z = (x − μ) / s</c> per column, with μ
/// the column mean and s its population standard deviation σ (divisor n) in the data given to
/// <see cref="Fit{T}"/>, as scikit-learn's <c>StandardScaler</c>, including its <c>with_mean</c>,
/// <c>with_std</c> and NaN handling (<see cref="WithMean"/>, <see cref="WithStd"/>, <see cref="IgnoreNaN"/>).
/// </summary>
/// <remarks>
/// <para>
/// <b>Accuracy.</b> The statistics are accumulated in double with Welford's update on values shifted by the
/// column's first value K (for each new value x of a column after n − 1 others: <c>y = x − K; δ = y − m;
/// m ← m + δ/n; M₂ ← M₂ + δ·(y − m)</c>; then <c>μ = K + m</c> and <c>σ² = M₂/n</c>). Welford alone avoids the
/// catastrophic cancellation of the textbook <c>Σx² − n·μ²</c>, but its running mean still rounds at the
/// magnitude of μ on every update, and those roundings add up: on 7000 values 10⁹ + (k mod 7) it ends
/// 8.3·10⁻⁷ (7 ulps) from the true mean. The shift keeps the running quantities at the size of the spread,
/// so the same data gives μ = 10⁹ + 3 and σ² = 4 to within 10⁻¹⁴. <see cref="PartialFit{T}"/> continues the
/// same accumulation, so data can be streamed in chunks.
/// </para>
/// <para>
/// <b>Near-constant columns</b> (scikit-learn's rule, from the error bound of the variance computation by
/// Chan, Golub and LeVeque): a column of n values whose variance satisfies
/// <c>σ² ≤ n·ε·σ² + (n·μ·ε)²</c>, with ε = 2⁻⁵² the double machine epsilon, cannot be told from a constant
/// one and is divided by 1 instead of σ: it is centred to its rounding noise and never becomes NaN or
/// infinite. With many rows this includes real but tiny spreads: 100 values 10⁹ ± 10⁻⁵ (σ² = 10⁻¹⁰, bound
/// 4.9·10⁻¹⁰) map to ±10⁻⁵, while 2 such values (bound 2·10⁻¹³) map to ±1, as in scikit-learn.
/// <see cref="Scale"/> shows the divisor actually used; <see cref="StandardDeviation"/> the σ that was measured.
/// </para>
/// <para>
/// <b>Missing values.</b> By default fitting refuses NaN (<see cref="ArgumentException"/>). With
/// <see cref="IgnoreNaN"/> a NaN is a missing value: each column's statistics use only its other values
/// (<see cref="ColumnCounts"/>), and a column with none at all has μ, σ and scale NaN. Infinities are refused
/// either way. The transforms always pass a NaN through as NaN.
/// </para>
/// <para>
/// <b>Saving a fit.</b> <see cref="Mean"/> and <see cref="Scale"/> are the whole transform: store them, and
/// <see cref="Standardizer(ReadOnlySpan{double}, ReadOnlySpan{double})"/> with the same
/// <see cref="WithMean"/> and <see cref="WithStd"/> rebuilds a standardizer that transforms bit for bit alike.
/// To resume a fit as well, save it in a checkpoint beside the optimizer
/// (<see cref="Checkpoints.Checkpoint.Save"/> with <c>("scaler", standardizer)</c>): that keeps the running sums,
/// so <see cref="PartialFit{T}"/> continues exactly.
/// </para>
/// </remarks>
public sealed partial class Standardizer : ICheckpointable
{
    // 2^-52, the gap between 1 and the next double (double.Epsilon is the smallest subnormal, not this).
    private const double MachineEpsilon = 2.220446049250313e-16;

    // The running accumulation per column: shift K (the first value), shifted mean m, M2 and value count.
    // Empty for a standardizer restored from its statistics, which cannot continue a fit.
    private double[] _shift = [];
    private double[] _shiftedMean = [];
    private double[] _m2 = [];
    private long[] _counts = [];

    // What the accumulation gives, published after every fit.
    private double[] _mean = [];
    private double[] _standardDeviation = [];
    private double[] _scale = [];

    /// <summary>Initializes an unfitted standardizer; call <see cref="Fit{T}"/> before transforming.</summary>
    public Standardizer()
    {
    }

    /// <summary>
    /// Initializes a fitted standardizer from saved statistics, typically the <see cref="Mean"/> and
    /// <see cref="Scale"/> of an earlier fit: it transforms with <c>z = (x − mean) / scale</c>, bit for bit as the
    /// original did when <see cref="WithMean"/> and <see cref="WithStd"/> are set alike. It cannot continue a fit
    /// (<see cref="PartialFit{T}"/> throws; <see cref="Fit{T}"/> starts over); <see cref="Count"/> and
    /// <see cref="ColumnCounts"/> are 0 and <see cref="StandardDeviation"/> is NaN (not measured).
    /// </summary>
    /// <param name="mean">The mean of each column: finite, or NaN for a column fitted on no values.</param>
    /// <param name="scale">The divisor of each column: finite and &gt; 0, or NaN where <paramref name="mean"/> is NaN.</param>
    /// <exception cref="ArgumentException"><paramref name="mean"/> is empty or holds an infinity, or <paramref name="scale"/> has another length or a value outside its range.</exception>
    public Standardizer(ReadOnlySpan<double> mean, ReadOnlySpan<double> scale)
    {
        ColumnData.CheckStatistics(mean, scale, nameof(mean), nameof(scale));
        for (var c = 0; c < mean.Length; c++)
        {
            if (double.IsInfinity(mean[c]))
            {
                Guard.ThrowArgument(nameof(mean), $"mean[{c}] is {mean[c]}; it must be finite (or NaN for a column fitted on no values).");
            }

            var valid = double.IsNaN(mean[c]) ? double.IsNaN(scale[c]) || (scale[c] > 0 && double.IsFinite(scale[c])) : scale[c] > 0 && double.IsFinite(scale[c]);
            if (!valid)
            {
                Guard.ThrowArgument(nameof(scale), $"scale[{c}] is {scale[c]}; it must be finite and > 0 (NaN only where mean is NaN).");
            }
        }

        _mean = mean.ToArray();
        _scale = scale.ToArray();
        _standardDeviation = new double[mean.Length];
        _standardDeviation.AsSpan().Fill(double.NaN);
        _counts = new long[mean.Length];
    }

    /// <summary>
    /// Gets a value indicating whether the transform subtracts the mean (scikit-learn's <c>with_mean</c>); default
    /// true. False leaves the origin in place, <c>z = x / s</c>, which keeps zeros zero (sparse data). The mean is
    /// measured either way.
    /// </summary>
    public bool WithMean { get; init; } = true;

    /// <summary>
    /// Gets a value indicating whether the transform divides by the standard deviation (scikit-learn's
    /// <c>with_std</c>); default true. False only centres, <c>z = x − μ</c>: <see cref="Scale"/> is 1 for every
    /// column while <see cref="StandardDeviation"/> is still measured.
    /// </summary>
    public bool WithStd { get; init; } = true;

    /// <summary>
    /// Gets a value indicating whether fitting skips NaN values as missing (scikit-learn's behaviour) instead of
    /// refusing them; default false. Infinities are refused either way.
    /// </summary>
    public bool IgnoreNaN { get; init; }

    /// <summary>Gets the number of columns fitted; 0 before the first fit.</summary>
    public int Columns => _mean.Length;

    /// <summary>Gets the number of rows accumulated by <see cref="Fit{T}"/> and <see cref="PartialFit{T}"/>.</summary>
    public long Count { get; private set; }

    /// <summary>Gets the number of values accumulated in each column: <see cref="Count"/> minus the NaNs skipped under <see cref="IgnoreNaN"/>.</summary>
    public ReadOnlySpan<long> ColumnCounts => _counts;

    /// <summary>Gets the mean μ of each column (NaN for a column with no values).</summary>
    public ReadOnlySpan<double> Mean => _mean;

    /// <summary>Gets the population standard deviation σ = √(M₂/n) of each column (NaN for a column with no values, or after restoring).</summary>
    public ReadOnlySpan<double> StandardDeviation => _standardDeviation;

    /// <summary>Gets the divisor of each column: σ; 1 for a near-constant column (see the remarks) or when <see cref="WithStd"/> is false.</summary>
    public ReadOnlySpan<double> Scale => _scale;

    /// <summary>Forgets any previous fit and computes each column's mean and standard deviation.</summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="data">The rows, row-major: element (r, c) at <c>data[r·columns + c]</c>. At least one row.</param>
    /// <param name="columns">The number of columns, at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="columns"/> is less than 1.</exception>
    /// <exception cref="ArgumentException"><paramref name="data"/> is empty, is not a whole number of rows, or holds an infinity or (unless <see cref="IgnoreNaN"/>) a NaN.</exception>
    public void Fit<T>(ReadOnlySpan<T> data, int columns)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ColumnData.CheckFitData(data, columns, IgnoreNaN, nameof(data), nameof(columns));
        _shift = new double[columns];
        _shiftedMean = new double[columns];
        _m2 = new double[columns];
        _counts = new long[columns];
        _mean = new double[columns];
        _standardDeviation = new double[columns];
        _scale = new double[columns];
        Count = 0;
        Accumulate(data);
    }

    /// <summary>Adds rows to the statistics of the previous fits (the first call behaves as <see cref="Fit{T}"/>).</summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="data">More rows, row-major, with the fitted number of columns.</param>
    /// <param name="columns">The number of columns; must equal <see cref="Columns"/> once fitted.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="columns"/> is less than 1.</exception>
    /// <exception cref="ArgumentException">The column count differs from the fitted one, or <paramref name="data"/> is empty, ragged, or holds an infinity or (unless <see cref="IgnoreNaN"/>) a NaN.</exception>
    /// <exception cref="InvalidOperationException">The standardizer was restored from statistics, which hold no sums to continue.</exception>
    public void PartialFit<T>(ReadOnlySpan<T> data, int columns)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (Columns == 0)
        {
            Fit(data, columns);
            return;
        }

        if (_shift.Length == 0)
        {
            throw new InvalidOperationException("This standardizer was restored from its mean and scale, which cannot be continued; call Fit to start over.");
        }

        ColumnData.CheckFitData(data, columns, IgnoreNaN, nameof(data), nameof(columns));
        if (columns != Columns)
        {
            Guard.ThrowArgument(nameof(columns), $"columns is {columns}; this standardizer was fitted on {Columns}.");
        }

        Accumulate(data);
    }

    /// <summary>Standardizes rows in place: <c>x ← (x − μ) / scale</c>, column by column (without − μ when <see cref="WithMean"/> is false). NaN stays NaN.</summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="data">Rows with the fitted number of columns.</param>
    /// <exception cref="InvalidOperationException">The standardizer has not been fitted.</exception>
    /// <exception cref="ArgumentException"><paramref name="data"/> is not a whole number of rows.</exception>
    public void Transform<T>(Span<T> data)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ColumnData.CheckTransform(data.Length, data.Length, Columns, nameof(data), nameof(data));
        Forward(data, data);
    }

    /// <summary>Writes the standardized rows of <paramref name="source"/> to <paramref name="destination"/>, which may be the same memory (in place) but must not otherwise overlap it.</summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="source">Rows with the fitted number of columns.</param>
    /// <param name="destination">The output, of the same length.</param>
    /// <exception cref="InvalidOperationException">The standardizer has not been fitted.</exception>
    /// <exception cref="ArgumentException">A length is wrong, or <paramref name="destination"/> overlaps <paramref name="source"/> without being the same memory; nothing was written.</exception>
    public void Transform<T>(ReadOnlySpan<T> source, Span<T> destination)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ColumnData.CheckTransform<T>(source, destination, Columns, nameof(source), nameof(destination));
        Forward(source, destination);
    }

    private void Forward<T>(ReadOnlySpan<T> source, Span<T> destination)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var columns = Columns;
        for (var i = 0; i < source.Length; i++)
        {
            var c = i % columns;
            destination[i] = T.CreateTruncating((double.CreateTruncating(source[i]) - Offset(c)) / Divisor(c));
        }
    }

    /// <summary>Undoes <see cref="Transform{T}(Span{T})"/> in place: <c>x ← z·scale + μ</c> (without + μ when <see cref="WithMean"/> is false).</summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="data">Standardized rows.</param>
    /// <exception cref="InvalidOperationException">The standardizer has not been fitted.</exception>
    /// <exception cref="ArgumentException"><paramref name="data"/> is not a whole number of rows.</exception>
    public void InverseTransform<T>(Span<T> data)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ColumnData.CheckTransform(data.Length, data.Length, Columns, nameof(data), nameof(data));
        Inverse(data, data);
    }

    /// <summary>Writes the original-scale rows of standardized <paramref name="source"/> to <paramref name="destination"/>, which may be the same memory (in place) but must not otherwise overlap it.</summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="source">Standardized rows.</param>
    /// <param name="destination">The output, of the same length.</param>
    /// <exception cref="InvalidOperationException">The standardizer has not been fitted.</exception>
    /// <exception cref="ArgumentException">A length is wrong, or <paramref name="destination"/> overlaps <paramref name="source"/> without being the same memory; nothing was written.</exception>
    public void InverseTransform<T>(ReadOnlySpan<T> source, Span<T> destination)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ColumnData.CheckTransform<T>(source, destination, Columns, nameof(source), nameof(destination));
        Inverse(source, destination);
    }

    private void Inverse<T>(ReadOnlySpan<T> source, Span<T> destination)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var columns = Columns;
        for (var i = 0; i < source.Length; i++)
        {
            var c = i % columns;
            destination[i] = T.CreateTruncating((double.CreateTruncating(source[i]) * Divisor(c)) + Offset(c));
        }
    }

    private double Offset(int column) => WithMean ? _mean[column] : 0;

    // Scale is already 1 everywhere for a fit without WithStd; a restored standardizer honours the flag here.
    private double Divisor(int column) => WithStd ? _scale[column] : 1;

    private void Accumulate<T>(ReadOnlySpan<T> data)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var columns = Columns;
        for (var row = 0; row < data.Length; row += columns)
        {
            Count++;
            for (var c = 0; c < columns; c++)
            {
                var x = double.CreateTruncating(data[row + c]);
                if (double.IsNaN(x))
                {
                    continue;   // a missing value (CheckFitData let it through only under IgnoreNaN)
                }

                var n = ++_counts[c];
                if (n == 1)
                {
                    _shift[c] = x;
                }

                var y = x - _shift[c];
                var delta = y - _shiftedMean[c];
                _shiftedMean[c] += delta / n;
                _m2[c] += delta * (y - _shiftedMean[c]);
            }
        }

        for (var c = 0; c < columns; c++)
        {
            Publish(c);
        }
    }

    private void Publish(int c)
    {
        var n = _counts[c];
        if (n == 0)
        {
            _mean[c] = _standardDeviation[c] = double.NaN;
            _scale[c] = WithStd ? double.NaN : 1;
            return;
        }

        var mean = _shift[c] + _shiftedMean[c];
        var variance = _m2[c] / n;
        var bound = (n * MachineEpsilon * variance) + Math.Pow(n * mean * MachineEpsilon, 2);
        _mean[c] = mean;
        _standardDeviation[c] = Math.Sqrt(variance);
        _scale[c] = !WithStd || variance <= bound ? 1 : _standardDeviation[c];
    }
}
