using LearningRate.Internal;

namespace LearningRate.Training;

/// <summary>
/// Standardization (z-score) of the columns of a row-major matrix: <c>z = (x − μ) / σ</c> per column,
/// with μ the column mean and σ the population standard deviation (divisor n, as scikit-learn's
/// <c>StandardScaler</c>) of the data given to <see cref="Fit{T}"/>.
/// </summary>
/// <remarks>
/// <para>
/// The statistics are accumulated in double with Welford's update (for each new value x of a column
/// after n − 1 others: <c>δ = x − μ; μ ← μ + δ/n; M₂ ← M₂ + δ·(x − μ)</c>; then <c>σ² = M₂/n</c>), which
/// stays exact where the textbook <c>Σx² − n·μ²</c> cancels catastrophically, for example on values near
/// 10⁹ that differ in their last digits. <see cref="PartialFit{T}"/> continues the same accumulation,
/// so data can be streamed in chunks.
/// </para>
/// <para>
/// <b>Zero-variance columns.</b> A column whose σ is 0, or below 16 machine epsilons of |μ| (the rounding
/// noise of a constant column), is divided by 1 instead: it is centred to 0 and never becomes NaN or
/// infinite. <see cref="Scale"/> shows the divisor actually used; <see cref="StandardDeviation"/> the σ
/// that was measured.
/// </para>
/// </remarks>
public sealed class Standardizer
{
    // 2^-52, the gap between 1 and the next double (double.Epsilon is the smallest subnormal, not this).
    private const double MachineEpsilon = 2.220446049250313e-16;

    private double[] _mean = [];
    private double[] _m2 = [];
    private double[] _standardDeviation = [];
    private double[] _scale = [];

    /// <summary>Gets the number of columns fitted; 0 before the first fit.</summary>
    public int Columns => _mean.Length;

    /// <summary>Gets the number of rows accumulated by <see cref="Fit{T}"/> and <see cref="PartialFit{T}"/>.</summary>
    public long Count { get; private set; }

    /// <summary>Gets the mean μ of each column.</summary>
    public ReadOnlySpan<double> Mean => _mean;

    /// <summary>Gets the population standard deviation σ = √(M₂/n) of each column.</summary>
    public ReadOnlySpan<double> StandardDeviation => _standardDeviation;

    /// <summary>Gets the divisor of each column: σ, or 1 for a zero-variance column.</summary>
    public ReadOnlySpan<double> Scale => _scale;

    /// <summary>Forgets any previous fit and computes each column's mean and standard deviation.</summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="data">The rows, row-major: element (r, c) at <c>data[r·columns + c]</c>. At least one row.</param>
    /// <param name="columns">The number of columns, at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="columns"/> is less than 1.</exception>
    /// <exception cref="ArgumentException"><paramref name="data"/> is empty, is not a whole number of rows, or holds a NaN or infinity.</exception>
    public void Fit<T>(ReadOnlySpan<T> data, int columns)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(data, columns);
        _mean = new double[columns];
        _m2 = new double[columns];
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
    /// <exception cref="ArgumentException">The column count differs from the fitted one, or <paramref name="data"/> is empty, ragged or not finite.</exception>
    public void PartialFit<T>(ReadOnlySpan<T> data, int columns)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (Columns == 0)
        {
            Fit(data, columns);
            return;
        }

        Check(data, columns);
        if (columns != Columns)
        {
            Guard.ThrowArgument(nameof(columns), $"columns is {columns}; this standardizer was fitted on {Columns}.");
        }

        Accumulate(data);
    }

    /// <summary>Standardizes rows in place: <c>x ← (x − μ) / scale</c>, column by column.</summary>
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
            destination[i] = T.CreateTruncating((double.CreateTruncating(source[i]) - _mean[c]) / _scale[c]);
        }
    }

    /// <summary>Undoes <see cref="Transform{T}(Span{T})"/> in place: <c>x ← z·scale + μ</c>.</summary>
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
            destination[i] = T.CreateTruncating((double.CreateTruncating(source[i]) * _scale[c]) + _mean[c]);
        }
    }

    private static void Check<T>(ReadOnlySpan<T> data, int columns)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ColumnData.CheckShape(data.Length, columns, nameof(data), nameof(columns));
        if (data.IsEmpty)
        {
            Guard.ThrowArgument(nameof(data), "data is empty; fitting needs at least one row.");
        }

        ColumnData.CheckFinite(data, nameof(data));
    }

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
                var delta = x - _mean[c];
                _mean[c] += delta / Count;
                _m2[c] += delta * (x - _mean[c]);
            }
        }

        for (var c = 0; c < columns; c++)
        {
            var sigma = Math.Sqrt(_m2[c] / Count);
            _standardDeviation[c] = sigma;
            _scale[c] = sigma == 0 || sigma <= 16 * MachineEpsilon * Math.Abs(_mean[c]) ? 1 : sigma;
        }
    }
}
