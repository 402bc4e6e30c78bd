using LearningRate.Optimizers;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Storage;

namespace LearningRate.MathNet;

/// <summary>
/// Registers MathNet.Numerics dense vectors and matrices (float or double) with any LearningRate
/// optimizer or parameter group. The optimizer works directly on their storage arrays, with no copy:
/// a <c>Step()</c> changes the vector or matrix itself, and a gradient written in place by MathNet
/// (<c>x.TransposeThisAndMultiply(delta, gradient)</c>, <c>gradient.CopyFrom(...)</c>, <c>MapInplace</c>)
/// is what the next step reads.
/// </summary>
/// <remarks>
/// <para>
/// A matrix is registered as its column-major storage array (<c>DenseMatrix.Values</c>); every optimizer
/// in this library updates element-wise, so the layout does not change the result.
/// </para>
/// <para>
/// Keep the registered objects: an expression such as <c>w = w - lr * g</c> builds a <i>new</i> matrix that
/// the optimizer does not know. Write results into the registered gradient with MathNet's overloads
/// that take a result argument. Only dense storage can be registered; a sparse or diagonal matrix is
/// refused (convert it with <c>DenseMatrix.OfMatrix</c> and register the copy).
/// </para>
/// </remarks>
public static class MathNetParameters
{
    /// <summary>Registers a dense vector and its gradient in the optimizer's default group.</summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <typeparam name="TOptions">The optimizer's options record.</typeparam>
    /// <param name="optimizer">The optimizer.</param>
    /// <param name="name">A name unique within the optimizer.</param>
    /// <param name="value">The vector to optimize in place; dense storage.</param>
    /// <param name="gradient">Its gradient; dense storage, the same length.</param>
    /// <returns>The registered parameter, whose memory is the vector's storage array.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">A vector is not dense; the lengths differ; or the name or memory is already registered.</exception>
    public static Parameter<T> Add<T, TOptions>(this Optimizer<T, TOptions> optimizer, string name, Vector<T> value, Vector<T> gradient)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>, IEquatable<T>, IFormattable
        where TOptions : OptimizerOptions
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        return optimizer.Add(name, Storage(value, nameof(value)), Storage(gradient, nameof(gradient)));
    }

    /// <summary>Registers a dense matrix and its gradient in the optimizer's default group.</summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <typeparam name="TOptions">The optimizer's options record.</typeparam>
    /// <param name="optimizer">The optimizer.</param>
    /// <param name="name">A name unique within the optimizer.</param>
    /// <param name="value">The matrix to optimize in place; dense storage.</param>
    /// <param name="gradient">Its gradient; dense storage, the same shape.</param>
    /// <returns>The registered parameter, whose memory is the matrix's column-major storage array.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">A matrix is not dense; the shapes differ; or the name or memory is already registered.</exception>
    public static Parameter<T> Add<T, TOptions>(this Optimizer<T, TOptions> optimizer, string name, Matrix<T> value, Matrix<T> gradient)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>, IEquatable<T>, IFormattable
        where TOptions : OptimizerOptions
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        var (v, g) = Storages(value, gradient);
        return optimizer.Add(name, v, g);
    }

    /// <summary>Registers a dense vector and its gradient in a parameter group.</summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <typeparam name="TOptions">The optimizer's options record.</typeparam>
    /// <param name="group">The group (for example one with <c>WeightDecay = 0</c> for biases).</param>
    /// <param name="name">A name unique within the optimizer.</param>
    /// <param name="value">The vector to optimize in place; dense storage.</param>
    /// <param name="gradient">Its gradient; dense storage, the same length.</param>
    /// <returns>The registered parameter, whose memory is the vector's storage array.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">A vector is not dense; the lengths differ; or the name or memory is already registered.</exception>
    public static Parameter<T> Add<T, TOptions>(this ParameterGroup<T, TOptions> group, string name, Vector<T> value, Vector<T> gradient)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>, IEquatable<T>, IFormattable
        where TOptions : OptimizerOptions
    {
        ArgumentNullException.ThrowIfNull(group);
        return group.Add(name, Storage(value, nameof(value)), Storage(gradient, nameof(gradient)));
    }

    /// <summary>Registers a dense matrix and its gradient in a parameter group.</summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <typeparam name="TOptions">The optimizer's options record.</typeparam>
    /// <param name="group">The group.</param>
    /// <param name="name">A name unique within the optimizer.</param>
    /// <param name="value">The matrix to optimize in place; dense storage.</param>
    /// <param name="gradient">Its gradient; dense storage, the same shape.</param>
    /// <returns>The registered parameter, whose memory is the matrix's column-major storage array.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">A matrix is not dense; the shapes differ; or the name or memory is already registered.</exception>
    public static Parameter<T> Add<T, TOptions>(this ParameterGroup<T, TOptions> group, string name, Matrix<T> value, Matrix<T> gradient)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>, IEquatable<T>, IFormattable
        where TOptions : OptimizerOptions
    {
        ArgumentNullException.ThrowIfNull(group);
        var (v, g) = Storages(value, gradient);
        return group.Add(name, v, g);
    }

    private static Memory<T> Storage<T>(Vector<T> vector, string name)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>, IEquatable<T>, IFormattable
    {
        ArgumentNullException.ThrowIfNull(vector, name);
        if (vector.Storage is not DenseVectorStorage<T> dense)
        {
            throw new ArgumentException($"{name} has {vector.Storage.GetType().Name}; only dense vectors can be optimized in place (copy it with DenseVector.OfVector).", name);
        }

        return dense.Data.AsMemory(0, dense.Length);
    }

    private static (Memory<T> Value, Memory<T> Gradient) Storages<T>(Matrix<T> value, Matrix<T> gradient)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>, IEquatable<T>, IFormattable
    {
        var v = Storage(value, nameof(value));
        var g = Storage(gradient, nameof(gradient));
        if (gradient.RowCount != value.RowCount || gradient.ColumnCount != value.ColumnCount)
        {
            throw new ArgumentException($"gradient is {gradient.RowCount}×{gradient.ColumnCount}; expected {value.RowCount}×{value.ColumnCount}, the shape of value.", nameof(gradient));
        }

        return (v, g);
    }

    private static Memory<T> Storage<T>(Matrix<T> matrix, string name)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>, IEquatable<T>, IFormattable
    {
        ArgumentNullException.ThrowIfNull(matrix, name);
        if (matrix.Storage is not DenseColumnMajorMatrixStorage<T> dense)
        {
            throw new ArgumentException($"{name} has {matrix.Storage.GetType().Name}; only dense matrices can be optimized in place (copy it with DenseMatrix.OfMatrix).", name);
        }

        return dense.Data.AsMemory(0, dense.RowCount * dense.ColumnCount);
    }
}
