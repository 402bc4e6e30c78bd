using BenchmarkDotNet.Attributes;
using LearningRate.Kernels.Simd;
using MathNet.Numerics.LinearAlgebra;

namespace LearningRate.Benchmarks;

/// <summary>
/// The matrix product behind Muon's Newton–Schulz iteration, <c>RowMatrix.Multiply</c> (a blocked i-k-j product whose
/// bits do not depend on the SIMD width), against MathNet.Numerics' managed provider (<c>Matrix.Multiply</c> into a
/// preallocated result: the baseline), on the products one iteration computes for an A×B weight with r = min(A, B),
/// s = max(A, B): X·Xᵀ is r×s times s×r. Both on one core (MathNet's provider is told to use one thread), float.
/// </summary>
/// <remarks>
/// <code>
/// dotnet run -c Release --project benchmarks/LearningRate.Benchmarks -- --filter '*MatrixProductBenchmarks*' --inProcess
/// </code>
/// </remarks>
[MemoryDiagnoser]
public class MatrixProductBenchmarks
{
    private float[] _left = [];
    private float[] _right = [];
    private float[] _result = [];
    private Matrix<float> _leftMatrix = null!;
    private Matrix<float> _rightMatrix = null!;
    private Matrix<float> _resultMatrix = null!;

    /// <summary>Gets or sets the weight's shape, "rows×columns"; the product is r×s times s×r.</summary>
    [Params("256x256", "1024x256", "1024x1024", "4096x1024")]
    public string Shape { get; set; } = "256x256";

    private int R => Math.Min(Rows, Columns);

    private int S => Math.Max(Rows, Columns);

    private int Rows => int.Parse(Shape.Split('x')[0], System.Globalization.CultureInfo.InvariantCulture);

    private int Columns => int.Parse(Shape.Split('x')[1], System.Globalization.CultureInfo.InvariantCulture);

    [GlobalSetup]
    public void Setup()
    {
        global::MathNet.Numerics.Control.UseManaged();
        global::MathNet.Numerics.Control.MaxDegreeOfParallelism = 1;
        var random = new Random(42);
        _left = [.. Enumerable.Range(0, R * S).Select(_ => (float)(random.NextDouble() - 0.5))];
        _right = [.. Enumerable.Range(0, S * R).Select(_ => (float)(random.NextDouble() - 0.5))];
        _result = new float[R * R];

        // MathNet stores column-major: the same row-major data is the transpose, so Rᵀ·Lᵀ = (L·R)ᵀ is the same product.
        _leftMatrix = Matrix<float>.Build.Dense(R, S, _right);
        _rightMatrix = Matrix<float>.Build.Dense(S, R, _left);
        _resultMatrix = Matrix<float>.Build.Dense(R, R);
    }

    [Benchmark(Baseline = true)]
    public Matrix<float> MathNet()
    {
        _leftMatrix.Multiply(_rightMatrix, _resultMatrix);
        return _resultMatrix;
    }

    [Benchmark]
    public float[] RowMatrix()
    {
        LearningRate.Kernels.Simd.RowMatrix.Multiply<float>(_left, _right, _result, R, S, R);
        return _result;
    }
}
