using LearningRate.Checkpoints;
using LearningRate.Internal;

namespace LearningRate.Training;

/// <summary>
/// Min-max normalization of the columns of a row-major matrix into [<see cref="Min"/>, <see cref="Max"/>]
/// (default [0, 1]), as scikit-learn's <c>MinMaxScaler</c>:
/// <c>x' = Min + (x − min_c) · (Max − Min) / (max_c − min_c)</c>, with min_c and max_c the column's
/// extremes in the data given to <see cref="Fit{T}"/> (and <see cref="PartialFit{T}"/>).
/// </summary>
/// <remarks>
/// <para>
/// <b>Constant columns.</b> A column whose range max_c − min_c is below 10·ε (ε = 2⁻⁵², the double machine
/// epsilon) has its range taken as 1, scikit-learn's rule, so its fitted values map to about <see cref="Min"/>
/// and nothing becomes NaN or infinite. scikit-learn applies the rule with the epsilon of the data's own type
/// (10·2⁻²³ ≈ 1.2·10⁻⁶ for float32 data); this class keeps its extremes in double and uses the double epsilon
/// for float data too, so a float column spanning less than 1.2·10⁻⁶ but more than 2.2·10⁻¹⁵ is stretched
/// here and left alone there. The transform computes <c>Min + (x − min_c)·(Max − Min)/range</c>, scikit-learn
/// <c>x·scale + (Min − min_c·scale)</c>: the results agree to rounding; subtracting min_c first keeps more
/// digits for columns far from 0.
/// </para>
/// <para>
/// <b>Values outside the fitted range</b> map outside [Min, Max] unless <see cref="Clip"/> is set. Min-max
/// scaling is sensitive to outliers (one extreme value squeezes every other one); prefer
/// <see cref="Standardizer"/> when the data has them.
/// </para>
/// <para>
/// <b>Missing values.</b> By default fitting refuses NaN (<see cref="ArgumentException"/>). With
/// <see cref="IgnoreNaN"/> a NaN is a missing value that the extremes skip; a column with no values at all has
/// NaN extremes. Infinities are refused either way. The transforms always pass a NaN through as NaN.
/// </para>
/// <para>
/// <b>Saving a fit.</b> <see cref="DataMin"/>, <see cref="DataMax"/>, <see cref="Min"/> and <see cref="Max"/> are
/// the whole transform: <see cref="MinMaxScaler(ReadOnlySpan{double}, ReadOnlySpan{double}, double, double)"/>
/// rebuilds a scaler from them that transforms bit for bit alike.
/// </para>
/// </remarks>
public sealed partial class MinMaxScaler : ICheckpointable
{
    // 2^-52, the gap between 1 and the next double (double.Epsilon is the smallest subnormal, not this).
    private const double MachineEpsilon = 2.220446049250313e-16;

    // NaN until a column sees its first value.
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

    /// <summary>
    /// Initializes a fitted scaler from saved extremes, typically the <see cref="DataMin"/> and <see cref="DataMax"/>
    /// of an earlier fit, into [<paramref name="min"/>, <paramref name="max"/>]. It transforms bit for bit as the
    /// original did, and <see cref="PartialFit{T}"/> widens its extremes as it would have widened the original's.
    /// </summary>
    /// <param name="dataMin">The smallest value of each column: finite, or NaN for a column fitted on no values.</param>
    /// <param name="dataMax">The largest value of each column, at least <paramref name="dataMin"/>; NaN exactly where it is NaN.</param>
    /// <param name="min">The lower end of the target range; default 0.</param>
    /// <param name="max">The upper end of the target range, greater than <paramref name="min"/>; default 1.</param>
    /// <exception cref="ArgumentException"><paramref name="dataMin"/> is empty or holds an infinity, or <paramref name="dataMax"/> has another length or a value below its minimum, infinite, or NaN where the minimum is not.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A bound is not finite, or <paramref name="max"/> is not greater than <paramref name="min"/>.</exception>
    public MinMaxScaler(ReadOnlySpan<double> dataMin, ReadOnlySpan<double> dataMax, double min = 0, double max = 1)
        : this(min, max)
    {
        ColumnData.CheckStatistics(dataMin, dataMax, nameof(dataMin), nameof(dataMax));
        for (var c = 0; c < dataMin.Length; c++)
        {
            if (double.IsInfinity(dataMin[c]))
            {
                Guard.ThrowArgument(nameof(dataMin), $"dataMin[{c}] is {dataMin[c]}; it must be finite (or NaN for a column fitted on no values).");
            }

            var valid = double.IsNaN(dataMin[c]) ? double.IsNaN(dataMax[c]) : double.IsFinite(dataMax[c]) && dataMax[c] >= dataMin[c];
            if (!valid)
            {
                Guard.ThrowArgument(nameof(dataMax), $"dataMax[{c}] is {dataMax[c]}; it must be finite and >= dataMin[{c}] ({dataMin[c]}), NaN only where dataMin is NaN.");
            }
        }

        _dataMin = dataMin.ToArray();
        _dataMax = dataMax.ToArray();
    }

