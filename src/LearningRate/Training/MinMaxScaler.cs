using LearningRate.Internal;

namespace LearningRate.Training;

/// <summary>
/// Min-max normalization of the columns of a row-major matrix into [<see cref="Min"/>, <see cref="Max"/>]
/// (default [0, 1]), as scikit-learn's <c>MinMaxScaler</c>:
/// <c>x' = Min + (x − min_c) · (Max − Min) / (max_c − min_c)</c>, with min_c and max_c the column's
/// extremes in the data given to <see cref="Fit{T}"/> (and <see cref="PartialFit{T}"/>).
/// </summary>
/// <remarks>
/// <b>Constant columns.</b> A column with max_c = min_c has its range taken as 1 (scikit-learn's rule), so
/// its fitted value maps to <see cref="Min"/> and nothing becomes NaN or infinite. Values outside the fitted
/// range map outside [Min, Max]; they are not clipped. Min-max scaling is sensitive to outliers (one extreme
/// value squeezes every other one); prefer <see cref="Standardizer"/> when the data has them.
/// </remarks>
public sealed class MinMaxScaler
{
    private double[] _dataMin = [];
    private double[] _dataMax = [];

    /// <summary>Initializes a scaler into [0, 1].</summary>
    public MinMaxScaler()
        : this(0, 1)
    {
    }

    /// <summary>Initializes a scaler into [<paramref name="min"/>, <paramref name="max"/>].</summary>
    /// <param name="min">The lower end of the target range.</param>
    /// <param name="max">The upper end of the target range, greater than <paramref name="min"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A bound is not finite, or <paramref name="max"/> is not greater than <paramref name="min"/>.</exception>
    public MinMaxScaler(double min, double max)
    {
        if (!double.IsFinite(min))
        {
            Guard.ThrowOutOfRange(nameof(min), min, "must be finite");
        }

        if (!double.IsFinite(max) || !(max > min))
        {
            Guard.ThrowOutOfRange(nameof(max), max, $"must be finite and greater than min ({min})");
        }

        Min = min;
        Max = max;
    }

    /// <summary>Gets the lower end of the target range.</summary>
    public double Min { get; }

    /// <summary>Gets the upper end of the target range.</summary>
    public double Max { get; }

    /// <summary>Gets the number of columns fitted; 0 before the first fit.</summary>
    public int Columns => _dataMin.Length;

    /// <summary>Gets the smallest value of each column in the fitted data.</summary>
    public ReadOnlySpan<double> DataMin => _dataMin;

    /// <summary>Gets the largest value of each column in the fitted data.</summary>
    public ReadOnlySpan<double> DataMax => _dataMax;

    /// <summary>Forgets any previous fit and records each column's extremes.</summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="data">The rows, row-major: element (r, c) at <c>data[r·columns + c]</c>. At least one row.</param>
    /// <param name="columns">The number of columns, at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="columns"/> is less than 1.</exception>
    /// <exception cref="ArgumentException"><paramref name="data"/> is empty, is not a whole number of rows, or holds a NaN or infinity.</exception>
    public void Fit<T>(ReadOnlySpan<T> data, int columns)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(data, columns);
        _dataMin = new double[columns];
        _dataMax = new double[columns];
        _dataMin.AsSpan().Fill(double.PositiveInfinity);
        _dataMax.AsSpan().Fill(double.NegativeInfinity);
        Accumulate(data);
    }

    /// <summary>Widens the fitted extremes with more rows (the first call behaves as <see cref="Fit{T}"/>).</summary>
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
            Guard.ThrowArgument(nameof(columns), $"columns is {columns}; this scaler was fitted on {Columns}.");
        }

        Accumulate(data);
    }

    /// <summary>Scales rows in place into [<see cref="Min"/>, <see cref="Max"/>].</summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="data">Rows with the fitted number of columns.</param>
    /// <exception cref="InvalidOperationException">The scaler has not been fitted.</exception>
    /// <exception cref="ArgumentException"><paramref name="data"/> is not a whole number of rows.</exception>
    public void Transform<T>(Span<T> data)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ColumnData.CheckTransform(data.Length, data.Length, Columns, nameof(data), nameof(data));
        Forward(data, data);
    }

    /// <summary>Writes the scaled rows of <paramref name="source"/> to <paramref name="destination"/>, which may be the same memory (in place) but must not otherwise overlap it.</summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="source">Rows with the fitted number of columns.</param>
    /// <param name="destination">The output, of the same length.</param>
    /// <exception cref="InvalidOperationException">The scaler has not been fitted.</exception>
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
            var x = double.CreateTruncating(source[i]);
            destination[i] = T.CreateTruncating(Min + ((x - _dataMin[c]) * (Max - Min) / Range(c)));
        }
    }

    /// <summary>Undoes <see cref="Transform{T}(Span{T})"/> in place: <c>x = min_c + (x' − Min) · (max_c − min_c) / (Max − Min)</c>.</summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="data">Scaled rows.</param>
    /// <exception cref="InvalidOperationException">The scaler has not been fitted.</exception>
    /// <exception cref="ArgumentException"><paramref name="data"/> is not a whole number of rows.</exception>
    public void InverseTransform<T>(Span<T> data)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ColumnData.CheckTransform(data.Length, data.Length, Columns, nameof(data), nameof(data));
        Inverse(data, data);
    }

    /// <summary>Writes the original-scale rows of scaled <paramref name="source"/> to <paramref name="destination"/>, which may be the same memory (in place) but must not otherwise overlap it.</summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="source">Scaled rows.</param>
    /// <param name="destination">The output, of the same length.</param>
    /// <exception cref="InvalidOperationException">The scaler has not been fitted.</exception>
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
            var y = double.CreateTruncating(source[i]);
            destination[i] = T.CreateTruncating(_dataMin[c] + ((y - Min) * Range(c) / (Max - Min)));
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

    private double Range(int column)
    {
        var range = _dataMax[column] - _dataMin[column];
        return range == 0 ? 1 : range;
    }

    private void Accumulate<T>(ReadOnlySpan<T> data)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var columns = Columns;
        for (var i = 0; i < data.Length; i++)
        {
            var c = i % columns;
            var x = double.CreateTruncating(data[i]);
            _dataMin[c] = Math.Min(_dataMin[c], x);
            _dataMax[c] = Math.Max(_dataMax[c], x);
        }
    }
}