    /// <summary>
    /// Gets a value indicating whether the transform clamps its results to [<see cref="Min"/>, <see cref="Max"/>]
    /// (scikit-learn's <c>clip</c>); default false, which lets values outside the fitted range map outside it.
    /// <see cref="InverseTransform{T}(Span{T})"/> never clips.
    /// </summary>
    public bool Clip { get; init; }

    /// <summary>
    /// Gets a value indicating whether fitting skips NaN values as missing (scikit-learn's behaviour) instead of
    /// refusing them; default false. Infinities are refused either way.
    /// </summary>
    public bool IgnoreNaN { get; init; }

    /// <summary>Gets the lower end of the target range.</summary>
    public double Min { get; }

    /// <summary>Gets the upper end of the target range.</summary>
    public double Max { get; }

    /// <summary>Gets the number of columns fitted; 0 before the first fit.</summary>
    public int Columns => _dataMin.Length;

    /// <summary>Gets the smallest value of each column in the fitted data (NaN for a column with no values).</summary>
    public ReadOnlySpan<double> DataMin => _dataMin;

    /// <summary>Gets the largest value of each column in the fitted data (NaN for a column with no values).</summary>
    public ReadOnlySpan<double> DataMax => _dataMax;

    /// <summary>Forgets any previous fit and records each column's extremes.</summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="data">The rows, row-major: element (r, c) at <c>data[r·columns + c]</c>. At least one row.</param>
    /// <param name="columns">The number of columns, at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="columns"/> is less than 1.</exception>
    /// <exception cref="ArgumentException"><paramref name="data"/> is empty, is not a whole number of rows, or holds an infinity or (unless <see cref="IgnoreNaN"/>) a NaN.</exception>
    public void Fit<T>(ReadOnlySpan<T> data, int columns)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ColumnData.CheckFitData(data, columns, IgnoreNaN, nameof(data), nameof(columns));
        _dataMin = new double[columns];
        _dataMax = new double[columns];
        _dataMin.AsSpan().Fill(double.NaN);
        _dataMax.AsSpan().Fill(double.NaN);
        Accumulate(data);
    }

    /// <summary>Widens the fitted extremes with more rows (the first call behaves as <see cref="Fit{T}"/>).</summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="data">More rows, row-major, with the fitted number of columns.</param>
    /// <param name="columns">The number of columns; must equal <see cref="Columns"/> once fitted.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="columns"/> is less than 1.</exception>
    /// <exception cref="ArgumentException">The column count differs from the fitted one, or <paramref name="data"/> is empty, ragged, or holds an infinity or (unless <see cref="IgnoreNaN"/>) a NaN.</exception>
    public void PartialFit<T>(ReadOnlySpan<T> data, int columns)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (Columns == 0)
        {
            Fit(data, columns);
            return;
        }

        ColumnData.CheckFitData(data, columns, IgnoreNaN, nameof(data), nameof(columns));
        if (columns != Columns)
        {
            Guard.ThrowArgument(nameof(columns), $"columns is {columns}; this scaler was fitted on {Columns}.");
        }

        Accumulate(data);
    }

    /// <summary>Scales rows in place into [<see cref="Min"/>, <see cref="Max"/>] (clamped there when <see cref="Clip"/> is set). NaN stays NaN.</summary>
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
            var y = Min + ((x - _dataMin[c]) * (Max - Min) / Range(c));
            destination[i] = T.CreateTruncating(Clip ? Math.Clamp(y, Min, Max) : y);   // Clamp keeps NaN
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

    private double Range(int column)
    {
        var range = _dataMax[column] - _dataMin[column];
        return range < 10 * MachineEpsilon ? 1 : range;   // NaN (no values) stays NaN
    }

    private void Accumulate<T>(ReadOnlySpan<T> data)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var columns = Columns;
        for (var i = 0; i < data.Length; i++)
        {
            var c = i % columns;
            var x = double.CreateTruncating(data[i]);
            if (double.IsNaN(x))
            {
                continue;   // a missing value (CheckFitData let it through only under IgnoreNaN)
            }

            if (x < _dataMin[c] || double.IsNaN(_dataMin[c]))
            {
                _dataMin[c] = x;
            }

            if (x > _dataMax[c] || double.IsNaN(_dataMax[c]))
            {
                _dataMax[c] = x;
            }
        }
    }
}
